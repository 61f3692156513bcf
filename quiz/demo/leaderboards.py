"""The demo city's season, so the season boards show the demo contests' results.

Idempotent: the season is looked up by name; the standings are rebuilt from the attempts
(a few hundred rows in the demo), which gives the same tables however often it runs.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.clock import city_today
from quiz.demo.contests import CLOSED_TITLE, OPEN_TITLE
from quiz.models import Contest
from quiz.models.standings import Season
from quiz.rankings.standings import rebuild_standings

SEASON_NAME = "2026秋季学期"
SEASON_DAYS = (date(2026, 9, 1), date(2027, 1, 31))
COUNTED_TITLES = (OPEN_TITLE, CLOSED_TITLE)


def build(session: Session, now: datetime) -> int:
    """Create the demo season (widened to cover the demo contests if the demo runs outside
    the autumn term of 2026) and rebuild every board; returns 1 if the season is new, else 0."""
    today = city_today(now)
    starts = min(SEASON_DAYS[0], today - timedelta(days=30))
    ends = max(SEASON_DAYS[1], today + timedelta(days=30))
    season = session.scalar(select(Season).where(Season.name == SEASON_NAME))
    made = int(season is None)
    if season is None:
        session.add(Season(name=SEASON_NAME, starts_on=starts, ends_on=ends))
    else:
        season.starts_on, season.ends_on = min(season.starts_on, starts), max(season.ends_on, ends)
    # The bureau counts both demo contests in the season (a teacher's contest counts only when
    # the bureau says so; the demo shows one of each kind already marked).
    for contest in session.scalars(select(Contest).where(Contest.title.in_(COUNTED_TITLES))):
        contest.counts_in_season = True
    session.flush()
    rebuild_standings(session)
    session.commit()
    return made
