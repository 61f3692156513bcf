"""Contests a student can take part in now, and the attempts they have left in each.

For the student's home page and the API's contest list alike. A fixed number of queries
however many contests there are: the contests in the student's scope (with the schools and
classes `can` reads), the student's attempts counted per contest, and the attempts in
progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from quiz.contests.rules import timing
from quiz.models import Attempt, Contest, Student
from quiz.permissions import Action, can
from quiz.permissions.contests import contests_for_student


class OpenContest(NamedTuple):
    contest: Contest
    attempts_left: int  # never negative
    current: Attempt | None  # the attempt in progress, if any


def attempts_left(session: Session, student_id: int, contests: Sequence[Contest]
                  ) -> dict[int, int]:
    """Per contest id, the attempts the student may still start: the contest's maximum less
    those already started (finished or not), never below 0. One grouped query."""
    if not contests:
        return {}
    used = dict(session.execute(
        select(Attempt.contest_id, func.count(Attempt.id))
        .where(Attempt.student_id == student_id,
               Attempt.contest_id.in_([c.id for c in contests]))
        .group_by(Attempt.contest_id)).all())
    return {c.id: max(c.max_attempts - used.get(c.id, 0), 0) for c in contests}


def open_contests_for(session: Session, student: Student, now: datetime) -> list[OpenContest]:
    """The contests open at `now` that the student may see and can still do something in:
    start an attempt (attempts left) or go on with the one in progress. Newest opening first."""
    contests = [c for c in session.scalars(contests_for_student(student).options(
                    selectinload(Contest.schools), selectinload(Contest.classes)))
                if timing.state_of(c, now) is timing.ContestState.OPEN
                and can(student, Action.VIEW, c)]
    if not contests:
        return []
    left = attempts_left(session, student.id, contests)
    current = {a.contest_id: a for a in session.scalars(select(Attempt).where(
        Attempt.student_id == student.id, Attempt.finished_at.is_(None),
        Attempt.contest_id.in_([c.id for c in contests])))}
    return [OpenContest(c, left[c.id], current.get(c.id)) for c in contests
            if left[c.id] > 0 or c.id in current]
