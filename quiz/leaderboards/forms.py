"""The season form (bureau): a name and a first and last day, the last not before the first."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from quiz.date_bounds import InBounds
from quiz.i18n import lazy_gettext as _l
from quiz.rankings.rules import Season


class SeasonForm(FlaskForm):
    name = StringField(_l("名称"), validators=[
        DataRequired(_l("请填写赛季名称，如 2026秋季学期")),
        Length(max=50, message=_l("最多 50 个字"))])
    starts_on = DateField(_l("第一天"), validators=[DataRequired(_l("请填写日期，如 2026-09-01")),
                                                  InBounds()])
    ends_on = DateField(_l("最后一天"), validators=[DataRequired(_l("请填写日期，如 2027-01-31")),
                                                  InBounds()])

    def validate_ends_on(self, field) -> None:
        if self.starts_on.data is None or field.data is None:
            return
        season = Season(self.name.data or "", self.starts_on.data, field.data)
        if "ends_before_starts" in season.check():
            raise ValidationError(_l("最后一天不能早于第一天"))


class SeasonCountForm(FlaskForm):
    """One contest in or out of a season (the buttons of the season page)."""

    counts = HiddenField(validators=[AnyOf(("0", "1"), _l("只能选择计入或不计入"))])
