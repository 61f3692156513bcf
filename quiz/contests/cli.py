"""`flask --app quiz contests close-overdue`: finish attempts past their deadline.

Not needed for correctness (attempts are finished lazily whenever they are read), but a timer
running it every minute keeps results and boards complete for people who never come back.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from quiz import clock
from quiz.contests.attempts import close_overdue
from quiz.extensions import db

contests_cli = AppGroup("contests", help="Contest maintenance.")


@contests_cli.command("close-overdue")
@click.option("--contest", "contest_id", type=int, default=None, help="Only this contest.")
def close_overdue_command(contest_id: int | None) -> None:
    """Finish, with the answers saved so far, every attempt whose time is up."""
    count = close_overdue(db.session, clock.now(), contest_id)
    click.echo(f"closed: {count} overdue attempt(s)")
