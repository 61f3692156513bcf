"""The contest world with a season around today and one contest the students have played."""

from __future__ import annotations

from datetime import timedelta

from quiz.extensions import db
from quiz.models.standings import Season
from tests.contest_world import build as build_contest_world
from tests.test_leaderboard_api import play
from tests.test_standings import new_contest


def build(make, clock, plays: list[tuple[str, int, int]]) -> dict:
    """`plays`: (student key, questions right, seconds taken), played in that order."""
    world = build_contest_world(make)
    world["season"] = Season(name="2026秋季学期", starts_on=clock.current.date() - timedelta(5),
                             ends_on=clock.current.date() + timedelta(5))
    db.session.add(world["season"])
    db.session.commit()
    world["contest"] = new_contest(world, clock)
    for key, correct, seconds in plays:
        play(world["contest"], world[key], clock, correct=correct, seconds=seconds)
    return world
