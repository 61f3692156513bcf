"""The demo season: the demo contests' results are on the season boards; a rerun adds nothing.
The demo's closed contest gives the item analysis a real spread."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from quiz.banks.importer import import_bank_files
from quiz.banks.validation import validate_paths
from quiz.demo import city, contests, leaderboards
from quiz.demo.leaderboards import SEASON_NAME
from quiz.extensions import db
from quiz.item_analysis.rules import MIN_ATTEMPTS, Flag
from quiz.item_analysis.stats import item_rows
from quiz.item_analysis.tallies import rebuild_item_tallies
from quiz.models import Contest, utcnow
from quiz.models.standings import ContestStanding, Season, SeasonStanding
from tests.leaderboard_world import snapshot


def test_demo_season_shows_the_demo_results_and_is_idempotent(app_ctx):
    files, problems = validate_paths([str(Path(__file__).parent.parent / "question_banks")])
    assert not problems
    import_bank_files(db.session, files, now=utcnow())
    city.build(db.session, utcnow())
    db.session.commit()
    contests.build(db.session, utcnow())
    assert leaderboards.build(db.session, utcnow()) == 1
    season = db.session.scalar(select(Season).where(Season.name == SEASON_NAME))
    finished = db.session.scalar(select(func.count()).select_from(ContestStanding))
    assert finished > 0
    assert db.session.scalar(select(func.count()).select_from(SeasonStanding).where(
        SeasonStanding.season_id == season.id)) == finished  # one demo contest with results
    before = snapshot()
    assert leaderboards.build(db.session, utcnow()) == 0
    assert snapshot() == before
    assert db.session.scalar(select(func.count()).select_from(Season)) == 1
    # Both demo contests count in the season, so its board is the sum of their points.
    assert all(c.counts_in_season for c in db.session.scalars(select(Contest)))
    # The item analysis: enough attempts to judge, some questions flagged, most not, and
    # the same numbers as a recomputation from the attempts.
    rows = item_rows(db.session)
    assert rows and min(r.figures.attempts for r in rows) >= MIN_ATTEMPTS
    flagged = {flag for r in rows for flag in r.flags}
    assert {Flag.TOO_EASY, Flag.TOO_HARD, Flag.NOT_DISCRIMINATING} <= flagged
    assert sum(1 for r in rows if not r.flags) >= len(rows) // 2
    assert any(r.figures.blanks for r in rows)
    rebuild_item_tallies(db.session)
    again = item_rows(db.session)
    assert [(r.version_id, r.figures.attempts, r.figures.option_counts, r.flags) for r in again] \
        == [(r.version_id, r.figures.attempts, r.figures.option_counts, r.flags) for r in rows]
    assert [r.figures.discrimination for r in again] == pytest.approx(
        [r.figures.discrimination for r in rows])
