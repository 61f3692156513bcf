"""What the student's contest pages show: the contests open to them, their finished attempts,
a contest by its join code. The student and `now` are passed in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.contests import attempts as attempt_service
from quiz.contests.rules import timing
from quiz.models import Attempt, Contest, Student
from quiz.permissions import Action, can
from quiz.permissions.contests import contests_for_student


def open_contests_for(session: Session, student: Student,
                      now: datetime) -> list[tuple[Contest, int, Attempt | None]]:
    """(contest, attempts left, attempt in progress) for each contest open to the student now."""
    rows = []
    for contest in session.scalars(contests_for_student(student)):
        if not can(student, Action.VIEW, contest) or not timing.is_open(
                now=now, opens_at=contest.opens_at, closes_at=contest.closes_at):
            continue
        current = attempt_service.open_attempt(session, contest.id, student.id)
        left = contest.max_attempts - attempt_service.attempts_used(
            session, contest.id, student.id)
        if left > 0 or current is not None:
            rows.append((contest, max(left, 0), current))
    return rows


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
