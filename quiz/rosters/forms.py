"""Forms for uploading a roster and confirming its import."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired

from quiz.i18n import lazy_gettext as _l

ALLOWED_EXTENSIONS = ("csv", "xlsx")


class UploadForm(FlaskForm):
    file = FileField(
        _l("名单文件（.csv 或 .xlsx）"),
        validators=[
            FileRequired(_l("请选择要导入的名单文件。")),
            FileAllowed(ALLOWED_EXTENSIONS, _l("只能上传 .csv 或 .xlsx 文件。")),
        ],
        render_kw={"accept": ".csv,.xlsx,text/csv,"
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    )
