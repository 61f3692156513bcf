"""Engine set-up that differs between SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import os
import stat
import time
from pathlib import Path

from flask import Flask
from sqlalchemy import event, exc, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from quiz.extensions import db

# A pooled connection unused for longer than this is pinged before use. Under load every
# connection is reused within milliseconds, so a request costs no extra round trip; after a
# quiet spell (or a database restart then) a dead connection is replaced, not handed out.
IDLE_BEFORE_PING = 10.0  # seconds
FILE_MODE = 0o600  # the database holds minors' names: the owner only (SQLite gives its -wal,
# -shm and journal files the same mode as the database file)
log = logging.getLogger(__name__)


def secure_sqlite_file(database: str) -> None:
    """Create the SQLite file owner-only before SQLite does (it would use 0644 under the usual
    umask), tighten one an older version created, and keep its folder from being writable by
    others (anyone who can write there can swap the database or its journal)."""
    path = Path(database)
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _not_writable_by_others(folder)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
            os.chmod(path, FILE_MODE)
    else:
        os.close(descriptor)  # an empty file is an empty SQLite database


def _not_writable_by_others(folder: Path) -> None:
    info = folder.stat()
    if not info.st_mode & stat.S_IWOTH:
        return
    if info.st_uid == os.getuid() and not info.st_mode & stat.S_ISVTX:
        os.chmod(folder, stat.S_IMODE(info.st_mode) & ~stat.S_IWOTH)
    else:  # a shared folder such as /tmp, not ours to change
        log.warning("the SQLite database's folder %s is writable by other users", folder)


def configure_engine_events(app: Flask) -> None:
    """PostgreSQL: ping idle connections on checkout. SQLite: foreign keys and WAL, so it
    behaves like the production database."""
    with app.app_context():
        engine: Engine = db.engine
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _ping_after_idling(engine)
        return
    database = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    if database and database != ":memory:" and not database.startswith("file:"):
        secure_sqlite_file(database)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if ":memory:" not in app.config["SQLALCHEMY_DATABASE_URI"]:
            # WAL lets pages read while an answer is written; NORMAL sync is WAL's usual
            # partner: still safe against corruption, one fsync per checkpoint not per commit.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _ping_after_idling(engine: Engine) -> None:
    """SQLAlchemy's pessimistic disconnect handling, only for connections that sat idle.

    Raising DisconnectionError in a checkout hook makes the pool discard that connection and
    try another (SQLAlchemy's documented recipe); the ping on every checkout that
    `pool_pre_ping` does would cost each answer save a round trip.
    """
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:
        if record is not None:
            record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < IDLE_BEFORE_PING:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.rollback()
        except Exception as error:  # noqa: BLE001 (any failure: the connection is unusable)
            raise exc.DisconnectionError() from error


def ping(session: Session) -> None:
    """One round trip to the database, for the health check: raises if it does not answer."""
    session.execute(select(1))
