"""Login pages, logout, 退出所有设备 and the change-password page.

Failed logins back off per (account, address) (quiz.auth.throttle), and are limited only
loosely per address: a whole school logs in through one NAT address when a contest starts.
The account key comes from the same fields the password check reads, whatever else a form
carries.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from quiz import clock
from quiz.auth import identity
from quiz.auth.accounts import change_password as replace_password
from quiz.auth.accounts import end_all_sessions
from quiz.auth.backoff import describe_wait
from quiz.auth.forms import ChangePasswordForm, StaffLoginForm, StudentLoginForm
from quiz.auth.login import LoginOutcome, attempt_login
from quiz.auth.redirects import safe_next_url
from quiz.auth.service import authenticate_staff, authenticate_student
from quiz.extensions import db, limiter
from quiz.forms import ConfirmForm
from quiz.i18n import _
from quiz.i18n import lazy_gettext as _l
from quiz.models import StaffUser
from quiz.security_headers import mark_no_store

bp = Blueprint("auth", __name__)

BAD_LOGIN = _l("账号或密码不正确。")
# Where an account that must change its password may still go.
_OPEN_WHILE_CHANGING = {"auth.change_password", "auth.logout", "auth.logout_everywhere",
                        "static", "main.healthz"}


def _address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_LIMIT"]


_address_throttle = limiter.limit(_address_limit, methods=["POST"])


def wait_message(seconds: int, *, for_staff: bool = False) -> str:
    number, unit = describe_wait(seconds)
    if for_staff:
        return _("这个账号在当前网络下登录失败次数过多，请 %(n)s %(unit)s后再试，"
                 "或请系统管理员解除等待。", n=number, unit=unit)
    return _("这个账号在当前网络下登录失败次数过多，请 %(n)s %(unit)s后再试，"
             "或请老师解除等待、重置密码。", n=number, unit=unit)


@bp.errorhandler(429)
def too_many_attempts(error):
    """The address limit: keep the user on the login form, with the reason by the password."""
    is_staff = request.endpoint == "auth.staff_login"
    form = StaffLoginForm() if is_staff else StudentLoginForm()
    form.password.errors = [_("这个网络的登录请求过多，请稍后再试。")]
    return _login_page(form, is_staff), 429


@bp.before_app_request
def require_password_change():
    """An account with a password someone else knows goes to the change page first.

    The API is left to its `authenticated` check, which answers 403 `password_change_required`
    for a token or a session alike; asking here would load the session's user on calls that
    authenticate by token, and static files need no user at all.
    """
    if request.endpoint in _OPEN_WHILE_CHANGING or request.path.startswith("/api/"):
        return None
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    return redirect(url_for("auth.change_password", next=request.full_path.rstrip("?")))


@bp.route("/login", methods=["GET", "POST"])
@_address_throttle
def student_login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = StudentLoginForm()
    if not form.validate_on_submit():
        return _login_page(form, False)
    outcome = attempt_login(
        identity.student_account_key(form.school.data, form.student_no.data),
        lambda: authenticate_student(form.school.data, form.student_no.data,
                                     form.password.data))
    remember = current_app.config["STUDENT_REMEMBER_ME"] and form.remember.data
    return _after_attempt(outcome, form, False, remember=bool(remember))


@bp.route("/staff/login", methods=["GET", "POST"])
@_address_throttle
def staff_login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = StaffLoginForm()
    if not form.validate_on_submit():
        return _login_page(form, True)
    outcome = attempt_login(
        identity.staff_account_key(form.username.data),
        lambda: authenticate_staff(form.username.data, form.password.data))
    return _after_attempt(outcome, form, True, remember=bool(form.remember.data))


def _after_attempt(outcome: LoginOutcome, form, is_staff: bool, *, remember: bool):
    if outcome.user is None:
        db.session.rollback()
        if outcome.refused:
            form.password.errors = [wait_message(outcome.wait_seconds, for_staff=is_staff)]
            response = current_app.make_response((_login_page(form, is_staff), 429))
            response.headers["Retry-After"] = str(outcome.wait_seconds)
            return response
        form.password.errors = [str(BAD_LOGIN)]
        if outcome.wait_seconds:
            form.password.errors.append(wait_message(outcome.wait_seconds, for_staff=is_staff))
        return _login_page(form, is_staff)
    db.session.commit()
    login_user(outcome.user, remember=remember)
    target = safe_next_url(request.args.get("next")) or url_for("main.home")
    if outcome.user.must_change_password:
        return redirect(url_for("auth.change_password", next=target))
    return redirect(target)


def _login_page(form, is_staff: bool):
    if is_staff:
        return render_template("auth/staff_login.html", form=form)
    return render_template("auth/student_login.html", form=form,
                           offer_remember=current_app.config["STUDENT_REMEMBER_ME"])


@bp.post("/logout")
def logout():
    # Flask-Login also deletes the remember cookie of this browser.
    logout_user()
    flash(_("已退出登录。"), "info")
    return redirect(url_for("auth.student_login"))


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere():
    """End every session, remember cookie and API token of the account, this one included."""
    if not ConfirmForm().validate_on_submit():
        flash(_("页面已过期，请刷新后重试。"), "error")
        return redirect(url_for("auth.change_password"))
    user = current_user._get_current_object()
    is_staff = isinstance(user, StaffUser)
    end_all_sessions(db.session, user, clock.now())
    db.session.commit()
    logout_user()
    flash(_("已在所有设备上退出登录，请重新登录。"), "info")
    return redirect(url_for("auth.staff_login" if is_staff else "auth.student_login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Any logged-in user changes their password here (current one required); an account
    that must change it is sent here until it has."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        problem = replace_password(db.session, user, form.current_password.data,
                                   form.new_password.data, clock.now())
        if problem is None:
            db.session.commit()
            # The new session version ended every other login; this browser stays in.
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            login_user(user, remember=remembered in request.cookies)
            flash(_("密码已修改。其他设备上的登录已全部退出。"), "success")
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.home"))
        db.session.rollback()
        field, message = problem
        getattr(form, field).errors = [message]
    mark_no_store()
    return render_template("auth/change_password.html", form=form, logout_form=ConfirmForm(),
                           required=current_user.must_change_password)
