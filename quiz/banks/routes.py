"""The question-bank browser for staff: scam types, their questions, answers and explanations."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from quiz.auth.session import staff_required
from quiz.extensions import db
from quiz.models import Question, QuestionVersion, ScamType
from quiz.permissions import Action, can

bp = Blueprint("banks", __name__)


@bp.route("/")
@staff_required
def index():
    counts = db.session.execute(
        select(Question.scam_type_id, QuestionVersion.difficulty, func.count(Question.id))
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.retired_at.is_(None))
        .group_by(Question.scam_type_id, QuestionVersion.difficulty)
    )
    by_type: dict[int, dict[int, int]] = {}
    for scam_type_id, difficulty, count in counts:
        by_type.setdefault(scam_type_id, {})[difficulty] = count
    scam_types = db.session.scalars(select(ScamType).order_by(ScamType.name)).all()
    return render_template("banks/index.html", scam_types=scam_types, counts=by_type)


@bp.route("/<code>")
@staff_required
def scam_type(code: str):
    scam_type = db.session.scalar(select(ScamType).where(ScamType.code == code))
    if scam_type is None or not can(current_user, Action.VIEW, scam_type):
        abort(404)
    difficulty = request.args.get("difficulty", type=int)
    if difficulty not in (None, 1, 2, 3):
        abort(404)
    query = (
        select(Question, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.scam_type_id == scam_type.id, Question.retired_at.is_(None))
        .order_by(Question.code)
    )
    if difficulty:
        query = query.where(QuestionVersion.difficulty == difficulty)
    rows = db.session.execute(query).all()
    retired = db.session.scalar(
        select(func.count(Question.id))
        .where(Question.scam_type_id == scam_type.id, Question.retired_at.is_not(None))
    )
    return render_template(
        "banks/scam_type.html", scam_type=scam_type, rows=rows, difficulty=difficulty,
        retired=retired,
    )
