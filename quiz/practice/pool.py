"""What a student may practise: the candidate questions, the scam types, what they last saw.

The city's banks and the student's school's own, current versions of questions not retired,
fitting the student's school level; questions on the shared paper of a contest that has not
closed are held back, so practice never shows a live contest's answers.
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
from quiz.errors import NotFound
from quiz.i18n import _
from quiz.models import (
    Attempt,
    AttemptItem,
    Contest,
    ContestPaperItem,
    Question,
    QuestionVersion,
    ScamType,
    Student,
)
from quiz.models.gamification import PracticeAnswer
from quiz.permissions import banks_for_school
from quiz.practice import rules


def live_paper_questions(session: Session, now: datetime) -> set[int]:
    """Questions on shared papers of contests not yet closed (kept out of practice)."""
    return set(session.scalars(
        select(QuestionVersion.question_id)
        .join(ContestPaperItem, ContestPaperItem.question_version_id == QuestionVersion.id)
        .join(Contest, Contest.id == ContestPaperItem.contest_id)
        .where(Contest.closes_at > now, Contest.cancelled_at.is_(None))))


def candidates(session: Session, student: Student, now: datetime,
               scam_type_id: int | None = None) -> list[Candidate]:
    """Every question the student may practise now (of one scam type, if given)."""
    query = candidate_query().where(banks_for_school(student.school_id)).order_by(Question.id)
    if scam_type_id is not None:
        query = query.where(ScamType.id == scam_type_id)
    held_back = live_paper_questions(session, now)
    level = (student.school.level,)
    pool = (candidate_from_row(row) for row in session.execute(query))
    return [c for c in pool if c.question_id not in held_back and fits(c.audience, level)]


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
