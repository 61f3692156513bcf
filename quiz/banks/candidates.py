"""The questions a paper or a practice session may draw from, and whether one fits an audience.

One `Candidate` and one audience rule for contests and practice alike: a question's audience is
its own, else its scam type's; no audience means every school level. The audiences come out of
the database as JSON text and are decoded once per distinct text (a bank has a handful of
distinct lists, while a draw reads hundreds of rows, and decoding dominated the draw).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Select, Text, cast, select
from sqlalchemy.orm import Session

from quiz.models import Question, QuestionVersion, ScamType, Student
from quiz.permissions import banks_for_school

Cell = tuple[str, int]  # (scam type code, difficulty)


@dataclass(frozen=True)
class Candidate:
    """One current, non-retired question version that a paper or practice may include."""

    question_id: int
    version_id: int
    scam_type: str  # its code
    difficulty: int
    audience: frozenset[str] | None  # None: every school level
    scam_type_id: int | None = None

    @property
    def cell(self) -> Cell:
        """The (scam type, difficulty) pair that decides which draw rules may take this one."""
        return (self.scam_type, self.difficulty)


def fits(audience: frozenset[str] | None, levels: Collection[str]) -> bool:
    """Whether a question with `audience` suits every school level in `levels`.

    A city-wide paper for primary and junior students needs questions written for both, so the
    audience must cover all the levels; no audience means every level, and no levels (a paper
    whose audience is not restricted) accepts any question.
    """
    if audience is None or not levels:
        return True
    return frozenset(levels) <= audience


@functools.lru_cache(maxsize=256)
def audience_of(own: str | None, type_audience: str | None) -> frozenset[str] | None:
    """A question's audience (its own, else its scam type's) from their JSON texts."""
    chosen = _json_list(own) or _json_list(type_audience)
    return frozenset(chosen) if chosen else None


def _json_list(text: str | None) -> list[str] | None:
    value = json.loads(text) if text else None
    return value if isinstance(value, list) and value else None


def candidate_query() -> Select:
    """Every current, non-retired question as (question id, version id, scam type code,
    difficulty, own audience text, type audience text, scam type id); callers add the filters."""
    return (
        select(Question.id, QuestionVersion.id, ScamType.code, QuestionVersion.difficulty,
               cast(QuestionVersion.audience, Text).label("own_audience"),
               cast(ScamType.audience, Text).label("type_audience"), ScamType.id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(ScamType, ScamType.id == Question.scam_type_id)
        .where(Question.retired_at.is_(None)))


def candidate_from_row(row) -> Candidate:
    qid, vid, code, difficulty, own, type_audience, type_id = row
    return Candidate(qid, vid, code, difficulty, audience_of(own, type_audience), type_id)


def scam_types_for_student(session: Session, student: Student, code: str | None = None
                           ) -> list[ScamType]:
    """Scam types with a question for the student: in a bank their school sees, fitting their
    school level (only the one with `code`, if given: a cheaper query than listing them all)."""
    query = (
        select(ScamType.id, cast(QuestionVersion.audience, Text).label("own_audience"),
               cast(ScamType.audience, Text).label("type_audience"))
        .join(Question, Question.scam_type_id == ScamType.id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.retired_at.is_(None), banks_for_school(student.school_id))
        .distinct())
    if code is not None:
        query = query.where(ScamType.code == code)
    level = (student.school.level,)
    ids = {type_id for type_id, own, type_audience in session.execute(query)
           if fits(audience_of(own, type_audience), level)}
    if not ids:
        return []
    return list(session.scalars(
        select(ScamType).where(ScamType.id.in_(ids)).order_by(ScamType.name)))
