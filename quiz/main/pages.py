"""What the home pages show beyond what other features provide: class sizes for staff, students
per school for the bureau."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quiz.models import Student


def class_sizes(session: Session, class_ids: list[int]) -> dict[int, int]:
    """Class id -> active students, for the classes on a staff member's home."""
    if not class_ids:
        return {}
    rows = session.execute(
        select(Student.class_id, func.count(Student.id))
        .where(Student.class_id.in_(class_ids), Student.active.is_(True))
        .group_by(Student.class_id)
    )
    return dict(rows.all())


def students_per_school(session: Session) -> dict[int, int]:
    """School id -> students (active or not), for the bureau's home."""
    return dict(session.execute(
        select(Student.school_id, func.count(Student.id)).group_by(Student.school_id)
    ).all())
