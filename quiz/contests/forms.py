"""The contest form: window in the city's time zone, scope by role, draw rules as rows."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from quiz.contests.rules.scoring import MAX_POINTS, MIN_POINTS
from quiz.date_bounds import InBounds
from quiz.i18n import lazy_gettext as _l

RULE_ROWS = 6


_points_range = NumberRange(MIN_POINTS, MAX_POINTS, _l("每题 %(min)s 到 %(max)s 分"))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class DrawRuleForm(Form):
    scam_type = SelectField(_l("题型"), choices=[], validate_choice=False)
    count = IntegerField(_l("题数"), validators=[Optional(), NumberRange(1, 100, _l("1 到 100"))])
    easy = BooleanField(_l("易"), default=True)
    medium = BooleanField(_l("中"), default=True)
    hard = BooleanField(_l("难"), default=True)

    def difficulties(self) -> tuple[int, ...]:
        return tuple(d for d, on in ((1, self.easy.data), (2, self.medium.data),
                                     (3, self.hard.data)) if on)


class ContestForm(FlaskForm):
    title = StringField(_l("竞赛名称"), validators=[
        DataRequired(_l("请填写竞赛名称")), Length(max=100, message=_l("最多 100 个字"))])
    description = TextAreaField(_l("说明（可选）"), validators=[Length(max=2000)])
    city_wide = BooleanField(_l("全市所有学校"))
    schools = MultiCheckboxField(_l("参赛学校"), choices=[], coerce=str, validate_choice=False)
    grades = MultiCheckboxField(_l("年级（不选表示全部）"), choices=[], coerce=int,
                                validate_choice=False)
    classes = MultiCheckboxField(_l("班级（不选表示所选年级的全部班级）"), choices=[], coerce=int,
                                 validate_choice=False)
    opens_at = DateTimeLocalField(_l("开始时间"), format="%Y-%m-%dT%H:%M",
                                  validators=[InputRequired(_l("请填写开始时间")), InBounds()])
    closes_at = DateTimeLocalField(_l("结束时间"), format="%Y-%m-%dT%H:%M",
                                   validators=[InputRequired(_l("请填写结束时间")), InBounds()])
    duration_minutes = IntegerField(_l("答题时长（分钟）"), default=15, validators=[
        InputRequired(_l("请填写答题时长")), NumberRange(1, 180, _l("1 到 180 分钟"))])
    rules = FieldList(FormField(DrawRuleForm), min_entries=RULE_ROWS, max_entries=RULE_ROWS)
    paper = SelectField(_l("组卷方式"), choices=[
        SelectChoice("shared", _l("同一套题，每人顺序不同")),
        SelectChoice("per_student", _l("每人单独抽题"))])
    shuffle_options = BooleanField(_l("打乱选项顺序"), default=True)
    max_attempts = IntegerField(_l("每人可答次数"), default=1, validators=[
        InputRequired(), NumberRange(1, 10, _l("1 到 10 次"))])
    reveal = SelectField(_l("何时公布答案和解析"), choices=[
        SelectChoice("after_finish", _l("交卷后立即")),
        SelectChoice("after_close", _l("竞赛结束后"))])
    points_easy = IntegerField(_l("易题分值"), default=5, validators=[InputRequired(),
                                                                  _points_range])
    points_medium = IntegerField(_l("中题分值"), default=10, validators=[InputRequired(),
                                                                    _points_range])
    points_hard = IntegerField(_l("难题分值"), default=15, validators=[InputRequired(),
                                                                  _points_range])
    counts_in_season = BooleanField(_l("计入赛季排名"))  # shown to the bureau only


def to_utc(local: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A datetime-local value, read in the city's zone, as an aware UTC datetime."""
    if local is None:
        return None
    return local.replace(tzinfo=zone).astimezone(UTC)


def to_local(value: datetime, zone: ZoneInfo) -> datetime:
    return value.astimezone(zone).replace(tzinfo=None)
