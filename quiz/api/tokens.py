"""Bearer tokens: issued at login, stored only as a SHA-256 hash, revocable, expiring."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from quiz.models import ApiToken, StaffUser, Student


def digest(token: str) -> str:
    """What is stored of a token: its SHA-256, as hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


_digest = digest


def issue(session: Session, user: StaffUser | Student, now: datetime, lifetime: timedelta
          ) -> tuple[str, ApiToken]:
    token = secrets.token_urlsafe(32)
    row = ApiToken(token_hash=_digest(token), created_at=now, expires_at=now + lifetime,
                   staff_id=user.id if isinstance(user, StaffUser) else None,
                   student_id=user.id if isinstance(user, Student) else None)
    session.add(row)
    return token, row


def user_for(session: Session, token: str, now: datetime) -> Any:
    """The active user behind a live token, or None: the token and its user in one query."""
    found = session.execute(_USER_QUERY, {"token_hash": digest(token)}).first()
    if found is None:
        return None
    revoked_at, expires_at, staff, student = found
    if revoked_at is not None or expires_at <= now:
        return None
    user = staff if staff is not None else student
    return user if user is not None and user.active else None


# Built once: every API request runs it. The token's columns, not the row as an object.
_USER_QUERY = (
    select(ApiToken.revoked_at, ApiToken.expires_at, StaffUser, Student)
    .outerjoin(StaffUser, StaffUser.id == ApiToken.staff_id)
    .outerjoin(Student, Student.id == ApiToken.student_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def revoke(session: Session, token: str, now: datetime) -> bool:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now
    return True
