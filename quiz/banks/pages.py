"""What the bank browser's pages show: counts by scam type and level, a type's questions."""

from __future__ import annotations

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from quiz.models import Question, QuestionVersion, ScamType


def live_counts_by_type(session: Session) -> dict[int, dict[int, int]]:
    """Live questions per scam type id and difficulty, for the staff bank index."""
    counts = session.execute(
        select(Question.scam_type_id, QuestionVersion.difficulty, func.count(Question.id))
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.retired_at.is_(None))
        .group_by(Question.scam_type_id, QuestionVersion.difficulty)
    )
    by_type: dict[int, dict[int, int]] = {}
    for scam_type_id, difficulty, count in counts:
        by_type.setdefault(scam_type_id, {})[difficulty] = count
    return by_type


def scam_type_by_code(session: Session, code: str) -> ScamType | None:
    """The scam type with this code, or None; the caller asks whether the viewer may see it."""
    return session.scalar(select(ScamType).where(ScamType.code == code))


def question_by_code(session: Session, code: str) -> Question | None:
    """The question with this code (retired or not), or None; for report pages."""
    return session.scalar(select(Question).where(Question.code == code))


def live_questions(session: Session, scam_type: ScamType,
                   difficulty: int | None) -> list[Row[tuple[Question, QuestionVersion]]]:
    """A scam type's live questions with their current versions, by code, for staff."""
    query = (
        select(Question, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.scam_type_id == scam_type.id, Question.retired_at.is_(None))
        .order_by(Question.code)
    )
    if difficulty:
        query = query.where(QuestionVersion.difficulty == difficulty)
    return list(session.execute(query).all())


def retired_count(session: Session, scam_type: ScamType) -> int:
    """How many of a scam type's questions are retired, shown under its list."""
    return session.scalar(
        select(func.count(Question.id))
        .where(Question.scam_type_id == scam_type.id, Question.retired_at.is_not(None))
    ) or 0
