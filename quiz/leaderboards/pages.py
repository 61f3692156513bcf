"""What the leaderboard pages offer besides the boards themselves (quiz.rankings.boards): the
contests a viewer may pick a board of, and season names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.models import Contest, Student
from quiz.models.standings import ContestStanding, Season
from quiz.permissions.contests import contests_for_staff
from quiz.rankings.standings import season_candidates


def contests_taken_by(session: Session, student: Student,
                      limit: int = 8) -> list[tuple[int, str]]:
    """(id, title) of the contests a student has a standing in, the latest finish first, for
    the student's choice of boards."""
    return [(i, t) for i, t in session.execute(
        select(Contest.id, Contest.title).join(
            ContestStanding, ContestStanding.contest_id == Contest.id)
        .where(ContestStanding.student_id == student.id)
        .order_by(ContestStanding.finished_at.desc()).limit(limit))]


def contests_opened_for_staff(session: Session, viewer: Any, now: datetime,
                              limit: int = 8) -> list[tuple[int, str]]:
    """(id, title) of the contests a staff member may see that have opened and were not
    cancelled, in contests_for_staff's order, for their choice of boards."""
    return [(c.id, c.title) for c in session.scalars(
        contests_for_staff(viewer).where(Contest.opens_at <= now,
                                         Contest.cancelled_at.is_(None)).limit(limit))]


def season_id_named(session: Session, name: str) -> int | None:
    """The id of the season with this name, or None, to refuse a second season of one name."""
    return session.scalar(select(Season.id).where(Season.name == name))


def season_contests(session: Session, season: Season) -> list[Contest]:
    """The contests of a season's days the bureau may mark as counting, earliest first."""
    return list(session.scalars(season_candidates(season).order_by(Contest.opens_at,
                                                                    Contest.id)))
