"""`schools add`, `users create` and `demo`: the documented commands and their bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import District, School, StaffUser, Student


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_schools_add(runner, app_ctx):
    result = runner.invoke(args=["schools", "add", "--code", "jh01", "--name", "第一初级中学",
                                 "--district", "东湖区", "--level", "junior"])
    assert result.exit_code == 0, result.output
    school = db.session.scalar(select(School))
    assert (school.code, school.level, school.district.name) == ("JH01", "junior", "东湖区")
    again = runner.invoke(args=["schools", "add", "--code", "JH01", "--name", "x",
                                "--district", "东湖区", "--level", "junior"])
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert count(School) == 1 and count(District) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--code", "J H", "--name", "x", "--district", "d", "--level", "junior"], "school code"),
    (["--code", "JH02", "--name", "x", "--district", "d", "--level", "kindergarten"], "level"),
    (["--code", "JH02", "--name", " ", "--district", "d", "--level", "junior"], "empty"),
])
def test_schools_add_bad_input(runner, app_ctx, args, message):
    result = runner.invoke(args=["schools", "add", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert count(School) == 0


def test_users_create_teacher_with_classes(runner, make):
    make.school("JH01")
    result = runner.invoke(args=["users", "create", "--role", "teacher", "--username", "wang",
                                 "--password", "secret-123", "--school", "JH01", "--name", "王老师",
                                 "--class", "7/2班", "--class", "8/1班"])
    assert result.exit_code == 0, result.output
    teacher = db.session.scalar(select(StaffUser).where(StaffUser.username == "wang"))
    assert [c.label for c in teacher.classes] == ["7年级 2班", "8年级 1班"]
    assert teacher.check_password("secret-123")


@pytest.mark.parametrize(("args", "message"), [
    (["--role", "teacher", "--username", "t100", "--password", "secret-123"],
     "--school is required"),
    (["--role", "teacher", "--username", "t100", "--password", "secret-123", "--school", "NOPE"],
     "no school"),
    (["--role", "bureau_admin", "--username", "b100", "--password", "short"], "at least 8"),
    (["--role", "bureau_admin", "--username", "b100", "--password", "secret-123",
      "--school", "JH01"], "belongs to no school"),
    (["--role", "teacher", "--username", "t100", "--password", "secret-123", "--school", "JH01",
      "--class", "seven"], "GRADE/NAME"),
    (["--role", "student", "--username", "s100", "--password", "secret-123"], "role"),
])
def test_users_create_bad_input(runner, make, args, message):
    make.school("JH01")
    result = runner.invoke(args=["users", "create", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert count(StaffUser) == 0


def test_demo_builds_the_city_once(tmp_path):
    """On an empty database through migrations, like the Quick start; twice adds nothing."""
    from quiz import create_app
    from tests.support import base_test_config

    app = create_app(base_test_config(f"sqlite:///{tmp_path / 'demo.sqlite3'}", str(tmp_path)))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "bureau / demo-2026" in first.output
    assert "学校代码 DH02, 学号 070101, 密码 123456" in first.output
    with app.app_context():
        assert count(School) == 4 and count(District) == 2
        assert count(Student) == 4 * 3 * 30
        teachers = db.session.scalars(select(StaffUser).where(StaffUser.role == "teacher")).all()
        assert len(teachers) == 12 and all(len(t.classes) == 1 for t in teachers)
        levels = sorted(db.session.scalars(select(School.level)))
        assert levels == ["junior", "primary", "senior", "vocational"]
    with app.app_context():
        from quiz.models import Attempt, Contest

        contests = {c.title: c for c in db.session.scalars(select(Contest))}
        assert len(contests) == 2
        closed = contests["东湖一中反诈小测（第一周）"]
        results = db.session.scalars(select(Attempt).where(Attempt.contest_id == closed.id)).all()
        assert 60 <= len(results) <= 90 and all(a.finished_at for a in results)
        assert len({a.score for a in results}) > 3  # a spread of scores, not one value
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert "demo city ready: 0 new records" in second.output
    assert "demo contests ready: 0 new" in second.output
    assert "imported: 0 new, 0 changed" in second.output
    with app.app_context():
        assert count(Student) == 360
    client = app.test_client()
    response = client.post("/login", data={"school": "DH02", "student_no": "070101",
                                           "password": "123456"})
    assert response.status_code == 302
