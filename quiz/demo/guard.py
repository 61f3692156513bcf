"""Whether `demo` may run on a database: it creates logins whose passwords are published.

Allowed on an empty database (the README's Quick start on a fresh machine), on a database the
demo made before (its bureau login still has the demo password, so a second run reveals
nothing new), or when the operator says so with --yes-demo. Anything else (a city's real
schools, staff, pupils or banks) is refused before a single row or migration is written.
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from quiz.passwords import verify_password

# What a real deployment holds before anyone would think of running the demo on it.
CONTENT_TABLES = ("school", "staff_user", "student", "scam_type", "contest")


def is_empty(engine: Engine) -> bool:
    """No table yet, or none of the content tables has a row."""
    existing = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        for table in CONTENT_TABLES:
            if table in existing and connection.execute(
                    text(f"SELECT 1 FROM {table} LIMIT 1")).first() is not None:  # noqa: S608
                return False
    return True


def is_demo_database(engine: Engine, username: str, password: str) -> bool:
    """The demo's own bureau account exists and still has the published demo password."""
    if "staff_user" not in inspect(engine).get_table_names():
        return False
    with engine.connect() as connection:
        row = connection.execute(text("SELECT password_hash FROM staff_user WHERE username = :u"),
                                 {"u": username}).first()
    return row is not None and verify_password(row[0], password)


def may_run(engine: Engine, *, confirmed: bool, username: str, password: str) -> bool:
    return confirmed or is_empty(engine) or is_demo_database(engine, username, password)
