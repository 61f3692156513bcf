"""`db upgrade` builds the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from quiz import create_app
from quiz.config import normalise_database_url
from quiz.extensions import db
from tests.conftest import base_test_config


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
