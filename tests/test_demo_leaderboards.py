"""The demo season: the demo contests' results are on the season boards; a rerun adds nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from quiz.banks.importer import import_bank_files
from quiz.banks.validation import validate_paths
from quiz.demo import city, contests, leaderboards
from quiz.demo.leaderboards import SEASON_NAME
from quiz.extensions import db
from quiz.models import utcnow
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
