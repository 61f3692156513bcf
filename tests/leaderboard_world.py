"""The contest world with a season around today and one contest the students have played."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from quiz.extensions import db
from quiz.models.standings import ContestStanding, GroupTotal, Season, SeasonStanding
from tests.contest_world import build as build_contest_world


def with_season(make, clock, *, days: int = 30) -> dict:
    """The contest world and a season from `days` before today to `days` after."""
    world = build_contest_world(make)
    today = clock.current.date()
    world["season"] = Season(name="2026秋季学期", starts_on=today - timedelta(days=days),
                             ends_on=today + timedelta(days=days))
    db.session.add(world["season"])
    db.session.commit()
    return world


def city_contest(make, world, *, schools=("SA", "SB"), attempts: int = 1, counts: bool = True):
    """The bureau's contest for `schools`: four easy demo questions, counting in its season
    unless told otherwise."""
    # A shared paper taken twice reveals its answers only after closing (else attempt 1's
    # review is attempt 2's key).
    return make.contest(world["bureau"], title="赛", school_codes=list(schools),
                        max_attempts=attempts, reveal="after_close", counts_in_season=counts)


def build(make, clock, plays: list[tuple[str, int, int]]) -> dict:
    """`plays`: (student key, questions right, seconds taken), played in that order."""
    world = with_season(make, clock, days=5)
    world["contest"] = city_contest(make, world)
    for key, right, seconds in plays:
        make.attempt(world["contest"], world[key], right=right, seconds=seconds)
    return world


def snapshot() -> dict:
    """Every row of the standing tables, in a fixed order, read fresh."""
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
