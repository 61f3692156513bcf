"""Contests a student can take part in now, the attempts they have left in each, and the
questions those contests may still ask them.

For the student's home page and the API's contest list alike. A fixed number of queries
however many contests there are: the contests in the student's scope (with the schools and
classes `can` reads), the student's attempts counted per contest, and the attempts in
progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from quiz.banks.candidates import Cell
from quiz.contests.rules import timing
from quiz.models import Attempt, Contest, ContestPaperItem, PaperMode, QuestionVersion, Student
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


@dataclass(frozen=True)
class QuestionsAhead:
    """What contests may still ask one student: the questions of shared papers, and the
    (scam type, difficulty) cells a per-student paper may still draw from. Practice, 每日一练
    and the mistake book hold these back from that student, so a contest's answers cannot be
    looked up while it can still be taken."""

    question_ids: frozenset[int] = frozenset()
    cells: frozenset[Cell] = frozenset()

    def holds(self, question_id: int, cell: Cell) -> bool:
        return question_id in self.question_ids or cell in self.cells


def questions_ahead(session: Session, student: Student, now: datetime) -> QuestionsAhead:
    """For the contests that include the student, are scheduled or open, and in which they
    have an attempt in progress or attempts left. A fixed number of queries."""
    contests = [c for c in session.scalars(contests_for_student(student).options(
                    selectinload(Contest.schools), selectinload(Contest.classes)))
                if timing.state_of(c, now) in (timing.ContestState.SCHEDULED,
                                               timing.ContestState.OPEN)
                and can(student, Action.VIEW, c)]
    if not contests:
        return QuestionsAhead()
    left = attempts_left(session, student.id, contests)
    current = set(session.scalars(select(Attempt.contest_id).where(
        Attempt.student_id == student.id, Attempt.finished_at.is_(None),
        Attempt.contest_id.in_([c.id for c in contests]))))
    ahead = [c for c in contests if left[c.id] > 0 or c.id in current]
    shared = [c.id for c in ahead if c.paper_mode == PaperMode.SHARED]
    question_ids = frozenset(session.scalars(
        select(QuestionVersion.question_id)
        .join(ContestPaperItem, ContestPaperItem.question_version_id == QuestionVersion.id)
        .where(ContestPaperItem.contest_id.in_(shared)))) if shared else frozenset()
    cells = frozenset(
        (rule["scam_type"], int(difficulty))
        for c in ahead if c.paper_mode != PaperMode.SHARED
        for rule in c.draw_rules for difficulty in (rule.get("difficulty") or (1, 2, 3)))
    return QuestionsAhead(question_ids, cells)
