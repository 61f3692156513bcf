"""Flask-Login wiring: one session for two kinds of account.

Login ids are "kind:id:version" (quiz.auth.ids): the kind because staff and students live in
different tables and may share numeric ids, the version so that a password change, a reset or
退出所有设备 ends every older session and remember cookie.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import Flask, abort
from flask_login import current_user, login_required

from quiz.auth.ids import parse_session_id, session_is_current
from quiz.auth.throttle import init_backoff
from quiz.extensions import db, login_manager
from quiz.i18n import lazy_gettext
from quiz.models import Role, StaffUser, Student


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.student_login"
    login_manager.login_message = lazy_gettext("请先登录。")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    init_backoff(app)


__all__ = ["init_login", "is_staff", "load_user", "roles_required", "session_is_current",
           "staff_required", "student_required"]


@login_manager.user_loader
def load_user(session_id: str) -> Any:
    """The account behind a session or remember cookie, if its version is still current."""
    login = parse_session_id(session_id)
    if login is None:
        return None
    model = StaffUser if login.kind == "staff" else Student
    user = db.session.get(model, login.user_id)
    if user is None or not user.active:
        return None
    return user if session_is_current(user.id, login.version, user.session_version) else None


def is_staff(user: Any) -> bool:
    return isinstance(user, StaffUser)


def roles_required(*roles: Role):
    """Allow only logged-in users with one of `roles` (students have Role.STUDENT)."""
    allowed = {Role(r) for r in roles}

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if Role(current_user.role) not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_required = roles_required(Role.BUREAU_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER)
student_required = roles_required(Role.STUDENT)
