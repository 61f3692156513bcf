"""The hot path of a contest: one answer saved with one checked statement.

A phone taps every few seconds during a contest, so a save from an API client is one
INSERT … SELECT … ON CONFLICT DO UPDATE … RETURNING whose SELECT checks everything that can
change or be forged. Whatever does not check out falls back to the checked path
(`quiz.contests.attempts.save_answer`), which tells exactly what is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, and_, bindparam, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from quiz.banks.question_types import QUESTION_TYPES
from quiz.contests.attempts import GRACE
from quiz.contests.rules.shuffling import indices_for_keys, present_options
from quiz.contests.worker_cache import AttemptKeys, caches_for, version_views
from quiz.models import Answer, ApiToken, Attempt, AttemptItem, Student, UTCDateTime


def quick_save(connection: Connection, *, token_hash: str, attempt_id: int, position: int,
               keys: Sequence[str], now: datetime) -> datetime | None:
    """The hot path of a contest: save one answer with one statement; the attempt's deadline.

    An attempt's seed and its version per position, and each version's options, never change,
    so a worker reads them once. The statement itself checks everything that can change or be
    forged: a live student's token, the attempt being that student's, open, within the
    deadline's grace, and the seed and version the worker holds being the attempt's. None
    means something did not check out: nothing was written, and the caller takes the checked
    path (`save_answer`), which tells exactly what. Does not commit.
    """
    caches = caches_for(connection)
    known = caches.attempts.get(attempt_id)
    if known is None:
        rows = connection.execute(
            select(Attempt.seed, AttemptItem.position, AttemptItem.question_version_id)
            .join(AttemptItem, AttemptItem.attempt_id == Attempt.id)
            .where(Attempt.id == attempt_id)).all()
        if not rows:
            return None
        known = AttemptKeys(seed=rows[0][0], versions={row[1]: row[2] for row in rows})
        caches.attempts.put(attempt_id, known)
    version_id = known.versions.get(position)
    if version_id is None:
        return None
    version = version_views(connection, [version_id]).get(version_id)
    if version is None:
        return None
    option_count = len(version.display_options())
    # Keys do not depend on the order shown, so the shuffle can be skipped here.
    chosen = indices_for_keys(present_options(
        seed=known.seed, position=position, option_count=option_count, shuffle=False), keys)
    if chosen is None or QUESTION_TYPES[version.type].check_given(option_count, chosen):
        return None
    row = connection.execute(_quick_statement(connection.dialect.name), {
        "attempt_id": attempt_id, "position": position, "chosen": list(chosen), "now": now,
        "earliest": now - GRACE, "seed": known.seed, "version_id": version_id,
        "token_hash": token_hash,
    }).first()
    return row[1] if row is not None else None


_QUICK_STATEMENTS: dict[str, Any] = {}


def _quick_statement(dialect: str) -> Any:
    """INSERT … SELECT … ON CONFLICT DO UPDATE … RETURNING, built once per dialect."""
    statement = _QUICK_STATEMENTS.get(dialect)
    if statement is not None:
        return statement
    position = bindparam("position", type_=Integer)
    now = bindparam("now", type_=UTCDateTime())
    checked = (
        select(Attempt.id, position, bindparam("chosen", type_=JSON), now)
        .join(AttemptItem, and_(AttemptItem.attempt_id == Attempt.id,
                                AttemptItem.position == position))
        .join(ApiToken, ApiToken.student_id == Attempt.student_id)
        .join(Student, Student.id == Attempt.student_id)
        .where(Attempt.id == bindparam("attempt_id"), Attempt.seed == bindparam("seed"),
               AttemptItem.question_version_id == bindparam("version_id"),
               ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None),
               ApiToken.expires_at > now, Student.active.is_(True),
               Attempt.finished_at.is_(None),
               Attempt.deadline_at >= bindparam("earliest", type_=UTCDateTime()))
    )
    if dialect == "postgresql":
        # As in _upsert_if_open: a finish that claimed the attempt makes this wait, then miss.
        checked = checked.with_for_update(read=True, of=Attempt)
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_(Answer).from_select(
        ["attempt_id", "position", "chosen", "saved_at"], checked)
    statement = statement.on_conflict_do_update(
        index_elements=["attempt_id", "position"],
        set_={"chosen": statement.excluded.chosen, "saved_at": statement.excluded.saved_at})
    statement = statement.returning(
        Answer.position,
        # Spelt out: SQLAlchemy does not correlate a subquery in RETURNING by itself.
        select(Attempt.deadline_at).where(Attempt.id == literal_column("answer.attempt_id"))
        .scalar_subquery())
    _QUICK_STATEMENTS[dialect] = statement
    return statement


