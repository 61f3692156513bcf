"""The teachers' mastery heat map: accuracy per scam type and class (or student).

Counts every marked answer, from practice and from finished contests, grouped in the database
(two GROUP BY queries over indexed student columns), so a school's map is one round trip each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from quiz.bands import band_for
from quiz.models import Answer, Attempt, AttemptItem, Question, QuestionVersion, Student
from quiz.models.gamification import PracticeAnswer


@dataclass(frozen=True)
class Cell:
    answers: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    @property
    def band(self) -> str:
        """The CSS class of this cell's colour band (quiz.bands)."""
        return band_for(self.accuracy).css

    @property
    def percent(self) -> int | None:
        accuracy = self.accuracy
        return None if accuracy is None else round(accuracy * 100)


EMPTY = Cell(0, 0)


def _tally(session: Session, group_column, where) -> dict[tuple[int, int], Cell]:
    """{(group id, scam type id): Cell}, grouping students by `group_column`."""
    right = func.sum(case((PracticeAnswer.is_correct.is_(True), 1), else_=0))
    practice = session.execute(
        select(group_column, PracticeAnswer.scam_type_id, func.count(PracticeAnswer.id), right)
        .join(Student, Student.id == PracticeAnswer.student_id)
        .where(where, PracticeAnswer.answered_at.is_not(None))
        .group_by(group_column, PracticeAnswer.scam_type_id))
    right = func.sum(case((Answer.is_correct.is_(True), 1), else_=0))
    contest = session.execute(
        select(group_column, Question.scam_type_id, func.count(), right)
        .select_from(Answer)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Student, Student.id == Attempt.student_id)
        .join(AttemptItem, (AttemptItem.attempt_id == Answer.attempt_id)
              & (AttemptItem.position == Answer.position))
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(where, Attempt.finished_at.is_not(None), Answer.is_correct.is_not(None))
        .group_by(group_column, Question.scam_type_id))
    totals: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for group_id, type_id, count, correct in [*practice, *contest]:
        totals[(group_id, type_id)][0] += count
        totals[(group_id, type_id)][1] += int(correct or 0)
    return {key: Cell(n, c) for key, (n, c) in totals.items()}


def by_class(session: Session, class_ids: Sequence[int]) -> dict[tuple[int, int], Cell]:
    if not class_ids:
        return {}
    return _tally(session, Student.class_id, Student.class_id.in_(list(class_ids)))


def by_student(session: Session, class_id: int) -> dict[tuple[int, int], Cell]:
    return _tally(session, Student.id, Student.class_id == class_id)


def type_totals(cells: dict[tuple[int, int], Cell]) -> dict[int, Cell]:
    """Per scam type over every group: the row a teacher reads first."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (_group, type_id), cell in cells.items():
        totals[type_id][0] += cell.answers
        totals[type_id][1] += cell.correct
    return {type_id: Cell(n, c) for type_id, (n, c) in totals.items()}
