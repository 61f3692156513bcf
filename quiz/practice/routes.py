"""Practice pages for students, and the two small JSON calls their script makes.

The pages are shells like the play page: static/js/practice.js asks `/practice/api/next` for a
question and posts the answer to `/practice/api/answer` (session login + X-CSRFToken header),
so a student goes from question to question without a reload. The JSON calls answer errors as
JSON too, in the API's shape `{"error": {"code", "message"}}`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user

from quiz import clock
from quiz.auth.session import student_required
from quiz.errors import BadRequest, Invalid, NotFound, answers_json, error_response
from quiz.extensions import db
from quiz.gamification import rules as game_rules
from quiz.gamification import service as game
from quiz.gamification.mistakes import RIGHT_IN_A_ROW_TO_CLEAR
from quiz.i18n import _
from quiz.models.gamification import PracticeSource
from quiz.practice import pages, service

bp = Blueprint("practice", __name__)
api = answers_json(Blueprint("practice_api", __name__))


# --- pages ------------------------------------------------------------------------------------


@bp.route("/")
@student_required
def index():
    types = service.practice_types(db.session, current_user)
    mastery = game.mastery_by_type(db.session, current_user.id)
    mistakes = game.open_mistake_count(db.session, current_user.id)
    return render_template(
        "practice/index.html", types=types, mastery=mastery, mistakes=mistakes,
        daily=service.daily_status(db.session, current_user, clock.now()))


@bp.route("/types/<code>")
@student_required
def by_type(code: str):
    try:
        scam_type = service.scam_type_for(db.session, current_user, code)
    except NotFound as error:
        return error_response(404, error.message)
    return render_template("practice/play.html", source=PracticeSource.PRACTICE,
                           scam_type=scam_type, title=scam_type.name)


@bp.route("/daily")
@student_required
def daily():
    return render_template("practice/play.html", source=PracticeSource.DAILY, scam_type=None,
                           title=_("每日一练"))


@bp.route("/mistakes/practice")
@student_required
def mistakes_practice():
    return render_template("practice/play.html", source=PracticeSource.MISTAKES,
                           scam_type=None, title=_("练习错题"))


@bp.route("/mistakes")
@student_required
def mistakes():
    """The mistake book: open questions with the right answer and the explanation."""
    # Questions a contest may still ask this student stay hidden here too.
    rows = pages.mistake_book(db.session, current_user, clock.now())
    # report_link: the question partial's 纠错 link leads to a staff page.
    return render_template("practice/mistakes.html", rows=rows, report_link=False,
                           to_clear=RIGHT_IN_A_ROW_TO_CLEAR)


# --- JSON -------------------------------------------------------------------------------------


@api.before_request
def _logged_in_or_401():
    """A script gets a JSON 401, not the login page a browser is redirected to."""
    if not current_user.is_authenticated:
        return error_response(401, _("请先登录。"))
    return None


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest(_("请求内容应为 JSON 对象。"))
    return data


def _daily_payload(status: service.DailyStatus | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {"answered": status.answered, "total": status.total, "done": status.done,
            "streak": status.streak}


def _level_payload(student_id: int) -> dict[str, Any]:
    level = game_rules.level_for(game.total_xp(db.session, student_id))
    return {"xp": level.xp, "level": level.number, "name": level.name,
            "next_at": level.next_at, "progress": round(level.progress, 3)}


@api.route("/next", methods=["POST"])
@student_required
def next_question():
    body = _body()
    source = service.ensure_source(body.get("source"))
    scam_type = None
    if source == PracticeSource.PRACTICE:
        code = body.get("scam_type")
        if not isinstance(code, str) or not code:
            raise Invalid(_("请选择一个诈骗类型。"))
        scam_type = service.scam_type_for(db.session, current_user, code)
    now = clock.now()
    ticket = service.next_question(db.session, current_user, source, scam_type, now)
    daily = _daily_payload(service.daily_status(db.session, current_user, now)
                           if source == PracticeSource.DAILY else None)
    if ticket is None:
        held = (source == PracticeSource.PRACTICE
                and service.held_back_entirely(db.session, current_user, scam_type, now))
        return jsonify(question=None, daily=daily, level=_level_payload(current_user.id),
                       message=_("这个题型有正在进行的竞赛，交卷后可以练习。") if held else None)
    return jsonify(question=service.present(db.session, ticket), daily=daily,
                   level=_level_payload(current_user.id))


@api.route("/answer", methods=["POST"])
@student_required
def answer():
    body = _body()
    ticket = body.get("ticket")
    keys = body.get("answer")
    if not isinstance(ticket, int) or isinstance(ticket, bool) or not 0 < ticket < 2**31:
        raise Invalid(_("缺少题目编号，请刷新页面后继续。"))
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise Invalid(_("答案应为所选选项的列表。"))
    outcome = service.answer(db.session, current_user, ticket, keys, clock.now())
    badges = [{"code": code, "name": str(game_rules.BADGES_BY_CODE[code].name)}
              for code in outcome.new_badges]
    return jsonify(
        correct=outcome.correct, your_answer=outcome.your_answer,
        correct_answer=outcome.correct_answer, explanation=outcome.explanation,
        xp=outcome.xp, daily_bonus=outcome.daily_bonus, mistake=outcome.mistake,
        repeated=outcome.repeated, badges=badges, level=_level_payload(current_user.id),
        daily=_daily_payload(outcome.daily))


bp.register_blueprint(api, url_prefix="/api")
