"""Leaderboard aggregates and seasons.

A season is a named date range set by the bureau (e.g. 2026秋季学期); a contest belongs to the
season whose days contain its opening date in the city's zone. The standing tables below are
kept up to date in the transaction that finishes an attempt (quiz.rankings.standings), so every
board reads a few index rows instead of recomputing from attempts.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow


class Season(db.Model):
    """A named run of days (both ends included) whose contests make one season board."""

    __tablename__ = "season"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_starts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<Season {self.name} {self.starts_on}..{self.ends_on}>"
