"""Login pages. Failed logins are throttled per account, and only loosely per address:
a whole school logs in through one NAT address when a contest starts."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from quiz.auth.forms import StaffLoginForm, StudentLoginForm
from quiz.auth.service import authenticate_staff, authenticate_student
from quiz.extensions import db, limiter
from quiz.i18n import _
from quiz.i18n import lazy_gettext as _l

bp = Blueprint("auth", __name__)

BAD_LOGIN = _l("账号或密码不正确。")


def _account_key() -> str:
    form = request.form
    if "username" in form:
        return "login:staff:" + form.get("username", "").strip().lower()[:64]
    school = form.get("school", "").strip().upper()[:20]
    return f"login:student:{school}:{form.get('student_no', '').strip()[:32]}"


def _login_failed(_response) -> bool:
    return bool(g.get("login_failed"))


def _address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_LIMIT"]


login_throttle = [
    limiter.limit(_address_limit, methods=["POST"]),
    limiter.limit(_account_limit, key_func=_account_key, methods=["POST"],
                  deduct_when=_login_failed),
]


def _throttled(view):
    for decorator in login_throttle:
        view = decorator(view)
    return view


def _safe_next() -> str | None:
    target = request.args.get("next", "")
    # Only same-site paths: an open redirect would let a phishing link borrow our login page.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.errorhandler(429)
def too_many_attempts(error):
    """Keep the student on the login form, with the reason next to the password."""
    is_staff = request.endpoint == "auth.staff_login"
    form = StaffLoginForm() if is_staff else StudentLoginForm()
    form.password.errors = [_("这个账号登录失败次数过多，请几分钟后再试，或请老师重置密码。")]
    template = "auth/staff_login.html" if is_staff else "auth/student_login.html"
    return render_template(template, form=form), 429


@bp.route("/login", methods=["GET", "POST"])
@_throttled
def student_login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = StudentLoginForm()
    if form.validate_on_submit():
        student = authenticate_student(form.school.data, form.student_no.data, form.password.data)
        if student is not None:
            db.session.commit()
            login_user(student, remember=True)
            return redirect(_safe_next() or url_for("main.home"))
        g.login_failed = True
        form.password.errors.append(str(BAD_LOGIN))
    return render_template("auth/student_login.html", form=form)


@bp.route("/staff/login", methods=["GET", "POST"])
@_throttled
def staff_login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = StaffLoginForm()
    if form.validate_on_submit():
        staff = authenticate_staff(form.username.data, form.password.data)
        if staff is not None:
            db.session.commit()
            login_user(staff)
            return redirect(_safe_next() or url_for("main.home"))
        g.login_failed = True
        form.password.errors.append(str(BAD_LOGIN))
    return render_template("auth/staff_login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("已退出登录。"), "info")
    return redirect(url_for("auth.student_login"))
