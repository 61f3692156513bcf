"""The student's contest pages: the list of open contests, joining by code, and the play page.

The play page is a shell; its script talks to the JSON API (with the login session and the
CSRF token), so the browser and other clients share one implementation of the rules.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quiz import clock
from quiz.auth.session import student_required
from quiz.contests import attempts as attempt_service
from quiz.contests import open_contests
from quiz.contests.rules import timing
from quiz.extensions import db
from quiz.i18n import _
from quiz.models import Contest
from quiz.permissions import Action, can, load_or_404
from quiz.play import pages

bp = Blueprint("play", __name__)


@bp.route("/join", methods=["GET", "POST"])
@student_required
def join():
    code = (request.values.get("code") or "").strip().upper()
    if not code:
        return render_template("play/join.html")
    contest = pages.contest_by_join_code(db.session, code)
    if contest is None or not can(current_user, Action.VIEW, contest):
        flash(_("没有找到这个竞赛码，或这个竞赛不面向你。请核对后再输入。"), "error")
        return render_template("play/join.html", code=code), 404
    return redirect(url_for("play.contest", contest_id=contest.id))


def _visible_or_404(contest_id: int) -> Contest:
    return load_or_404(Contest, contest_id)


@bp.route("/contests/<int:contest_id>")
@student_required
def contest(contest_id: int):
    contest = _visible_or_404(contest_id)
    state = timing.state_of(contest, clock.now())
    current = attempt_service.open_attempt(db.session, contest.id, current_user.id)
    left = open_contests.attempts_left(db.session, current_user.id, [contest])[contest.id]
    return render_template(
        "play/contest.html", contest=contest, current=current, attempts_left=left,
        is_open=state is timing.ContestState.OPEN,
        not_yet=state is timing.ContestState.SCHEDULED,
    )


@bp.route("/contests/<int:contest_id>/play")
@student_required
def play(contest_id: int):
    contest = _visible_or_404(contest_id)
    return render_template("play/play.html", contest=contest)
