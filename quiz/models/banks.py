"""Scam types, questions and the versions of each question.

A question's id (from the bank file) never changes; every edit adds a version, and attempts keep
the version they were drawn with, so past results never change.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow


class ScamType(db.Model):
    __tablename__ = "scam_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text)
    warning_signs: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    source_file: Mapped[str] = mapped_column(String(255), default="")
    # None: a city bank, managed by the bureau. Otherwise a bank one school added for itself,
    # seen and drawn from only there.
    owner_school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id"), index=True, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    questions: Mapped[list[Question]] = relationship(
        back_populates="scam_type", order_by="Question.code"
    )

    def __repr__(self) -> str:
        return f"<ScamType {self.code}>"


class Question(db.Model):
    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)  # the id written in the bank
    scam_type_id: Mapped[int] = mapped_column(ForeignKey("scam_type.id"), index=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_version.id", use_alter=True), default=None
    )
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    scam_type: Mapped[ScamType] = relationship(back_populates="questions")
    current_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    versions: Mapped[list[QuestionVersion]] = relationship(
        foreign_keys="QuestionVersion.question_id", back_populates="question",
        order_by="QuestionVersion.version",
    )

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<Question {self.code}>"


class QuestionVersion(db.Model):
    """One immutable wording of a question."""

    __tablename__ = "question_version"
    __table_args__ = (UniqueConstraint("question_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))
    difficulty: Mapped[int] = mapped_column(Integer)
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str]] = mapped_column(JSON)
    answer: Mapped[list[int]] = mapped_column(JSON)  # 0-based indices into the display options
    explanation: Mapped[str] = mapped_column(Text)
    dialogue: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    source: Mapped[str | None] = mapped_column(Text, default=None)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    question: Mapped[Question] = relationship(
        foreign_keys=[question_id], back_populates="versions"
    )

    def content(self) -> dict[str, Any]:
        return {
            "type": self.type, "difficulty": self.difficulty, "stem": self.stem,
            "options": self.options, "answer": self.answer, "explanation": self.explanation,
            "dialogue": self.dialogue, "tags": self.tags, "audience": self.audience,
            "source": self.source,
        }

    def __repr__(self) -> str:
        return f"<QuestionVersion {self.question_id} v{self.version}>"


class ReportReason(enum.StrEnum):
    WRONG_ANSWER = "wrong_answer"   # 答案有误
    UNCLEAR = "unclear"             # 表述不清
    OUTDATED = "outdated"           # 过时
    OTHER = "other"


class QuestionReport(db.Model):
    """A student's or teacher's report that a question is wrong (纠错), closed by the bureau."""

    __tablename__ = "question_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    reply: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[Question] = relationship()
    version: Mapped[QuestionVersion] = relationship()
