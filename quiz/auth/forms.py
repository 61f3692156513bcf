"""Login forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from quiz.i18n import lazy_gettext as _l
from quiz.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


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
    # Shown only when QUIZ_STUDENT_REMEMBER_ME is on; ignored otherwise.
    remember = BooleanField(_l("在这台设备上保持登录"), default=False)


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
    remember = BooleanField(_l("在这台设备上保持登录（公用电脑请勿勾选）"), default=False)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("当前密码"),
        validators=[DataRequired(_l("请填写当前密码")), Length(max=128, message=_l("密码过长"))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("新密码"),
        validators=[
            DataRequired(_l("请填写新密码")),
            Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
                   message=_l("新密码应为 %(min)s 到 %(max)s 个字符",
                              min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)),
        ],
        render_kw={"autocomplete": "new-password", "minlength": MIN_PASSWORD_LENGTH},
    )
    confirm_password = PasswordField(
        _l("再次输入新密码"),
        validators=[DataRequired(_l("请再次输入新密码")),
                    EqualTo("new_password", message=_l("两次输入的新密码不一致"))],
        render_kw={"autocomplete": "new-password"},
    )
