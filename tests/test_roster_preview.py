"""Issue 14 item 10: the roster preview runs no password hash per row; the confirm compares
the given passwords and resets only those that differ."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Student
from tests.contest_world import people
from tests.factories import DEFAULT_PASSWORD


@pytest.fixture
def world(make):
    return people(make)


@pytest.fixture
def hash_checks(monkeypatch):
    """How many stored password hashes were checked (each one is a deliberately slow hash)."""
    calls = []
    original = Student.check_password

    def counting(self, password):
        calls.append(self.student_no)
        return original(self, password)

    monkeypatch.setattr(Student, "check_password", counting)
    return calls


def test_the_preview_checks_no_hash_and_the_confirm_resets_only_what_differs(
        world, login_as, hash_checks):
    client = login_as(world["admin"])
    text = ("学号,姓名,年级,班级,初始密码\n"
            f"A001,张小明,7,1班,{DEFAULT_PASSWORD}\n"   # same password: stays
            "A002,李小红,7,1班,new-secret-2\n"          # a new one: reset on confirm
            + "".join(f"N{n:03d},新生{n},7,1班,pass-{n:04d}\n" for n in range(200)))
    page = client.post("/rosters/upload", data={"file": (io.BytesIO(text.encode()), "名单.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert hash_checks == []  # 202 rows previewed, not one hash checked
    assert "文件为 2 名已有学生写了初始密码" in page and "密码：确认时比较" in page
    payload = re.search(r'name="payload"[^>]*value="([^"]+)"', page).group(1)

    done = client.post("/rosters/confirm", data={"payload": payload})
    assert done.status_code == 200
    assert done.headers["Cache-Control"] == "no-store"  # the page lists initial passwords
    assert sorted(hash_checks) == ["A001", "A002"]  # only the stored students' passwords
    db.session.expire_all()
    students = {s.student_no: s for s in db.session.scalars(select(Student))}
    assert students["A002"].check_password("new-secret-2")
    assert students["A001"].check_password(DEFAULT_PASSWORD)
    assert students["N199"].check_password("pass-0199")
