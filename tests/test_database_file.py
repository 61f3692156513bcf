"""Issue 14 item 10: the SQLite file holds minors' names, so only its owner may read it."""

from __future__ import annotations

import logging
import os
import stat

import pytest
from sqlalchemy import text

from quiz import create_app
from quiz.extensions import db
from tests.support import base_test_config


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def permissive_umask():
    """The attack's precondition: a server started with umask 000 (or the usual 022, under
    which SQLite itself makes the file world-readable)."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_the_database_file_and_its_journal_are_owner_only(tmp_path, permissive_umask):
    instance = tmp_path / "instance"
    url = f"sqlite:///{instance / 'quiz.sqlite3'}"
    app = create_app({**base_test_config(url, str(instance))})
    with app.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        database = instance / "quiz.sqlite3"
        assert mode(database) == 0o600
        for companion in (instance / "quiz.sqlite3-wal", instance / "quiz.sqlite3-shm"):
            if companion.exists():
                assert mode(companion) & 0o077 == 0, (companion, oct(mode(companion)))
        db.engine.dispose()
    assert not mode(instance) & stat.S_IWOTH  # the folder is not world-writable


def test_a_file_an_older_version_left_world_readable_is_tightened(tmp_path):
    database = tmp_path / "old.sqlite3"
    database.touch()
    os.chmod(database, 0o644)
    create_app(base_test_config(f"sqlite:///{database}", str(tmp_path)))
    assert mode(database) == 0o600


def test_a_shared_folder_is_left_alone_with_a_warning(tmp_path, caplog, monkeypatch):
    # Alembic's logging set-up (any earlier `db upgrade` in this process) disables the
    # loggers that existed then; a server logs normally.
    monkeypatch.setattr(logging.getLogger("quiz.database"), "disabled", False)
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp: sticky and world-writable, not ours to change
    create_app(base_test_config(f"sqlite:///{shared / 'q.sqlite3'}", str(tmp_path)))
    assert mode(shared) == 0o1777
    assert mode(shared / "q.sqlite3") == 0o600
    assert "writable by other users" in caplog.text
