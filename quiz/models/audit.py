"""The staff audit log: one row per staff action that changed or exported data.

Written by quiz.audit.record() in the action's own transaction; read on the admin audit pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.org import School, StaffUser
from quiz.models.types import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """A staff action that changed or exported data: who, when, what, in whose scope.

    `school_id` is the scope the action belongs to (None: the city), which decides who may read
    the entry: the bureau reads all, a school admin their school's.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[StaffUser] = relationship()
    school: Mapped[School | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action}>"
