"""What a student may practise: the candidate questions, the scam types, what they last saw.

The city's banks and the student's school's own, current versions of questions not retired,
fitting the student's school level. Held back from each student: every question a contest may
still ask *them* (quiz.contests.open_contests.questions_ahead: a shared paper's questions, a
per-student paper's whole pool), while it is scheduled or open and they have an attempt in
progress or attempts left. Other students, outside that contest, keep practising them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quiz.banks.candidates import (
    Candidate,
    candidate_from_row,
    candidate_query,
    fits,
    scam_types_for_student,
)
from quiz.contests.open_contests import questions_ahead
from quiz.errors import NotFound
from quiz.i18n import _
from quiz.models import (
    Attempt,
    AttemptItem,
    Question,
    QuestionVersion,
    ScamType,
    Student,
)
from quiz.models.gamification import PracticeAnswer
from quiz.permissions import banks_for_school
from quiz.practice import rules


def _fitting(session: Session, student: Student, scam_type_id: int | None) -> list[Candidate]:
    query = candidate_query().where(banks_for_school(student.school_id)).order_by(Question.id)
    if scam_type_id is not None:
        query = query.where(ScamType.id == scam_type_id)
    level = (student.school.level,)
    pool = (candidate_from_row(row) for row in session.execute(query))
    return [c for c in pool if fits(c.audience, level)]


def candidates(session: Session, student: Student, now: datetime,
               scam_type_id: int | None = None) -> list[Candidate]:
    """Every question the student may practise now (of one scam type, if given)."""
    ahead = questions_ahead(session, student, now)
    return [c for c in _fitting(session, student, scam_type_id)
            if not ahead.holds(c.question_id, c.cell)]


def held_back_entirely(session: Session, student: Student, scam_type: ScamType,
                       now: datetime) -> bool:
    """True when the scam type has questions for the student but a contest holds all back."""
    return bool(_fitting(session, student, scam_type.id)) and not candidates(
        session, student, now, scam_type.id)


def may_still_practise(session: Session, student: Student, question_id: int,
                       now: datetime) -> bool:
    """Whether a question shown earlier (a pending ticket) may still be answered in practice:
    it could have gone onto a contest the student can take since."""
    question = session.get(Question, question_id)
    if question is None or question.retired_at is not None:
        return False
    version = session.get(QuestionVersion, question.current_version_id)
    cell = (question.scam_type.code, version.difficulty)
    return not questions_ahead(session, student, now).holds(question_id, cell)


def practice_types(session: Session, student: Student, code: str | None = None
                   ) -> list[ScamType]:
    """Scam types the student can practise: visible to them, fitting their age, not empty."""
    return scam_types_for_student(session, student, code)


def scam_type_for(session: Session, student: Student, code: str) -> ScamType:
    """The scam type `code` if the student may practise it, else NotFound."""
    for scam_type in practice_types(session, student, code):
        return scam_type
    raise NotFound(_("没有找到这个诈骗类型的练习题，请从列表中选择。"))


def last_seen(session: Session, student_id: int) -> dict[int, datetime]:
    """When the student last met each question: answered in practice or drawn in a contest."""
    seen: dict[int, datetime] = {}
    practice = session.execute(
        select(PracticeAnswer.question_id, func.max(PracticeAnswer.answered_at))
        .where(PracticeAnswer.student_id == student_id, PracticeAnswer.answered_at.is_not(None))
        .group_by(PracticeAnswer.question_id))
    contest = session.execute(
        select(QuestionVersion.question_id, func.max(Attempt.started_at))
        .join(AttemptItem, AttemptItem.question_version_id == QuestionVersion.id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.student_id == student_id)
        .group_by(QuestionVersion.question_id))
    for question_id, at in [*practice, *contest]:
        if at is not None:
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
            seen[question_id] = max(seen.get(question_id, at), at)
    return seen


def recent(session: Session, student_id: int) -> list[int]:
    rows = session.scalars(
        select(PracticeAnswer.question_id).where(
            PracticeAnswer.student_id == student_id, PracticeAnswer.answered_at.is_not(None))
        .order_by(PracticeAnswer.answered_at.desc(), PracticeAnswer.id.desc())
        .limit(rules.MISTAKE_GAP))
    return list(reversed(rows.all()))
