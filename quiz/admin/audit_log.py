"""The audit log pages: the bureau reads the whole log, a school admin their school's.

Teachers and students do not see it. Filters (action, actor, date range in the city's zone)
come from the query string; a bad value is named in a message and the filter ignored.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user

from quiz import clock
from quiz.admin import pages
from quiz.audit import ACTION_LABELS, action_label
from quiz.extensions import db
from quiz.i18n import _
from quiz.permissions import Action, Area, area_required, can
from quiz.query_args import filter_int, filter_range

bp = Blueprint("audit", __name__)

PAGE_SIZE = 50
log_readers_required = area_required(Area.AUDIT_LOG)




@bp.route("/")
@log_readers_required
def index():
    actors = pages.audit_actors(db.session, current_user)
    action = request.args.get("action", "").strip()
    if action:
        if action not in ACTION_LABELS:
            flash(_("没有“%(a)s”这种操作，已显示全部操作。", a=action[:40]), "error")
            action = ""
    actor_id = filter_int("actor", _("所选操作人不在日志范围内，已显示全部操作人。"),
                          allowed={a.id for a in actors})
    date_from, date_to = filter_range()
    since = clock.day_start(date_from) if date_from else None
    before = clock.day_start(date_to + timedelta(days=1)) if date_to else None
    asked = filter_int("page", _("页码应为正整数，已显示第 1 页。"), default=1)
    shown = pages.audit_page(db.session, current_user, action=action, actor_id=actor_id,
                             since=since, before=before, page=asked, page_size=PAGE_SIZE)
    entries, page = shown.entries, shown.page
    targets = pages.shown_targets(db.session, current_user, entries)
    args = {k: v for k, v in {"action": action, "actor": actor_id,
                              "from": date_from.isoformat() if date_from else None,
                              "to": date_to.isoformat() if date_to else None}.items() if v}
    return render_template(
        "audit/index.html", entries=entries, actors=actors, action=action, actor_id=actor_id,
        date_from=date_from, date_to=date_to, page=page, pages=shown.pages, total=shown.total,
        args=args,
        actions=[(key, str(label)) for key, label in ACTION_LABELS.items()],
        action_label=action_label, targets=targets)


@bp.app_template_global()
def audit_log_url() -> str | None:
    """The log's address for those who may read it (for links on other pages)."""
    if can(current_user, Action.VIEW, Area.AUDIT_LOG):
        return url_for("audit.index")
    return None
