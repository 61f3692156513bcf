"""`db upgrade` builds the schema the models describe, on SQLite and on PostgreSQL; committed
revisions are never edited or removed (quiz/migrations/manifest.txt)."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from quiz import create_app
from quiz.config import normalise_database_url
from quiz.extensions import db
from tests.support import base_test_config

MIGRATIONS = Path(__file__).resolve().parent.parent / "quiz" / "migrations"
APPEND_ONLY = ("revisions on main are append-only: add a new revision instead "
               "(flask --app quiz db migrate -m \"what changes\") and leave committed ones as "
               "they are")


def assert_models_match_database(app) -> None:
    with app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models and migrations disagree: {differences}"


def test_upgrade_builds_an_empty_sqlite_database_matching_the_models(tmp_path):
    app = create_app(base_test_config(f"sqlite:///{tmp_path / 'm.sqlite3'}", str(tmp_path)))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
    assert {"school", "student", "question_version", "alembic_version"} <= tables
    assert_models_match_database(app)
    with app.app_context():
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}


def test_upgrade_builds_an_empty_postgres_database_matching_the_models(postgres_url, tmp_path):
    """On a database of its own, so the shared test database is not disturbed."""
    name = f"quiz_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_database_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalise_database_url(postgres_url).rsplit("/", 1)[0] + "/" + name
    try:
        app = create_app(base_test_config(url, str(tmp_path)))
        with app.app_context():
            upgrade()
        assert_models_match_database(app)
        with app.app_context():
            downgrade(revision="base")
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def revision_hash(path: Path) -> str:
    """SHA-256 of a revision file with LF line endings, so a checkout's line endings do not
    count as a change."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def manifest_problems(migrations: Path) -> list[str]:
    """What breaks the append-only rule: a listed revision edited or gone, a revision unlisted."""
    listed: dict[str, str] = {}
    for line in (migrations / "manifest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, digest = line.split()
            listed[name] = digest
    versions = migrations / "versions"
    problems = []
    for name, digest in listed.items():
        path = versions / name
        if not path.exists():
            problems.append(f"{name} is listed in manifest.txt but gone: {APPEND_ONLY}")
        elif revision_hash(path) != digest:
            problems.append(f"{name} changed since it was committed: {APPEND_ONLY}")
    for path in sorted(versions.glob("*.py")):
        if path.name not in listed:
            problems.append(f"{path.name} is a new revision: append this line to "
                            f"quiz/migrations/manifest.txt once it is final: "
                            f"{path.name} {revision_hash(path)}")
    return problems


def test_committed_revisions_are_unchanged_and_listed():
    problems = manifest_problems(MIGRATIONS)
    assert not problems, "\n".join(problems)


def test_the_guard_catches_an_edit_a_removal_and_an_unlisted_revision(tmp_path):
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    baseline = sorted((copy / "versions").glob("*.py"))[0]
    assert manifest_problems(copy) == []
    baseline.write_text(baseline.read_text().replace("\n", "\r\n"), newline="")
    assert manifest_problems(copy) == []  # line endings alone are no change
    baseline.write_text(baseline.read_text() + "# edited\n")
    assert manifest_problems(copy) == [f"{baseline.name} changed since it was committed: "
                                       f"{APPEND_ONLY}"]
    baseline.rename(baseline.with_name("renamed.py"))
    problems = manifest_problems(copy)
    assert problems[0] == f"{baseline.name} is listed in manifest.txt but gone: {APPEND_ONLY}"
    assert problems[1].startswith("renamed.py is a new revision: append this line to "
                                  "quiz/migrations/manifest.txt once it is final: renamed.py ")
