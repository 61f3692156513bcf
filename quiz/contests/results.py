"""What a contest looks like from the staff side: who is where, and how each question went."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quiz.contests.attempts import GRACE, close_overdue
from quiz.models import (
    Answer,
    Attempt,
    AttemptItem,
    Contest,
    Question,
    QuestionVersion,
    SchoolClass,
    Student,
)
from quiz.permissions.contests import eligible_students


@dataclass
class StudentStatus:
    student: Student
    state: str  # "not_started" | "answering" | "finished"
    best: Attempt | None = None


@dataclass
class ClassStatus:
    school_class: SchoolClass
    students: list[StudentStatus] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for s in self.students if s.state == state)

    @property
    def mean_best_score(self) -> float | None:
        """Mean best score over the enrolled students, non-participants counting 0."""
        if not self.students:
            return None
        return sum(s.best.score or 0 for s in self.students if s.best) / len(self.students)


def best_attempt(attempts: list[Attempt]) -> Attempt | None:
    """The attempt that counts: highest score, then least time, then the earliest finish."""
    finished = [a for a in attempts if a.finished_at is not None]
    if not finished:
        return None
    return min(finished, key=lambda a: (-(a.score or 0), a.time_used_seconds or 0, a.finished_at))


def class_statuses(session: Session, contest: Contest, now: datetime,
                   class_ids: set[int] | None = None) -> list[ClassStatus]:
    """Per class, each enrolled student's state; overdue attempts are finished first."""
    close_overdue(session, now, contest.id)
    query = eligible_students(contest)
    if class_ids is not None:
        query = query.where(Student.class_id.in_(class_ids))
    students = session.scalars(query.order_by(Student.class_id, Student.student_no)).all()
    attempts: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in session.scalars(select(Attempt).where(Attempt.contest_id == contest.id)):
        attempts[attempt.student_id].append(attempt)
    by_class: dict[int, ClassStatus] = {}
    for student in students:
        status = by_class.setdefault(student.class_id, ClassStatus(student.school_class))
        own = attempts.get(student.id, [])
        if any(a.finished_at is None and a.deadline_at + GRACE >= now for a in own):
            state = "answering"
        elif own:
            state = "finished"
        else:
            state = "not_started"
        status.students.append(StudentStatus(student, state, best_attempt(own)))
    return sorted(by_class.values(),
                  key=lambda c: (c.school_class.school_id, c.school_class.grade,
                                 c.school_class.name))


@dataclass(frozen=True)
class QuestionAccuracy:
    question_code: str
    stem: str
    answered: int
    correct: int

    @property
    def rate(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


def question_accuracy(session: Session, contest: Contest,
                      class_ids: set[int] | None = None) -> list[QuestionAccuracy]:
    """Per question version drawn in the contest: how many answered it, how many got it right."""
    query = (
        select(Question.code, QuestionVersion.stem, func.count(Answer.position),
               func.count(Answer.position).filter(Answer.is_correct.is_(True)))
        .select_from(Answer)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(AttemptItem, (AttemptItem.attempt_id == Answer.attempt_id)
              & (AttemptItem.position == Answer.position))
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(Attempt.contest_id == contest.id, Attempt.finished_at.is_not(None))
        .group_by(Question.code, QuestionVersion.stem)
        .order_by(Question.code)
    )
    if class_ids is not None:
        query = query.join(Student, Student.id == Attempt.student_id).where(
            Student.class_id.in_(class_ids))
    return [QuestionAccuracy(code, stem, answered, correct)
            for code, stem, answered, correct in session.execute(query)]
