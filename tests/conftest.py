"""Fixtures in the flaskr manner: each test builds its own app on a real database.

SQLite by default (a fresh file per test). Set QUIZ_TEST_DATABASE_URL to run the same suite on
PostgreSQL: the tables are built once and emptied after every test. QUIZ_REQUIRE_POSTGRES=1 and
QUIZ_REQUIRE_BROWSER=1 (set by .ci/run) turn the skips for a missing PostgreSQL or Chromium into
failures; QUIZ_RUN_SLOW=1 (also set there) runs the tests marked `slow`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from quiz import create_app
from quiz.extensions import db
from tests import factories
from tests.support import base_test_config, log_in

POSTGRES_URL = os.environ.get("QUIZ_TEST_DATABASE_URL", "").strip()
RUN_SLOW = os.environ.get("QUIZ_RUN_SLOW") == "1"


def pytest_collection_modifyitems(config, items):
    if RUN_SLOW:
        return
    skip = pytest.mark.skip(reason="slow test: set QUIZ_RUN_SLOW=1 to run it (.ci/run does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres_tables_built() -> Iterator[bool]:
    """Build the schema on the PostgreSQL test database once per run."""
    if not POSTGRES_URL:
        yield False
        return
    app = create_app(base_test_config(POSTGRES_URL, ""))
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield True


@pytest.fixture
def app_config(tmp_path, postgres_tables_built) -> dict:
    url = POSTGRES_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return base_test_config(url, str(tmp_path))


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        if not POSTGRES_URL:
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if POSTGRES_URL:
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def live_server(app):
    """The test app on a real threaded server at 127.0.0.1 for one test: each request gets its
    own app context and database session, as in production."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app, app_config):
    """A client of a second app on the same database.

    Tests keep an app context open (for factories and checks); Flask would reuse it, and so
    one database session, for every request. A second app gives each request its own context
    and session, as in production; re-read rows after a request (db.session.expire_all()).
    """
    served = create_app(app_config)
    return served.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app_ctx):
    """Factories bound to the test database: make.school(), make.student(...), …"""
    return factories.Factory(db.session)


@pytest.fixture
def login_as(client):
    def _login(user):
        log_in(client, user)
        return client

    return _login


@pytest.fixture
def postgres_url() -> str:
    if not POSTGRES_URL:
        if os.environ.get("QUIZ_REQUIRE_POSTGRES") == "1":
            pytest.fail("QUIZ_REQUIRE_POSTGRES=1 but QUIZ_TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL not configured (set QUIZ_TEST_DATABASE_URL)")
    return POSTGRES_URL


class MovableClock:
    """A clock tests move by hand: `clock.advance(minutes=5)`."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


@pytest.fixture
def clock(app, client):
    """One clock for the test's app and the app serving `client`."""
    movable = MovableClock(datetime.now(UTC).replace(microsecond=0))
    app.extensions["clock"] = movable
    client.application.extensions["clock"] = movable
    return movable
