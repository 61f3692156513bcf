"""Fair seasons (issue 12 item 5): only contests the bureau marks count, each as a percentage of
its maximum, and no contest can price a question above 100 points."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import AuditEntry, Contest
from quiz.models.standings import SeasonStanding
from quiz.rankings.rules import season_points
from tests.api_client import login
from tests.contest_world import contest_body, form_data
from tests.leaderboard_world import city_contest, with_season


@pytest.mark.parametrize(("score", "maximum", "points"), [
    (0, 0, 0), (0, 20, 0), (20, 20, 100), (10, 20, 50), (1, 3, 33), (2, 3, 67), (1, 8, 13),
    (1, 200, 1), (1, 201, 0), (25, 20, 100), (-5, 20, 0),
])
def test_season_points_are_a_rounded_percentage(score, maximum, points):
    assert season_points(score, maximum) == points


def test_a_long_high_scoring_contest_weighs_no_more_than_a_short_one():
    assert season_points(7000, 7000) == season_points(10, 10) == 100


@pytest.fixture
def world(make, clock):
    return with_season(make, clock)


def season_scores() -> dict[int, int]:
    db.session.expire_all()
    return {row.student_id: row.score for row in db.session.scalars(select(SeasonStanding))}


def test_uncounted_contests_leave_the_season_board_alone(world, make):
    """The issue's case: a school's contest at 100 points a question, three attempts, is not
    on the season board until the bureau marks it; then it counts as a percentage."""
    student, other = world["student"], world["student2"]
    cheap = make.contest(world["admin"], title="校内赛", school_codes=["SA"], max_attempts=3,
                         reveal="after_close", points={1: 100, 2: 100, 3: 100})
    for _ in range(3):
        make.attempt(cheap, student, right=4)
    assert season_scores() == {}
    counted = city_contest(make, world)
    make.attempt(counted, student, right=2)        # 10 of 20
    make.attempt(counted, other, right=4)          # 20 of 20
    assert season_scores() == {student.id: 50, other.id: 100}


def test_bureau_marks_a_contest_on_the_season_page(world, make, login_as):
    student = world["student"]
    contest = make.contest(world["admin"], title="校内赛", school_codes=["SA"])
    make.attempt(contest, student, right=3)        # 15 of 20
    season = world["season"]
    client = login_as(world["bureau"])
    page = client.get(f"/leaderboards/seasons/{season.id}").get_data(as_text=True)
    assert "校内赛" in page and "计入赛季" in page
    url = f"/leaderboards/seasons/{season.id}/contests/{contest.id}"
    response = client.post(url, data={"counts": "1"}, follow_redirects=True)
    assert "已计入赛季" in response.get_data(as_text=True)
    assert season_scores() == {student.id: 75}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "season.count"))
    assert entry.details == {"contest_id": contest.id, "season_id": season.id}
    client.post(url, data={"counts": "0"})
    assert season_scores() == {}
    bad = client.post(url, data={"counts": "yes"})
    assert bad.status_code == 422 and "计入或不计入" in bad.get_data(as_text=True)
    assert client.post(f"/leaderboards/seasons/{season.id}/contests/999999",
                       data={"counts": "1"}).status_code == 404


def test_only_the_bureau_may_count_a_contest(world, make, login_as, client, clock):
    contest = make.contest(world["admin"], title="校内赛", school_codes=["SA"])
    season = world["season"]
    admin = login_as(world["admin"])
    refused = admin.post(f"/leaderboards/seasons/{season.id}/contests/{contest.id}",
                         data={"counts": "1"})
    assert refused.status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(Contest, contest.id).counts_in_season is False
    api = login(client, "admin-a")
    response = api.call("POST", "/contests", contest_body(clock.current, counts_in_season=True))
    assert response.status_code == 422
    assert "只有教育局可以把竞赛计入赛季" in str(response.get_json())


@pytest.mark.parametrize("points", [0, 101, 1000])
def test_points_outside_1_to_100_are_refused_by_the_api(world, client, clock, points):
    api = login(client, "admin-a")
    response = api.call("POST", "/contests", contest_body(
        clock.current, points={"1": 5, "2": points, "3": 15}))
    assert response.status_code == 422
    assert "points.2" in response.get_json()["error"]["fields"]


def test_points_1000_are_refused_by_the_form(world, login_as, clock):
    client = login_as(world["teacher"])
    response = client.post("/staff/contests/new", data=form_data(world, clock, points_hard="1000"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "每题 1 到 100 分" in page
    assert db.session.scalar(select(db.func.count(Contest.id))) == 0


def test_the_bureau_counts_its_contest_when_creating_it(world, login_as, clock):
    client = login_as(world["bureau"])
    data = form_data(world, clock, counts_in_season="y", schools=["SA"])
    data.pop("classes")
    response = client.post("/staff/contests/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.scalar(select(Contest.counts_in_season)) is True


def test_a_school_editing_its_counted_contest_keeps_it_counted(world, make, login_as, clock):
    """The school's form has no 计入赛季 box: saving it must not undo the bureau's mark."""
    from datetime import timedelta

    contest = make.contest(world["admin"], title="校内赛", school_codes=["SA"],
                           opens_at=clock.current + timedelta(hours=1),
                           closes_at=clock.current + timedelta(hours=3),
                           counts_in_season=None)
    contest.counts_in_season = True  # as the bureau marked it
    db.session.commit()
    data = form_data(world, clock, title="改过的名字", classes=[])
    data["opens_at"] = (clock.current + timedelta(hours=10)).strftime("%Y-%m-%dT%H:%M")
    response = login_as(world["admin"]).post(f"/staff/contests/{contest.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contest, contest.id).counts_in_season is True
