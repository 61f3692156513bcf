"""Leaderboard aggregates and seasons.

A season is a named date range set by the bureau (e.g. 2026秋季学期); a contest belongs to the
season whose days contain its opening date in the city's zone, and counts in it only when the
bureau marks it (Contest.counts_in_season); each counted contest adds at most 100 season points
(quiz.rankings.rules.season_points). The standing tables below are
kept up to date in the transaction that finishes an attempt (quiz.rankings.standings), so every
board reads a few index rows instead of recomputing from attempts.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
)
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


# Student boards order by score descending, then time used and finish time ascending, then
# student id. The tables keep `minus_score` (= -score) beside the score so that this order is
# one ascending tuple: "rows ahead of me" and "the rows just above me" become row-value range
# scans of one plain ascending index, on SQLite and PostgreSQL alike.
_ORDER = ("minus_score", "time_used_seconds", "finished_at", "student_id")


def _board_indexes(table: str, board: str) -> tuple[PrimaryKeyConstraint | Index, ...]:
    """One index per student board: the city (all levels and per division), a district's
    division, a school, a class; each ends with the board order so "top N" is an index scan.
    The primary key leads with the student, so a student's own rows (the home card, the board
    picker) are an index range too."""
    return (
        PrimaryKeyConstraint("student_id", board),
        Index(f"ix_{table}_city", board, *_ORDER),
        Index(f"ix_{table}_division", board, "level", *_ORDER),
        Index(f"ix_{table}_district", board, "district_id", "level", *_ORDER),
        Index(f"ix_{table}_school", board, "school_id", *_ORDER),
        Index(f"ix_{table}_class", board, "class_id", *_ORDER),
    )


class _StudentStanding:
    """Columns shared by contest and season standings: the figures and the student's groups,
    copied from the roster when the row is written so a board filters without joins."""

    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    minus_score: Mapped[int] = mapped_column(Integer)
    time_used_seconds: Mapped[int] = mapped_column(Integer)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime())
    class_id: Mapped[int] = mapped_column(Integer)
    school_id: Mapped[int] = mapped_column(Integer)
    district_id: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(20))


class ContestStanding(_StudentStanding, db.Model):
    """A student's best finished attempt in a contest (the one that counts)."""

    __tablename__ = "contest_standing"
    __table_args__ = _board_indexes("contest_standing", "contest_id")

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    # The best attempt's share of its paper's maximum, 0-100 (quiz.rankings.rules.season_points):
    # what the attempt adds to a season, so contests of any length and points weigh the same.
    season_points: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SeasonStanding(_StudentStanding, db.Model):
    """A student's season score: the sum of their season points (best score as a percentage of
    the paper's maximum) over the season's counted contests, the
    sum of the time those attempts used, and the finish of the latest of them (the moment the
    total was reached); ranked with the same order as a contest board."""

    __tablename__ = "season_standing"
    __table_args__ = _board_indexes("season_standing", "season_id")

    season_id: Mapped[int] = mapped_column(
        ForeignKey("season.id", ondelete="CASCADE"), primary_key=True)
    contests: Mapped[int] = mapped_column(Integer)


class GroupTotal(db.Model):
    """Running totals of one class, school or district on one contest or season board.

    `enrolled` counts the group's students the board is for (a contest's eligible students, a
    season's active students) when the totals were first made; `participants` and `score_sum`
    follow every finish. Mean score = score_sum / enrolled, non-participants counting 0.
    """

    __tablename__ = "group_total"
    __table_args__ = (
        Index("ix_group_total_school", "board", "board_id", "kind", "school_id"),
        Index("ix_group_total_district", "board", "board_id", "kind", "district_id"),
    )

    board: Mapped[str] = mapped_column(String(10), primary_key=True)  # "contest" | "season"
    board_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # class | school | district
    group_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int | None] = mapped_column(Integer)  # a class's or school's school
    district_id: Mapped[int] = mapped_column(Integer)
    level: Mapped[str | None] = mapped_column(String(20))  # None for a district
    enrolled: Mapped[int] = mapped_column(Integer)
    participants: Mapped[int] = mapped_column(Integer)
    score_sum: Mapped[int] = mapped_column(Integer)
