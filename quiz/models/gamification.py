"""Practice, daily practice (每日一练), XP, badges and the mistake book (错题本).

Every table is keyed or indexed by student first, because every read is "this student's …".
Idempotence lives in the database: the XP ledger has one row per (student, reason, source), so a
contest finish or a practice answer that is handled twice pays once; a practice answer is a row
created when the question is shown and claimed once when it is answered.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime


class PracticeSource:
    """Where a practice question came from (the `source` column)."""

    PRACTICE = "practice"   # practice by scam type
    MISTAKES = "mistakes"   # practising the mistake book
    DAILY = "daily"         # 每日一练

    ALL = (PRACTICE, MISTAKES, DAILY)


class PracticeAnswer(db.Model):
    """One practice question shown to a student and, once answered, their answer.

    The row is created when the question is shown (its `seed` makes the option keys), so a
    reload shows the same question and an answer can only be given to a question that was
    actually handed out; `answered_at` is set exactly once.
    """

    __tablename__ = "practice_answer"
    __table_args__ = (
        Index("ix_practice_answer_student_answered", "student_id", "answered_at"),
        Index("ix_practice_answer_student_question", "student_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    # Kept on the row so that mastery and the heat map group by type without three joins.
    scam_type_id: Mapped[int] = mapped_column(ForeignKey("scam_type.id"))
    source: Mapped[str] = mapped_column(String(10))
    seed: Mapped[str] = mapped_column(String(32))
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime())
    chosen: Mapped[list[int] | None] = mapped_column(JSON, default=None)
    is_correct: Mapped[bool | None] = mapped_column(Boolean, default=None)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class MistakeBookEntry(db.Model):
    """A question the student got wrong; it stays open until answered right twice in a row."""

    __tablename__ = "mistake_book"

    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    scam_type_id: Mapped[int] = mapped_column(ForeignKey("scam_type.id"))
    wrong_count: Mapped[int] = mapped_column(Integer, default=0)
    right_in_a_row: Mapped[int] = mapped_column(Integer, default=0)
    first_wrong_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_wrong_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class XpEntry(db.Model):
    """One XP payment. (student, reason, source_ref) is unique: nothing pays twice."""

    __tablename__ = "xp_ledger"
    __table_args__ = (
        UniqueConstraint("student_id", "reason", "source_ref"),
        Index("ix_xp_ledger_student_day", "student_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"))
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))       # contest | practice | daily
    source_ref: Mapped[str] = mapped_column(String(64))   # e.g. contest:3:attempt:17
    local_date: Mapped[date] = mapped_column(Date)        # the city's day, for the daily cap
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StudentBadge(db.Model):
    """A badge a student has earned; badges are defined in quiz.gamification.rules.BADGES."""

    __tablename__ = "student_badge"

    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), primary_key=True)
    badge_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DailySet(db.Model):
    """A student's 每日一练 for one local day: five question ids, done once all are answered.

    The days with `done_at` set are the streak (derived, never stored separately).
    """

    __tablename__ = "daily_set"

    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    question_ids: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
