"""What the student's contest pages show: their finished attempts, a contest by its join code
(the contests open to them are quiz.contests.open_contests.open_contests_for)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.models import Attempt, Contest, Student


def finished_attempts_of(session: Session, student: Student,
                         limit: int = 20) -> list[tuple[Attempt, Contest]]:
    """A student's finished attempts with their contests, the latest first, for their home."""
    rows = session.execute(
        select(Attempt, Contest).join(Contest, Contest.id == Attempt.contest_id)
        .where(Attempt.student_id == student.id, Attempt.finished_at.is_not(None))
        .order_by(Attempt.finished_at.desc()).limit(limit))
    return [(attempt, contest) for attempt, contest in rows]


def contest_by_join_code(session: Session, code: str) -> Contest | None:
    """The contest with this join code, or None; the caller asks whether the student may see
    it."""
    return session.scalar(select(Contest).where(Contest.join_code == code))
