"""The contest leaderboard call: ranking, levels, masking and scope."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quiz.contests import attempts as attempt_service
from quiz.contests.creation import ContestSpec, create_contest
from quiz.contests.rules.drawing import DrawRule
from quiz.contests.rules.shuffling import present_options
from quiz.extensions import db
from tests.contest_world import build
from tests.test_api import login


@pytest.fixture
def world(make):
    return build(make)


def play(contest, student, clock, correct: int, seconds: int):
    """The student answers `correct` questions right and finishes after `seconds`."""
    attempt = attempt_service.start_or_resume(db.session, contest, student, clock.current)
    versions = attempt_service.versions_of(db.session, attempt)
    for item in attempt.items[:correct]:
        version = versions[item.question_version_id]
        count = 2 if version.type == "true_false" else len(version.options)
        options = present_options(seed=attempt.seed, position=item.position,
                                  option_count=count, shuffle=contest.shuffle_options)
        keys = [o.key for o in options if o.index in version.answer]
        attempt_service.save_answer(db.session, attempt, contest, item.position, keys,
                                    clock.current)
    attempt_service.finish(db.session, attempt, clock.current + timedelta(seconds=seconds))


@pytest.fixture
def contest(world, clock):
    now = clock.current
    contest = create_contest(db.session, world["admin"], ContestSpec(
        title="年级赛", opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=1),
        duration_seconds=600, draw=[DrawRule("demo", 4, (1,))], school_codes=["SA"]), now)
    play(contest, world["student"], clock, correct=4, seconds=100)     # 张小明, class a1
    play(contest, world["student2"], clock, correct=4, seconds=100)    # 李小红, class a1 (tie)
    play(contest, world["student_a2"], clock, correct=2, seconds=50)   # 王小刚, class a2
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
