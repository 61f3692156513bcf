"""The standing tables: the incremental path (on every finish) equals a rebuild from attempts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models.standings import ContestStanding, GroupTotal, Season, SeasonStanding
from quiz.rankings.rules import season_points
from quiz.rankings.standings import rebuild_standings
from tests.leaderboard_world import city_contest, snapshot, with_season


@pytest.fixture
def world(make, clock):
    return with_season(make, clock)


def test_incremental_standings_equal_a_rebuild(world, clock, make):
    first = city_contest(make, world, attempts=2)
    second = city_contest(make, world)
    make.attempt(first, world["student"], right=2, seconds=100)
    make.attempt(first, world["student"], right=4, seconds=200)      # a better second attempt
    make.attempt(first, world["student2"], right=4, seconds=100)
    make.attempt(first, world["student2"], right=3, seconds=10)      # worse: first one counts
    make.attempt(first, world["student_b"], right=0, seconds=30)
    make.attempt(second, world["student"], right=1, seconds=60)
    make.attempt(second, world["student_a2"], right=4, seconds=60)
    incremental = snapshot()
    assert len(incremental["contest"]) == 5
    season = db.session.scalar(select(SeasonStanding).where(
        SeasonStanding.student_id == world["student"].id))
    # 20 of 20 points (100 season points) and 5 of 20 (25)
    assert (season.score, season.contests, season.time_used_seconds) == (125, 2, 260)
    rebuild_standings(db.session)
    db.session.commit()
    assert snapshot() == incremental
    rebuild_standings(db.session, first.id)
    db.session.commit()
    assert snapshot() == incremental


def test_group_totals_count_enrolled_students_and_non_participants(world, clock, make):
    contest = city_contest(make, world, schools=("SA",))
    make.attempt(contest, world["student"], right=4, seconds=100)
    totals = {(g.kind, g.group_id): (g.enrolled, g.participants, g.score_sum)
              for g in db.session.scalars(select(GroupTotal).where(
                  GroupTotal.board == "contest", GroupTotal.board_id == contest.id))}
    assert totals[("class", world["class_a1"].id)] == (2, 1, 20)
    assert totals[("class", world["class_a2"].id)] == (1, 0, 0)
    assert totals[("school", world["school_a"].id)] == (3, 1, 20)
    assert ("school", world["school_b"].id) not in totals  # not in the contest's scope
    season = {(g.kind, g.group_id): (g.enrolled, g.participants, g.score_sum)
              for g in db.session.scalars(select(GroupTotal).where(GroupTotal.board == "season"))}
    assert season[("school", world["school_b"].id)] == (1, 0, 0)


def test_a_contest_outside_every_season_has_no_season_rows(world, clock, make):
    db.session.execute(Season.__table__.update().values(starts_on=date(2020, 1, 1),
                                                        ends_on=date(2020, 2, 1)))
    db.session.commit()
    contest = city_contest(make, world)
    make.attempt(contest, world["student"], right=4, seconds=100)
    assert snapshot()["season"] == []


def test_a_finish_through_the_api_is_on_every_board_at_once(client, world, clock, make):
    """No cache, no delay: the next read of any board after the finish's response shows it."""
    from tests.api_client import login

    contest = city_contest(make, world)
    make.attempt(contest, world["student2"], right=1, seconds=50)
    api = login(client, "A001", "SA")
    attempt = api.call("POST", f"/contests/{contest.id}/attempts").get_json()
    question = attempt["questions"][0]
    api.call("PUT", f"/attempts/{attempt['id']}/answers/{question['id']}",
             {"answer": [question["options"][0]["key"]]})
    result = api.call("POST", f"/attempts/{attempt['id']}/finish").get_json()
    season = db.session.scalar(select(Season.id))
    base = f"/contests/{contest.id}/leaderboard"
    class_a1, school_a = world["class_a1"], world["school_a"]
    for path in (f"{base}", f"{base}?class={class_a1.id}", f"{base}?school=SA",
                 f"{base}?district={school_a.district.name}", f"{base}?division=all"):
        body = api.call("GET", path).get_json()
        mine = [row for row in body["mine"] if row["me"]]
        assert mine and mine[0]["score"] == result["score"], path
    # The season board shows the same result as season points (a share of the maximum).
    body = api.call("GET", f"/seasons/{season}/leaderboard").get_json()
    mine = [row for row in body["mine"] if row["me"]]
    assert mine and mine[0]["score"] == season_points(result["score"], result["max_score"])
    groups = {
        "class": api.call("GET", f"{base}?level=class").get_json()["rows"],
        "school": api.call("GET", f"{base}?level=school&division=all").get_json()["rows"],
        "district": api.call("GET", f"{base}?level=district").get_json()["rows"],
    }
    assert any(r["class"] == class_a1.label and r["participation_rate"] == 1.0
               for r in groups["class"])
    assert [r["participation_rate"] for r in groups["school"]
            if r["school"] == school_a.name] == [0.6667]          # 2 of its 3 students
    assert [r["participation_rate"] for r in groups["district"]
            if r["name"] == school_a.district.name] == [0.6667]


def test_season_rows_follow_the_season_rule(world, clock, make):
    """The SQL season totals equal quiz.rankings.rules.season_total over the contest rows."""
    from quiz.rankings.rules import StudentResult, season_total

    for contest in (city_contest(make, world), city_contest(make, world)):
        for key, correct in (("student", 4), ("student2", 2), ("student_b", 3)):
            make.attempt(contest, world[key], right=correct, seconds=40 + correct)
    make.attempt(contest, world["student_a2"], right=1, seconds=10)
    bests: dict[int, list] = {}
    for row in db.session.scalars(select(ContestStanding)):
        bests.setdefault(row.student_id, []).append(StudentResult(
            row.student_id, row.season_points, row.time_used_seconds, row.finished_at))
    for row in db.session.scalars(select(SeasonStanding)):
        want = season_total(row.student_id, bests[row.student_id])
        assert (row.score, row.time_used_seconds, row.finished_at) == (
            want.score, want.time_used_seconds, want.finished_at)


def test_rebuild_command(world, clock, runner, make):
    contest = city_contest(make, world)
    make.attempt(contest, world["student"], right=4, seconds=100)
    before = snapshot()
    db.session.execute(ContestStanding.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["leaderboards", "rebuild"])
    assert result.exit_code == 0, result.output
    assert snapshot() == before
    result = runner.invoke(args=["leaderboards", "rebuild", "--contest", str(contest.id)])
    assert result.exit_code == 0 and snapshot() == before
    result = runner.invoke(args=["leaderboards", "rebuild", "--contest", "9999"])
    assert result.exit_code == 2 and "no contest 9999" in result.output


def test_a_student_added_during_the_contest_is_counted_as_enrolled(world, clock, make):
    contest = city_contest(make, world)
    make.attempt(contest, world["student"], right=4, seconds=100)   # makes the totals
    newcomer = make.student(world["class_a1"], student_no="A009", name="新同学")
    make.attempt(contest, newcomer, right=2, seconds=100)
    totals = {(g.board, g.kind, g.group_id): (g.enrolled, g.participants)
              for g in db.session.scalars(select(GroupTotal))}
    assert totals[("contest", "class", world["class_a1"].id)] == (3, 2)
    assert totals[("contest", "school", world["school_a"].id)] == (4, 2)
    assert totals[("contest", "district", world["school_a"].district_id)] == (4, 2)
    assert totals[("season", "class", world["class_a1"].id)] == (3, 2)
    incremental = snapshot()
    rebuild_standings(db.session)
    db.session.commit()
    assert snapshot() == incremental


def test_simultaneous_first_finishes_all_count(world, clock, make, live_server):
    """The board's first finishes race to make its totals; none may be lost (real server)."""
    from concurrent.futures import ThreadPoolExecutor

    from quiz.api import tokens
    from tests.live_api import call

    contest = city_contest(make, world, schools=("SA",))
    students = [make.student(world["class_a1"], student_no=f"R{n:02d}", name=f"赛跑{n}")
                for n in range(12)]
    issued = [tokens.issue(db.session, s, clock.current, timedelta(hours=1))[0]
              for s in students]
    db.session.commit()
    api = live_server + "/api/v1"
    attempts = [call(api, "POST", f"/contests/{contest.id}/attempts", None, t)[1]["id"]
                for t in issued]
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(
            lambda pair: call(api, "POST", f"/attempts/{pair[0]}/finish", None, pair[1])[0],
            zip(attempts, issued, strict=True)))
    assert statuses == [200] * 12
    incremental = snapshot()
    totals = {(g.board, g.kind): g.participants for g in db.session.scalars(select(GroupTotal))
              if g.group_id in (world["class_a1"].id, world["school_a"].id,
                                world["school_a"].district_id)}
    assert totals[("contest", "class")] == 12 and totals[("season", "school")] == 12
    rebuild_standings(db.session)
    db.session.commit()
    assert snapshot() == incremental
