"""`flask --app quiz leaderboards rebuild [--contest ID]`: recompute the standing tables.

Boards are kept up to date on every finish; this repairs them after something that bypassed
the finish (a roster change during a contest, rows edited by hand, a restore) with a few
set-based statements.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from quiz.extensions import db
from quiz.models import Contest
from quiz.rankings.standings import rebuild_standings

leaderboards_cli = AppGroup("leaderboards", help="Leaderboard maintenance.")


@leaderboards_cli.command("rebuild")
@click.option("--contest", "contest_id", type=int, default=None,
              help="Only this contest (and the seasons it counts in).")
def rebuild_command(contest_id: int | None) -> None:
    """Recompute contest and season standings from the finished attempts."""
    if contest_id is not None and db.session.get(Contest, contest_id) is None:
        raise click.UsageError(f"no contest {contest_id}")
    rebuild_standings(db.session, contest_id)
    db.session.commit()
    what = f"contest {contest_id}" if contest_id else "every contest and season"
    click.echo(f"rebuilt: {what}")
