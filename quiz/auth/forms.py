"""Login forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from quiz.i18n import lazy_gettext as _l


class StudentLoginForm(FlaskForm):
    school = StringField(
        _l("学校代码"),
        validators=[DataRequired(_l("请填写学校代码")), Length(max=20, message=_l("学校代码过长"))],
        render_kw={"autocomplete": "organization", "autocapitalize": "characters"},
    )
    student_no = StringField(
        _l("学号"),
        validators=[
            DataRequired(_l("请填写学号")),
            Length(max=32, message=_l("学号过长")),
            Regexp(r"^[0-9A-Za-z-]+$", message=_l("学号只能包含数字、字母和短横线")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "username"},
    )
    password = PasswordField(
        _l("密码"),
        validators=[DataRequired(_l("请填写密码")), Length(max=128, message=_l("密码过长"))],
        render_kw={"autocomplete": "current-password"},
    )


class StaffLoginForm(FlaskForm):
    username = StringField(
        _l("用户名"),
        validators=[DataRequired(_l("请填写用户名")), Length(max=64, message=_l("用户名过长"))],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("密码"),
        validators=[DataRequired(_l("请填写密码")), Length(max=128, message=_l("密码过长"))],
        render_kw={"autocomplete": "current-password"},
    )
