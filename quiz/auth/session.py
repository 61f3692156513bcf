"""Flask-Login wiring: one session for two kinds of account.

Session ids are prefixed ("staff:3", "student:41") because staff and students live in different
tables and may share numeric ids.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import Flask, abort
from flask_login import current_user, login_required

from quiz.extensions import db, login_manager
from quiz.i18n import lazy_gettext
from quiz.models import Role, StaffUser, Student


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.student_login"
    login_manager.login_message = lazy_gettext("请先登录。")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(session_id: str) -> Any:
    kind, _, raw_id = session_id.partition(":")
    if not raw_id.isdigit():
        return None
    model = {"staff": StaffUser, "student": Student}.get(kind)
    if model is None:
        return None
    user = db.session.get(model, int(raw_id))
    return user if user is not None and user.active else None


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
