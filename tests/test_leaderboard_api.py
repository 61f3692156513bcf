"""The contest leaderboard call: ranking, levels, masking and scope."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quiz.extensions import db
from tests.api_client import login
from tests.contest_world import build


@pytest.fixture
def world(make):
    return build(make)


@pytest.fixture
def contest(world, clock, make):
    contest = make.contest(world["admin"], title="年级赛", school_codes=["SA"])
    make.attempt(contest, world["student"], right=4, seconds=100)     # 张小明, class a1
    make.attempt(contest, world["student2"], right=4, seconds=100)    # 李小红, class a1 (tie)
    make.attempt(contest, world["student_a2"], right=2, seconds=50)   # 王小刚, class a2
    return contest


def test_students_ranked_with_ties_and_masked_outside_own_class(client, contest):
    api = login(client, "A001", "SA")
    body = api.call("GET", f"/contests/{contest.id}/leaderboard").get_json()
    rows = [(r["rank"], r["name"], r["score"]) for r in body["rows"]]
    assert rows == [(1, "张小明", 20), (1, "李小红", 20), (3, "王*刚", 10)]
    assert all("student_no" not in r for r in body["rows"])


def test_class_level_counts_non_participants_as_zero(client, contest):
    api = login(client, "teacher-a")
    rows = api.call("GET", f"/contests/{contest.id}/leaderboard?level=class").get_json()["rows"]
    assert [(r["class"], r["score"], r["participation_rate"]) for r in rows] == [
        ("7年级 1班", 20.0, 1.0), ("8年级 1班", 10.0, 1.0)]


@pytest.mark.parametrize(("query", "status"), [
    ("level=city", 422), ("limit=0", 422), ("limit=x", 422),
    ("school=SB", 404), ("school=NOPE", 404),
])
def test_bad_queries(client, contest, query, status):
    api = login(client, "A001", "SA")
    assert api.call("GET", f"/contests/{contest.id}/leaderboard?{query}").status_code == status


def test_a_student_cannot_ask_for_another_class(client, contest, world):
    api = login(client, "A001", "SA")
    other = world["class_a2"].id
    response = api.call("GET", f"/contests/{contest.id}/leaderboard?class={other}")
    assert response.status_code == 404


def test_a_school_can_turn_masking_off_for_its_own_pages(client, contest, world):
    world["school_a"].mask_names = False
    db.session.commit()
    api = login(client, "A001", "SA")
    names = [r["name"] for r in api.call(
        "GET", f"/contests/{contest.id}/leaderboard").get_json()["rows"]]
    assert "王小刚" in names


def test_district_level_and_a_student_place_with_neighbours(client, contest, world):
    api = login(client, "A001", "SA")
    body = api.call("GET", f"/contests/{contest.id}/leaderboard?level=district").get_json()
    # the contest is SA's only, so SB's district is not on it
    assert [(r["rank"], r["name"], r["school"], r["score"], r["participation_rate"])
            for r in body["rows"]] == [(1, world["school_a"].district.name, None, 16.7, 1.0)]
    body = api.call("GET", f"/contests/{contest.id}/leaderboard").get_json()
    assert body["division"] == "junior" and body["total"] == 3
    assert [r["name"] for r in body["mine"]] == ["张小明", "李小红", "王*刚"]


def test_divisions_separate_school_levels(client, contest, world, make, clock):
    primary = make.school("SP", level="primary")
    pupil = make.student(make.school_class(primary, grade=5), student_no="P001", name="钱小多")
    db.session.commit()
    api = login(client, "A001", "SA")
    every = api.call("GET", f"/contests/{contest.id}/leaderboard?division=all").get_json()
    assert every["division"] is None and every["total"] == 3
    assert pupil.id  # a primary pupil outside the contest changes nothing on the junior board
    response = api.call("GET", f"/contests/{contest.id}/leaderboard?division=kindergarten")
    assert response.status_code == 422
    primary_board = api.call("GET", f"/contests/{contest.id}/leaderboard?division=primary")
    assert primary_board.get_json()["rows"] == []


def test_season_board_and_list(client, contest, world, clock):
    from quiz.models.standings import Season
    from quiz.rankings.standings import rebuild_standings

    today = clock.current.date()
    season = Season(name="2026秋季学期", starts_on=today - timedelta(days=1),
                    ends_on=today + timedelta(days=1))
    db.session.add(season)
    db.session.commit()
    rebuild_standings(db.session)
    db.session.commit()
    api = login(client, "A001", "SA")
    listed = api.call("GET", "/seasons").get_json()["seasons"]
    assert [s["name"] for s in listed] == ["2026秋季学期"]
    # A school's own contest counts only once the bureau marks it as counting.
    assert api.call("GET", f"/seasons/{season.id}/leaderboard").get_json()["rows"] == []
    mark = f"/seasons/{season.id}/contests/{contest.id}"
    refused = login(client, "admin-a").call("PUT", mark, {"counts": True})
    assert refused.status_code == 403
    assert "教育局" in refused.get_json()["error"]["message"]
    marked = login(client, "bureau").call("PUT", mark, {"counts": True})
    assert marked.status_code == 200 and marked.get_json()["counts_in_season"] is True
    body = api.call("GET", f"/seasons/{season.id}/leaderboard?level=class").get_json()
    assert body["season_id"] == season.id and body["contest_id"] is None
    # Season points are percentages: 20 of 20 points is 100, 10 of 20 is 50.
    assert [(r["class"], r["score"]) for r in body["rows"]][:2] == [
        ("7年级 1班", 100.0), ("8年级 1班", 50.0)]
    assert api.call("GET", "/seasons/999/leaderboard").status_code == 404
    spec = api.call("GET", "/openapi.json").get_json()
    assert "/api/v1/seasons/{season_id}/leaderboard" in spec["paths"]


def test_a_teacher_of_another_school_gets_not_found(client, contest, world):
    contest.city_wide = True  # visible to every school's staff
    db.session.commit()
    api = login(client, "teacher-b")
    base = f"/contests/{contest.id}/leaderboard"
    for query in (f"class={world['class_a1'].id}", "school=SA",
                  f"district={world['school_a'].district.name}"):
        response = api.call("GET", f"{base}?{query}")
        assert response.status_code == 404, query
        assert "张" not in response.get_data(as_text=True)
    assert api.call("GET", f"{base}?level=class&school=SB").status_code == 200


@pytest.mark.parametrize("path", [
    "/contests/{contest}/leaderboard?class=99999999999",
    "/contests/99999999999/leaderboard",
    "/seasons/99999999999/leaderboard",
    "/contests/{contest}/leaderboard?limit=99999999999",
])
def test_ids_past_the_integer_range_are_not_found(client, contest, path):
    api = login(client, "A001", "SA")
    response = api.call("GET", path.format(contest=contest.id))
    assert response.status_code in (404, 422)
