"""What happens to an account's credentials: ending its sessions, resets, password changes.

Every way a password is replaced goes through here, so that each one also ends the sessions,
remember cookies and API tokens made with the old one. Functions change rows; the caller
commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from quiz.i18n import _
from quiz.models import ApiToken, StaffUser, Student
from quiz.passwords import make_initial_password, password_problem


def end_all_sessions(session: Session, user: StaffUser | Student, now: datetime) -> None:
    """Log the account out everywhere: a new session version (older login ids, in session
    and remember cookies, stop loading) and every live API token revoked."""
    user.session_version = (user.session_version or 0) + 1
    if user.id is None:  # not yet written: it has no sessions or tokens
        return
    owner = ApiToken.staff_id if isinstance(user, StaffUser) else ApiToken.student_id
    session.execute(
        update(ApiToken).where(owner == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now).execution_options(synchronize_session=False))


def give_initial_password(session: Session, student: Student, now: datetime,
                          password: str | None = None) -> str:
    """Set a password someone else knows (generated, or from a roster): the student must
    replace it at their next login, and whoever was logged in with the old one is logged out.
    Returns the password, to be shown once."""
    password = password or make_initial_password()
    student.set_password(password)
    student.must_change_password = True
    end_all_sessions(session, student, now)
    return password


def change_password(session: Session, user: Any, current: str, new: str, now: datetime
                    ) -> tuple[str, str] | None:
    """Replace the user's password with one they chose, or say why not: (field, message)."""
    if not user.check_password(current):
        return "current_password", _("当前密码不正确。")
    problem = password_problem(new, current=current)
    if problem is not None:
        return "new_password", problem
    user.set_password(new)
    user.must_change_password = False
    end_all_sessions(session, user, now)
    return None
