"""Leaderboard pages: what each role sees, bad queries, other schools' boards, seasons."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models.standings import Season, SeasonStanding
from tests import leaderboard_world


@pytest.fixture
def world(make, clock):
    return leaderboard_world.build(make, clock, [
        ("student", 4, 100),     # 张小明, SA 7/1
        ("student2", 3, 100),    # 李小红, SA 7/1
        ("student_a2", 2, 50),   # 王小刚, SA 8/1
        ("student_b", 4, 90),    # 赵小丽, SB 7/1
    ])


def text(response) -> str:
    return response.get_data(as_text=True)


def test_student_sees_class_school_and_city_place(login_as, world):
    client = login_as(world["student"])
    page = text(client.get(f"/leaderboards/?contest={world['contest'].id}"))
    assert "张小明" in page and "李小红" in page          # own class by name
    assert "王*刚" in page and "王小刚" not in page         # another class of the school: masked
    assert "赵*丽" in page and "赵小丽" not in page         # another school: masked
    assert "A101" not in page and "B001" not in page       # no student numbers
    assert "我在全市" in page


def test_student_season_board(login_as, world):
    client = login_as(world["student"])
    response = client.get(f"/leaderboards/?season={world['season'].id}")
    assert response.status_code == 200
    assert "赛季：2026秋季学期" in text(response)


def test_teacher_and_bureau_pages(login_as, world, client):
    page = text(login_as(world["teacher"]).get(f"/leaderboards/?contest={world['contest'].id}"))
    assert "本校班级排名" in page and "7年级 1班" in page and "张小明" in page
    assert "王*刚" in page                                # a class the teacher does not teach
    page = text(login_as(world["bureau"]).get(f"/leaderboards/?contest={world['contest'].id}"))
    assert "区县排名" in page and "学校排名" in page
    assert "张小明" not in page                            # the bureau sees aggregates


@pytest.mark.parametrize("query", [
    "level=city", "scope=galaxy", "level=district&scope=school", "division=kindergarten",
    "limit=0", "limit=abc", "class=x1", "contest=1&season=1",
])
def test_bad_queries_get_a_clear_message(login_as, world, query):
    client = login_as(world["student"])
    base = "" if "contest=" in query else f"contest={world['contest'].id}&"
    response = client.get(f"/leaderboards/board?{base}{query}")
    assert response.status_code == 400
    assert "排行" in text(response) or "参数" in text(response) or "学段" in text(response)


def test_other_schools_boards_are_not_found(login_as, world):
    contest = world["contest"].id
    student = login_as(world["student"])
    assert student.get(f"/leaderboards/board?contest={contest}&level=student&scope=class"
                       f"&class={world['class_a2'].id}").status_code == 404
    assert student.get(f"/leaderboards/board?contest={contest}&level=student&scope=school"
                       f"&school={world['school_b'].id}").status_code == 404
    assert student.get(f"/leaderboards/board?contest={contest}&scope=class"
                       "&class=999999").status_code == 404
    teacher = login_as(world["teacher"])
    for query in (f"scope=class&class={world['class_b1'].id}",
                  f"scope=school&school={world['school_b'].id}",
                  f"scope=district&district={world['school_b'].district_id}"):
        response = teacher.get(f"/leaderboards/board?contest={contest}&{query}")
        assert response.status_code == 404
        assert "赵" not in text(response)
    assert teacher.get(f"/leaderboards/projector?contest={contest}"
                       f"&class={world['class_b1'].id}").status_code == 404


def test_projector_masks_every_name(login_as, world):
    page = text(login_as(world["teacher"]).get(
        f"/leaderboards/projector?contest={world['contest'].id}"))
    assert "张*明" in page and "张小明" not in page
    assert 'http-equiv="refresh"' in page


def test_home_card_shows_the_latest_place(login_as, world):
    page = text(login_as(world["student"]).get("/"))
    assert "全市第 1 / 2 名" in page or "全市第" in page
    assert "班级第 1 名" in page


def test_season_form_refuses_an_end_before_the_start(login_as, world):
    client = login_as(world["bureau"])
    response = client.post("/leaderboards/seasons", data={
        "name": "倒着的赛季", "starts_on": "2026-12-01", "ends_on": "2026-11-01"})
    assert response.status_code == 200
    assert "最后一天不能早于第一天" in text(response)
    db.session.expire_all()
    assert db.session.scalar(select(Season).where(Season.name == "倒着的赛季")) is None


def test_season_form_creates_and_edits_and_rebuilds(login_as, world):
    client = login_as(world["bureau"])
    response = client.post("/leaderboards/seasons", data={
        "name": "2027春季学期", "starts_on": "2027-02-01", "ends_on": "2027-07-01"})
    assert response.status_code == 302
    season = db.session.scalar(select(Season).where(Season.name == "2027春季学期"))
    assert client.post(f"/leaderboards/seasons/{season.id}", data={
        "name": "2027春季学期", "starts_on": "2020-01-01", "ends_on": "2030-01-01",
    }).status_code == 302
    db.session.expire_all()
    rows = db.session.scalars(select(SeasonStanding).where(
        SeasonStanding.season_id == season.id)).all()
    assert len(rows) == 4                      # the contest now falls inside: rebuilt
    assert client.post(f"/leaderboards/seasons/{season.id}", data={
        "name": "2026秋季学期", "starts_on": "2020-01-01", "ends_on": "2030-01-01",
    }).status_code == 200                      # name taken: refused


def test_only_the_bureau_manages_seasons(login_as, world):
    assert login_as(world["admin"]).get("/leaderboards/seasons").status_code == 403
    assert login_as(world["student"]).get("/leaderboards/seasons").status_code == 403


def test_season_dates_check(world):
    season = Season(name="x", starts_on=date(2026, 9, 1), ends_on=date(2026, 8, 1))
    db.session.add(season)
    with pytest.raises(Exception):  # noqa: B017 (the database refuses it too)
        db.session.commit()
    db.session.rollback()
