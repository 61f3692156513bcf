"""What the staff contest pages show: the form's choices, a contest's sample paper, counts.

Functions take the session and plain arguments (the viewer's school, a contest) and return rows;
the routes turn them into form choices and template context."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quiz.lookups import scam_types_for_school
from quiz.models import (
    Attempt,
    Contest,
    ExtraTime,
    Question,
    QuestionVersion,
    ScamType,
    School,
    SchoolClass,
)


def scam_type_choices(session: Session,
                      school_id: int | None) -> list[tuple[ScamType, dict[int, int]]]:
    """The scam types a school's staff may draw from, by name, each with its live questions
    counted by difficulty, for the contest form's rule rows."""
    counts: dict[str, dict[int, int]] = {}
    rows = session.execute(
        select(ScamType.code, QuestionVersion.difficulty, func.count(Question.id))
        .join(Question, Question.scam_type_id == ScamType.id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.retired_at.is_(None))
        .group_by(ScamType.code, QuestionVersion.difficulty))
    for code, difficulty, count in rows:
        counts.setdefault(code, {})[difficulty] = count
    return [(scam_type, counts.get(scam_type.code, {}))
            for scam_type in scam_types_for_school(session, school_id)]


def school_grades(session: Session, school_id: int | None) -> set[int]:
    """The grades that have a class in a school, for school staff's choice of grades."""
    return set(session.scalars(select(SchoolClass.grade).where(
        SchoolClass.school_id == school_id)))


def school_codes_of(session: Session, contest: Contest) -> list[str]:
    """The codes of the schools a contest is for, to fill the form of a copy or an edit."""
    return [s.code for s in session.scalars(select(School).where(
        School.id.in_([cs.school_id for cs in contest.schools])))]


def attempt_count(session: Session, contest: Contest) -> int:
    """How many attempts a contest has (any student, finished or not), for its detail page."""
    return session.scalar(select(func.count(Attempt.id)).where(
        Attempt.contest_id == contest.id)) or 0


def questions_in_order(session: Session,
                       version_ids: Sequence[int]) -> list[tuple[Question, QuestionVersion]]:
    """The questions of these versions with the versions, in the order given, for a paper."""
    rows = session.execute(
        select(Question, QuestionVersion).join(QuestionVersion,
                                               QuestionVersion.question_id == Question.id)
        .where(QuestionVersion.id.in_(version_ids))).all()
    order = {version_id: i for i, version_id in enumerate(version_ids)}
    return sorted(((q, v) for q, v in rows), key=lambda row: order[row[1].id])


def extra_minutes(session: Session, contest: Contest) -> dict[int, int]:
    """Student id -> extra minutes granted in a contest, for the live page."""
    return {e.student_id: e.extra_seconds // 60 for e in session.scalars(
        select(ExtraTime).where(ExtraTime.contest_id == contest.id))}
