"""What a student may practise: the candidate questions, the scam types, what they last saw.

The city's banks and the student's school's own, current versions of questions not retired,
fitting the student's school level; questions on the shared paper of a contest that has not
closed are held back, so practice never shows a live contest's answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from quiz.contests.errors import NotFound
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


@dataclass(frozen=True)
class Candidate:
    question_id: int
    version_id: int
    scam_type_id: int
    scam_type_code: str


def _fits(level: str, own: list[str] | None, type_audience: list[str] | None) -> bool:
    audience = own or type_audience
    return not audience or level in audience


@lru_cache(maxsize=256)
def _audience(raw: str | None) -> tuple[str, ...] | None:
    """An audience read as text: a bank has a handful of distinct values, so decoding each
    once instead of once per question row keeps drawing cheap (JSON decoding dominated)."""
    if raw is None:
        return None
    value = json.loads(raw)
    return tuple(value) if value else None


def _audience_text(column, name: str):
    return cast(column, Text).label(name)


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
    query = (
        select(Question.id, QuestionVersion.id, ScamType.id, ScamType.code,
               _audience_text(QuestionVersion.audience, "own_audience"),
               _audience_text(ScamType.audience, "type_audience"))
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(ScamType, ScamType.id == Question.scam_type_id)
        .where(Question.retired_at.is_(None), banks_for_school(student.school_id))
        .order_by(Question.id))
    if scam_type_id is not None:
        query = query.where(ScamType.id == scam_type_id)
    held_back = live_paper_questions(session, now)
    level = student.school.level
    return [Candidate(qid, vid, tid, code)
            for qid, vid, tid, code, own, type_audience in session.execute(query)
            if qid not in held_back and _fits(level, _audience(own), _audience(type_audience))]


def practice_types(session: Session, student: Student, code: str | None = None
                   ) -> list[ScamType]:
    """Scam types the student can practise: visible to them, fitting their age, not empty
    (only the one with `code`, if given: a cheaper query than listing them all)."""
    level = student.school.level
    query = (
        select(ScamType.id, _audience_text(QuestionVersion.audience, "own_audience"),
               _audience_text(ScamType.audience, "type_audience"))
        .join(Question, Question.scam_type_id == ScamType.id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.retired_at.is_(None), banks_for_school(student.school_id))
        .distinct())
    if code is not None:
        query = query.where(ScamType.code == code)
    rows = session.execute(query)
    ids = {type_id for type_id, own_raw, type_raw in rows
           if _fits(level, _audience(own_raw), _audience(type_raw))}
    if not ids:
        return []
    return list(session.scalars(
        select(ScamType).where(ScamType.id.in_(ids)).order_by(ScamType.name)))


def practice_type_ids(session: Session, student: Student) -> list[int]:
    return [t.id for t in practice_types(session, student)]


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
