"""Forms for bank uploads and question error reports."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

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


class UploadBankForm(FlaskForm):
    file = FileField(_l("题库文件"), validators=[
        FileRequired(_l("请选择要上传的文件")),
        FileAllowed(["xlsx", "yaml", "yml", "gift", "txt"],
                    _l("只支持 Excel（.xlsx）、GIFT（.gift/.txt）和 YAML 文件")),
    ])
    code = StringField(_l("题型代码"), validators=[Optional(), Length(max=64)], description=_l(
        "小写字母、数字和“-”，如 jh01-campus-safety；YAML 文件可不填"))
    name = StringField(_l("题型名称"), validators=[Optional(), Length(max=100)])
    summary = TextAreaField(_l("题型简介"), validators=[Optional(), Length(max=500)])
