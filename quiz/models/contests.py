"""Contests, their papers, attempts and answers.

The database is the only source of truth for an attempt: its deadline is stored when it starts,
every answer is a row saved the moment it is chosen, and uniqueness constraints (one attempt per
number, one open attempt per student and contest, one answer per question) make concurrent
starts, saves and finishes come out as one.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from quiz.models.org import Student


class PaperMode(enum.StrEnum):
    SHARED = "shared"            # everyone gets the same questions, each in their own order
    PER_STUDENT = "per_student"  # each student draws their own


class RevealPolicy(enum.StrEnum):
    AFTER_FINISH = "after_finish"
    AFTER_CLOSE = "after_close"


class Contest(db.Model):
    __tablename__ = "contest"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # The school that owns the contest; None for a bureau's contest over several schools.
    owner_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    city_wide: Mapped[bool] = mapped_column(Boolean, default=False)
    grades: Mapped[list[int]] = mapped_column(JSON, default=list)  # empty: every grade
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_seconds: Mapped[int] = mapped_column(Integer)
    draw_rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    paper_mode: Mapped[str] = mapped_column(String(20), default=PaperMode.SHARED.value)
    shuffle_options: Mapped[bool] = mapped_column(Boolean, default=True)
    max_attempts: Mapped[int] = mapped_column(Integer, default=1)
    reveal: Mapped[str] = mapped_column(String(20), default=RevealPolicy.AFTER_FINISH.value)
    points: Mapped[dict[str, int]] = mapped_column(JSON)
    seed: Mapped[str] = mapped_column(String(64))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Only contests the bureau marks count in a season (quiz.rankings.standings): a teacher's
    # practice round or a retake-friendly class quiz never moves the city's season board.
    counts_in_season: Mapped[bool] = mapped_column(Boolean, default=False,
                                                   server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    schools: Mapped[list[ContestSchool]] = relationship(
        back_populates="contest", cascade="all, delete-orphan")
    classes: Mapped[list[ContestClass]] = relationship(
        back_populates="contest", cascade="all, delete-orphan")
    paper: Mapped[list[ContestPaperItem]] = relationship(
        back_populates="contest", cascade="all, delete-orphan",
        order_by="ContestPaperItem.position")

    def __repr__(self) -> str:
        return f"<Contest {self.id} {self.title}>"


class ContestSchool(db.Model):
    """A school in a contest's scope (every school, for a city-wide contest)."""

    __tablename__ = "contest_school"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), primary_key=True, index=True)

    contest: Mapped[Contest] = relationship(back_populates="schools")


class ContestClass(db.Model):
    """A class the contest is limited to; none means every class of its schools and grades."""

    __tablename__ = "contest_class"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    class_id: Mapped[int] = mapped_column(
        ForeignKey("school_class.id"), primary_key=True, index=True)

    contest: Mapped[Contest] = relationship(back_populates="classes")


class ContestPaperItem(db.Model):
    """A question of a shared paper, drawn once from the versions current at the time."""

    __tablename__ = "contest_paper_item"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))

    contest: Mapped[Contest] = relationship(back_populates="paper")


class ExtraTime(db.Model):
    """Extra minutes a teacher grants one student in one contest (accommodations)."""

    __tablename__ = "extra_time"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), primary_key=True)
    extra_seconds: Mapped[int] = mapped_column(Integer)


class Attempt(db.Model):
    __tablename__ = "attempt"
    __table_args__ = (
        UniqueConstraint("contest_id", "student_id", "number"),
        # At most one unfinished attempt per student and contest, whatever races.
        Index("uq_attempt_open", "contest_id", "student_id", unique=True,
              sqlite_where=text("finished_at IS NULL"),
              postgresql_where=text("finished_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    seed: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    score: Mapped[int | None] = mapped_column(Integer, default=None)
    max_score: Mapped[int | None] = mapped_column(Integer, default=None)
    correct: Mapped[int | None] = mapped_column(Integer, default=None)
    total: Mapped[int] = mapped_column(Integer)
    time_used_seconds: Mapped[int | None] = mapped_column(Integer, default=None)

    contest: Mapped[Contest] = relationship()
    student: Mapped[Student] = relationship()
    items: Mapped[list[AttemptItem]] = relationship(
        back_populates="attempt", order_by="AttemptItem.position", cascade="all, delete-orphan")

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    def __repr__(self) -> str:
        return f"<Attempt {self.id} contest={self.contest_id} student={self.student_id}>"


class AttemptItem(db.Model):
    """One question of an attempt: the version drawn (kept forever) and its points."""

    __tablename__ = "attempt_item"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    points: Mapped[int] = mapped_column(Integer)

    attempt: Mapped[Attempt] = relationship(back_populates="items")


class Answer(db.Model):
    """The latest choice for one question of an attempt (0-based display indices)."""

    __tablename__ = "answer"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    chosen: Mapped[list[int]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    is_correct: Mapped[bool | None] = mapped_column(Boolean, default=None)
