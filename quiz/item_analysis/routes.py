"""/item-analysis/: the item analysis page for bank maintainers (the bureau for the city's banks,
a school's staff for their school's own), and its XLSX download.

Query: `type` (a scam type the viewer maintains; else 404), `contest` (a contest the viewer may
see; else 404), `sort` and `order` (a bad one is a 400), `flagged=1` (only items with a flag).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from quiz import clock
from quiz.auth.session import staff_required
from quiz.errors import BadRequest, NotFound
from quiz.extensions import db
from quiz.i18n import _
from quiz.item_analysis import chart, pages, rules
from quiz.item_analysis.export import to_workbook
from quiz.item_analysis.labels import FLAG_HINTS, FLAG_LABELS
from quiz.item_analysis.stats import SORT_KEYS, sort_rows
from quiz.models import Contest, ScamType
from quiz.permissions import Action, can
from quiz.query_args import object_id

bp = Blueprint("item_analysis", __name__)


def _selection() -> tuple[ScamType | None, Contest | None]:
    code = request.args.get("type", "").strip()
    scam_type = None
    if code:
        scam_type = pages.maintained_type(db.session, current_user, code)
        if scam_type is None:
            raise NotFound(_("没有这个题库，或它不由你维护。"))
    contest = None
    contest_id = object_id("contest")
    if contest_id is not None:
        contest = db.session.get(Contest, contest_id)
        if contest is None or not can(current_user, Action.VIEW, contest):
            raise NotFound(_("没有这场竞赛。"))
    return scam_type, contest


def _order() -> tuple[str, bool]:
    sort = request.args.get("sort", "code")
    order = request.args.get("order", "asc")
    if sort not in SORT_KEYS:
        raise BadRequest(_("参数 sort 只能是 %(keys)s。", keys="、".join(SORT_KEYS)))
    if order not in ("asc", "desc"):
        raise BadRequest(_("参数 order 只能是 asc 或 desc。"))
    return sort, order == "desc"


def _rows(scam_type: ScamType | None, contest: Contest | None):
    return pages.rows_for(db.session, current_user, scam_type,
                          contest.id if contest is not None else None)


@bp.route("/")
@staff_required
def index():
    scam_type, contest = _selection()
    sort, descending = _order()
    only_flagged = request.args.get("flagged") == "1"
    rows = _rows(scam_type, contest)
    shown = sort_rows([r for r in rows if r.flags or not only_flagged], sort, descending)
    maintained = pages.maintained_types(db.session, current_user)
    return render_template(
        "item_analysis/index.html", rows=shown, total=len(rows),
        flagged=sum(1 for r in rows if r.flags), item_map=chart.item_map(rows),
        scam_types=maintained, scam_type=scam_type, contest=contest, sort=sort,
        descending=descending, only_flagged=only_flagged, flag_labels=FLAG_LABELS,
        flag_hints=FLAG_HINTS, min_attempts=rules.MIN_ATTEMPTS,
        thresholds=(rules.TOO_EASY_ABOVE, rules.TOO_HARD_BELOW, rules.DISCRIMINATES_BELOW))


@bp.route("/download.xlsx")
@staff_required
def download():
    scam_type, contest = _selection()
    rows = _rows(scam_type, contest)
    scope = _("竞赛「%(t)s」", t=contest.title) if contest else _("全部竞赛")
    data = to_workbook(rows, _("%(scope)s已交卷的答题。", scope=scope))
    name = f"item-analysis-{clock.city_today(clock.now()).isoformat()}.xlsx"
    return data, 200, {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": f'attachment; filename="{name}"'}
