"""Issue 14 item 10: `flask demo` adds accounts whose passwords are published, so it refuses a
database that holds anything it did not make, unless --yes-demo."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quiz import create_app
from quiz.extensions import db
from quiz.models import School, StaffUser
from tests.support import base_test_config


def counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(School)),
            db.session.scalar(select(func.count()).select_from(StaffUser)))


def test_demo_refuses_a_database_with_a_real_school(runner, app):
    """The attack: someone runs `flask demo` against the city's production database and
    `bureau / demo-2026` now opens the bureau's account."""
    assert runner.invoke(args=["schools", "add", "--code", "JH01", "--name", "第一中学",
                               "--district", "东湖区", "--level", "junior"]).exit_code == 0
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "数据库中已有数据" in result.output and "--yes-demo" in result.output
    with app.app_context():
        assert counts() == (1, 0)  # nothing added, no bureau account


def test_demo_refuses_a_database_with_only_banks_or_staff(runner, app, make):
    with app.app_context():
        make.bank("demo", 2)
    assert runner.invoke(args=["demo"]).exit_code == 1
    with app.app_context():
        assert counts() == (0, 0)


def test_demo_refuses_a_demo_database_whose_bureau_password_was_changed(runner, app, make):
    """Once the published password is gone, the database is no longer a throwaway demo."""
    with app.app_context():
        make.staff("bureau_admin", username="bureau")  # the factory's password, not demo-2026
    assert runner.invoke(args=["demo"]).exit_code == 1


@pytest.mark.slow  # builds the whole demo city once more (test_cli_admin does it on an empty one)
def test_yes_demo_runs_anyway(tmp_path):
    app = create_app(base_test_config(f"sqlite:///{tmp_path / 'd.sqlite3'}", str(tmp_path)))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["schools", "add", "--code", "JH01", "--name", "第一中学",
                               "--district", "东湖区", "--level", "junior"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 1
    result = runner.invoke(args=["demo", "--yes-demo"])
    assert result.exit_code == 0, result.output
    assert "bureau / demo-2026" in result.output
    with app.app_context():
        assert counts()[0] == 5  # the four demo schools beside the real one
