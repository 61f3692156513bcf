"""Forms for the volunteer pages; the checks themselves live in `quiz.volunteers.rules`."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from quiz.date_bounds import InBounds
from quiz.i18n import lazy_gettext as _l
from quiz.models.volunteers import ACTIVITY_KIND_LABELS, ActivityKind
from quiz.volunteers import rules


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def process_formdata(self, valuelist) -> None:
        self.data = list(valuelist)  # ids as strings; none ticked is an empty list

    def pre_validate(self, form) -> None:
        """Ids are checked by the rules (another school's student gets its own message)."""


class LenientIntegerField(IntegerField):
    """An integer field whose "not a number" message is ours, in Chinese."""

    def __init__(self, *args, invalid_message=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist) -> None:
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError(str(self.invalid_message)) from None
        else:
            self.data = None


class ChineseDateField(DateField):
    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("日期格式不对，请按 2026-10-01 的格式填写。"))) from None


class ActivityForm(FlaskForm):
    today = None  # the city's date today; set by the view before validating
    kind = SelectField(_l("活动类型"), choices=[
        SelectChoice(k.value, ACTIVITY_KIND_LABELS[k]) for k in ActivityKind],
        validate_choice=False, validators=[InputRequired(_l("请选择活动类型"))])
    occurred_on = ChineseDateField(_l("活动日期"), validators=[
        InputRequired(_l("请填写活动日期")), InBounds()])
    place = StringField(_l("地点"), validators=[
        DataRequired(_l("请填写活动地点")),
        Length(max=rules.PLACE_MAX, message=_l("地点最多 100 个字"))])
    hours = StringField(_l("每人时长（小时）"), validators=[
        DataRequired(_l("请填写时长（小时），例如 2 或 1.5。"))],
        render_kw={"inputmode": "decimal"})
    people_reached = LenientIntegerField(
        _l("覆盖人数"), invalid_message=_l("覆盖人数请填整数，例如 30。"),
        validators=[InputRequired(_l("请填写覆盖人数（没有就填 0）"))],
        render_kw={"inputmode": "numeric"})
    app_installs = LenientIntegerField(
        _l("帮助安装注册国家反诈中心App（人）"),
        invalid_message=_l("安装注册人数请填整数，没有就填 0。"), default=0,
        validators=[Optional()], render_kw={"inputmode": "numeric"})
    participants = MultiCheckboxField(_l("参与的志愿者"), choices=[], coerce=str)
    description = TextAreaField(_l("活动内容"), validators=[
        Length(max=rules.DESCRIPTION_MAX, message=_l("活动内容最多 1000 个字"))])

    def validate_kind(self, field) -> None:
        if field.data not in {k.value for k in ActivityKind}:
            raise ValidationError(str(_l("请从列表中选择活动类型。")))

    def validate_occurred_on(self, field) -> None:
        problem = rules.check_date(field.data, self.today)
        if problem:
            raise ValidationError(problem)

    def validate_hours(self, field) -> None:
        problem = rules.check_hours((field.data or "").strip())
        if problem:
            raise ValidationError(problem)

    def validate_people_reached(self, field) -> None:
        if field.process_errors:  # not a number: that message says it already
            return
        problem = rules.check_people_reached(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_app_installs(self, field) -> None:
        if field.process_errors:
            return
        if field.data is None:
            field.data = 0
        problem = rules.check_app_installs(field.data, self.people_reached.data)
        if problem:
            raise ValidationError(problem)

    def participant_ids(self) -> list[int] | None:
        """The chosen ids, or None when one is not a number (a tampered form)."""
        try:
            return [int(v) for v in self.participants.data or []]
        except (TypeError, ValueError):
            return None


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("退回原因"), validators=[
        DataRequired(_l("请写明退回的原因，学生会看到它并据此修改。")),
        Length(max=rules.REASON_MAX, message=_l("原因不能超过 200 个字。"))])
    version = HiddenField()


class ReviewForm(FlaskForm):
    """Approve: the version is the activity's updated_at when the page was drawn, so a teacher
    never approves a version they did not see."""

    version = HiddenField()


class AddMembersForm(FlaskForm):
    students = MultiCheckboxField(_l("添加学生"), choices=[], coerce=str)
