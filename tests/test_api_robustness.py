"""Issue 14 items 9 and 10 (API): requests that used to answer 500, date bounds in the API and
the forms, and the results call in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import AuditEntry, Contest, Season
from tests.api_client import login
from tests.contest_world import build, contest_body, form_data, open_contest


@pytest.fixture
def world(make):
    return build(make)


def contests() -> int:
    return db.session.scalar(select(func.count()).select_from(Contest))


def test_revoking_without_a_token_while_signed_in_is_a_400_not_a_500(world, login_as):
    """The attack: DELETE /api/v1/token with the page's session cookie and no Authorization."""
    client = login_as(world["student"])
    response = client.delete("/api/v1/token")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert "Bearer" in response.get_json()["error"]["message"]
    assert client.get("/api/v1/contests").status_code == 200  # the session still works


def test_revoking_with_a_token_still_works(world, client):
    api = login(client, "teacher-a")
    assert api.call("DELETE", "/token").status_code == 204
    assert api.call("GET", "/contests").status_code == 401


@pytest.mark.parametrize(("field", "value"), [
    ("closes_at", "9999-12-31T23:59:59-12:00"),  # year 10000 in UTC
    ("opens_at", "0001-01-01T00:00+14:00"),       # before year 1 in UTC
    ("opens_at", "1999-12-31T23:59:59+08:00"),
    ("closes_at", "2101-01-01T00:00:00+08:00"),
])
def test_contest_times_out_of_range_are_a_422_on_their_field(world, client, clock, field, value):
    api = login(client, "teacher-a")
    body = contest_body(clock.current, scope={"schools": ["SA"],
                                              "classes": [world["class_a1"].id]})
    body[field] = value
    response = api.call("POST", "/contests", body)
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["fields"][field] == ["日期须在 2000 年到 2100 年之间。"]
    assert contests() == 0


def test_the_openapi_document_states_the_years(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    text = str(spec)
    assert "years 2000–2100" in text


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59", "1999-01-01T08:00"])
def test_the_contest_form_refuses_years_out_of_range(world, login_as, clock, value):
    client = login_as(world["teacher"])
    response = client.post("/staff/contests/new", data=form_data(world, clock, opens_at=value))
    assert response.status_code == 200
    assert "日期须在 2000 年到 2100 年之间。" in response.get_data(as_text=True)
    assert contests() == 0


def test_the_season_form_refuses_years_out_of_range(world, login_as):
    client = login_as(world["bureau"])
    response = client.post("/leaderboards/seasons", data={
        "name": "远古学期", "starts_on": "0001-01-01", "ends_on": "9999-12-31"})
    assert response.status_code == 200
    assert "日期须在 2000 年到 2100 年之间。" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Season)) == 0


def test_reading_results_through_the_api_is_audited(world, client, make):
    """Names and student numbers leave the server through GET …/results: the log says who."""
    contest = open_contest(make, world)
    make.attempt(contest, world["student"], right=2, seconds=60)
    api = login(client, "teacher-a")
    response = api.call("GET", f"/contests/{contest.id}/results")
    assert response.status_code == 200 and response.get_json()["students"]
    db.session.expire_all()
    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert (entry.action, entry.actor_id, entry.school_id, entry.target) == (
        "results.api", world["teacher"].id, world["school_a"].id, contest.title)
    assert entry.details == {"contest_id": contest.id, "students": 2}
