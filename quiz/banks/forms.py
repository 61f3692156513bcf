"""Forms for question error reports."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from quiz.banks.reports import REASON_LABELS
from quiz.i18n import lazy_gettext as _l


class ReportForm(FlaskForm):
    reason = RadioField(_l("问题类型"), choices=[
        SelectChoice(reason.value, label) for reason, label in REASON_LABELS.items()],
        validators=[DataRequired(_l("请选择问题类型"))])
    text = TextAreaField(_l("说明"), validators=[Length(max=500, message=_l("最多 500 字"))])


class CloseReportsForm(FlaskForm):
    reply = TextAreaField(_l("回复"), validators=[
        DataRequired(_l("请填写回复")), Length(max=500, message=_l("最多 500 字"))])
