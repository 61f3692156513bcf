"""Importing validated bank files into the database.

Idempotent by question id: an unchanged question is left alone, an edited one gets a new
version (attempts keep the version they drew), and a question that disappeared from its scam
type's file is retired, never deleted. The caller validates every file first and commits once,
so one bad file changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.banks.validation import BankFile, BankQuestion
from quiz.models import Question, QuestionVersion, ScamType


@dataclass
class ImportSummary:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    retired: int = 0

    def line(self) -> str:
        return (f"imported: {self.new} new, {self.changed} changed, "
                f"{self.unchanged} unchanged, {self.retired} retired")


def version_fields(question: BankQuestion) -> dict[str, Any]:
    """The stored form of a question's wording, the same shape as QuestionVersion.content()."""
    return {
        "type": question.type, "difficulty": question.difficulty, "stem": question.stem,
        "options": list(question.options), "answer": list(question.answer),
        "explanation": question.explanation,
        "dialogue": [{"from": who, "text": text} for who, text in question.dialogue],
        "tags": list(question.tags),
        "audience": list(question.audience) if question.audience is not None else None,
        "source": question.source,
    }


def content_hash(fields: dict[str, Any]) -> str:
    encoded = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def import_bank_files(
    session: Session, files: Iterable[BankFile], *, now: datetime,
    on_file: Callable[[BankFile], None] | None = None,
) -> ImportSummary:
    """Apply validated files to the session without committing; return what changed."""
    files = list(files)
    # A question that moved to another scam type's file is moved, not retired and revived.
    in_any_file = {question.id for bank in files for question in bank.questions}
    summary = ImportSummary()
    for bank in files:
        scam_type = _upsert_scam_type(session, bank, now)
        for question in bank.questions:
            _upsert_question(session, scam_type, question, now, summary)
        summary.retired += _retire_missing(session, scam_type, in_any_file, now)
        if on_file is not None:
            on_file(bank)
    return summary


def _upsert_scam_type(session: Session, bank: BankFile, now: datetime) -> ScamType:
    data = bank.scam_type
    scam_type = session.scalar(select(ScamType).where(ScamType.code == data.code))
    if scam_type is None:
        scam_type = ScamType(code=data.code)
        session.add(scam_type)
    scam_type.name = data.name
    scam_type.summary = data.summary
    scam_type.warning_signs = list(data.warning_signs)
    scam_type.audience = list(data.audience) if data.audience is not None else None
    scam_type.source_file = bank.path.replace("\\", "/").rsplit("/", 1)[-1]
    scam_type.updated_at = now
    session.flush()
    return scam_type


def _upsert_question(session: Session, scam_type: ScamType, data: BankQuestion,
                     now: datetime, summary: ImportSummary) -> None:
    fields = version_fields(data)
    digest = content_hash(fields)
    question = session.scalar(select(Question).where(Question.code == data.id))
    if question is None:
        question = Question(code=data.id, scam_type=scam_type)
        session.add(question)
        _add_version(session, question, fields, digest, 1, now)
        summary.new += 1
        return
    current = question.current_version
    moved_or_revived = question.scam_type_id != scam_type.id or question.retired_at is not None
    question.scam_type = scam_type
    question.retired_at = None
    if current is not None and current.content_hash == digest:
        if moved_or_revived:
            summary.changed += 1
        else:
            summary.unchanged += 1
        return
    next_number = (current.version if current else 0) + 1
    _add_version(session, question, fields, digest, next_number, now)
    summary.changed += 1


def _add_version(session: Session, question: Question, fields: dict[str, Any], digest: str,
                 number: int, now: datetime) -> None:
    version = QuestionVersion(question=question, version=number, content_hash=digest,
                              created_at=now, **fields)
    session.add(version)
    session.flush()
    question.current_version = version


def _retire_missing(session: Session, scam_type: ScamType, keep: set[str], now: datetime) -> int:
    retired = 0
    active = session.scalars(
        select(Question).where(Question.scam_type_id == scam_type.id, Question.retired_at.is_(None))
    ).all()
    for question in active:
        if question.code not in keep:
            question.retired_at = now
            retired += 1
    return retired
