"""Student volunteer teams (学生反诈志愿者队伍): membership, activity log, tallies, boards.

The blueprint lives here so that both view modules (the students' pages in routes.py, the
staff's team pages in team_views.py) register on it without importing each other.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("volunteers", __name__)


def blueprint() -> Blueprint:
    """The blueprint with every volunteer view registered on it."""
    from quiz.volunteers import routes, team_views  # noqa: F401  (their decorators register)

    return bp
