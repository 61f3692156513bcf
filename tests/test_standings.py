"""The standing tables: the incremental path (on every finish) equals a rebuild from attempts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from quiz.contests.creation import ContestSpec, create_contest
from quiz.contests.rules.drawing import DrawRule
from quiz.extensions import db
from quiz.models.standings import ContestStanding, GroupTotal, Season, SeasonStanding
from quiz.rankings.standings import rebuild_standings
from tests.contest_world import build
from tests.test_leaderboard_api import play


def snapshot() -> dict:
    db.session.expire_all()
    def rows(model, *order):
        return [tuple(getattr(r, c.key) for c in model.__table__.columns)
                for r in db.session.scalars(select(model).order_by(*order))]
    return {
        "contest": rows(ContestStanding, ContestStanding.contest_id, ContestStanding.student_id),
        "season": rows(SeasonStanding, SeasonStanding.season_id, SeasonStanding.student_id),
        "groups": rows(GroupTotal, GroupTotal.board, GroupTotal.board_id, GroupTotal.kind,
                       GroupTotal.group_id),
    }


@pytest.fixture
def world(make, clock):
    world = build(make)
    today = clock.current.date()
    db.session.add(Season(name="2026秋季学期", starts_on=today - timedelta(days=30),
                          ends_on=today + timedelta(days=30)))
    db.session.commit()
    return world


def new_contest(world, clock, schools=("SA", "SB"), attempts=1):
    now = clock.current
    return create_contest(db.session, world["bureau"], ContestSpec(
        title="赛", opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=1),
        duration_seconds=600, draw=[DrawRule("demo", 4, (1,))], school_codes=list(schools),
        max_attempts=attempts), now)


def test_incremental_standings_equal_a_rebuild(world, clock):
    first = new_contest(world, clock, attempts=2)
    second = new_contest(world, clock)
    play(first, world["student"], clock, correct=2, seconds=100)
    play(first, world["student"], clock, correct=4, seconds=200)      # a better second attempt
    play(first, world["student2"], clock, correct=4, seconds=100)
    play(first, world["student2"], clock, correct=3, seconds=10)      # worse: first one counts
    play(first, world["student_b"], clock, correct=0, seconds=30)
    play(second, world["student"], clock, correct=1, seconds=60)
    play(second, world["student_a2"], clock, correct=4, seconds=60)
    incremental = snapshot()
    assert len(incremental["contest"]) == 5
    season = db.session.scalar(select(SeasonStanding).where(
        SeasonStanding.student_id == world["student"].id))
    assert (season.score, season.contests, season.time_used_seconds) == (25, 2, 260)
    rebuild_standings(db.session)
    db.session.commit()
    assert snapshot() == incremental
    rebuild_standings(db.session, first.id)
    db.session.commit()
    assert snapshot() == incremental


def test_group_totals_count_enrolled_students_and_non_participants(world, clock):
    contest = new_contest(world, clock, schools=("SA",))
    play(contest, world["student"], clock, correct=4, seconds=100)
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
    contest = new_contest(world, clock)
    play(contest, world["student"], clock, correct=4, seconds=100)
    assert snapshot()["season"] == []
