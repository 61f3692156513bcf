"""Staff upload Excel, GIFT or YAML banks: checked, previewed, imported for their school."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from quiz.contests.creation import ContestSpec, create_contest
from quiz.contests.rules.drawing import DrawRule
from quiz.errors import Invalid
from quiz.extensions import db
from quiz.models import Question, ScamType
from tests.contest_world import build


@pytest.fixture
def world(make):
    return build(make)


def workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["题型", "题目", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "难度"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = workbook([
    ["单选", f"校园里有人借你的饭卡给陌生人转账，怎么办？{i}", "借给他", "拒绝并告诉老师",
     "问问室友", "先借一次", "B", "出借账户可能被用来转移赃款。", i % 3 + 1]
    for i in range(6)
])


def upload(client, data: bytes, name: str = "校本.xlsx", code: str = "sa-campus", **extra):
    return client.post("/banks/upload", data={
        "file": (io.BytesIO(data), name), "code": code, "name": "校园安全", "summary": "校本题库",
        **extra}, content_type="multipart/form-data")


def payload_of(page: str) -> str:
    return re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1)


def test_teacher_imports_a_school_bank_seen_and_drawn_only_there(world, login_as, clock,
                                                                 make):
    client = login_as(world["teacher"])
    page = upload(client, GOOD).get_data(as_text=True)
    assert "新增 6" in page and "本校题库" in page
    assert db.session.scalar(select(func.count()).select_from(ScamType)) == 1  # only demo
    done = client.post("/banks/upload/confirm", data={"payload": payload_of(page)})
    assert done.status_code == 302
    db.session.expire_all()
    bank = db.session.scalar(select(ScamType).where(ScamType.code == "sa-campus"))
    assert bank.owner_school_id == world["school_a"].id
    assert "校园安全" in client.get("/banks/").get_data(as_text=True)

    other = login_as(world["teacher_b"])
    assert "校园安全" not in other.get("/banks/").get_data(as_text=True)
    assert other.get("/banks/sa-campus").status_code == 404

    rule = [DrawRule("sa-campus", 3)]
    now = clock.current
    window = {"opens_at": now, "closes_at": now + timedelta(hours=1), "duration_seconds": 600}
    contest = make.contest(world["admin"], now=now, title="校本测验", draw=rule,
                           school_codes=["SA"], **window)
    assert len(contest.paper) == 3
    with pytest.raises(Invalid):  # the bureau's city contest cannot draw a school's bank
        create_contest(db.session, world["bureau"], ContestSpec(
            title="全市", draw=rule, city_wide=True, **window), now)


def test_a_code_owned_by_the_city_cannot_be_taken(world, login_as):
    page = upload(login_as(world["teacher"]), GOOD, code="demo").get_data(as_text=True)
    assert "已被全市题库使用" in page
    assert db.session.scalar(select(func.count()).select_from(Question)) == 18


def test_broken_rows_are_listed_and_nothing_is_imported(world, login_as):
    bad = workbook([["单选", "", "甲", "乙", "", "", "E", "", 2]])
    page = upload(login_as(world["teacher"]), bad).get_data(as_text=True)
    assert "没有导入任何题目" in page and ":2:" in page
    assert db.session.scalar(select(func.count()).select_from(ScamType)) == 1


def test_bureau_uploads_a_city_bank(world, login_as):
    client = login_as(world["bureau"])
    page = upload(client, GOOD, code="city-campus").get_data(as_text=True)
    assert "全市题库" in page
    client.post("/banks/upload/confirm", data={"payload": payload_of(page)})
    db.session.expire_all()
    bank = db.session.scalar(select(ScamType).where(ScamType.code == "city-campus"))
    assert bank.owner_school_id is None


def test_a_forged_confirmation_imports_nothing(world, login_as):
    client = login_as(world["teacher"])
    page = upload(client, GOOD).get_data(as_text=True)
    response = client.post("/banks/upload/confirm", data={"payload": payload_of(page)[:-3]},
                           follow_redirects=True)
    assert "已过期" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ScamType)) == 1


def test_not_a_bank_file(world, login_as):
    page = upload(login_as(world["teacher"]), b"\x00\x01binary", name="x.yaml").get_data(
        as_text=True)
    assert "没有导入任何题目" in page
