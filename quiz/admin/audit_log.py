"""The audit log pages: the bureau reads the whole log, a school admin their school's.

Teachers and students do not see it. Filters (action, actor, date range in the city's zone)
come from the query string; a bad value is named in a message and the filter ignored.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from quiz import clock
from quiz.audit import ACTION_LABELS, STUDENT_TARGET_ACTIONS, action_label
from quiz.extensions import db
from quiz.i18n import _
from quiz.models.audit import AuditEntry
from quiz.models.org import StaffUser, Student
from quiz.permissions import Action, Area, NameVisibility, area_required, can, visible_audit_entries
from quiz.query_args import filter_int, filter_range

bp = Blueprint("audit", __name__)

PAGE_SIZE = 50
log_readers_required = area_required(Area.AUDIT_LOG)




@bp.route("/")
@log_readers_required
def index():
    query = visible_audit_entries(select(AuditEntry), current_user)
    actors = db.session.execute(
        visible_audit_entries(select(StaffUser.id, StaffUser.name, StaffUser.username)
               .join(AuditEntry, AuditEntry.actor_id == StaffUser.id), current_user)
        .distinct().order_by(StaffUser.name)).all()
    action = request.args.get("action", "").strip()
    if action:
        if action in ACTION_LABELS:
            query = query.where(AuditEntry.action == action)
        else:
            flash(_("没有“%(a)s”这种操作，已显示全部操作。", a=action[:40]), "error")
            action = ""
    actor_id = filter_int("actor", _("所选操作人不在日志范围内，已显示全部操作人。"),
                          allowed={a.id for a in actors})
    if actor_id is not None:
        query = query.where(AuditEntry.actor_id == actor_id)
    date_from, date_to = filter_range()
    if date_from:
        query = query.where(AuditEntry.at >= clock.day_start(date_from))
    if date_to:
        query = query.where(AuditEntry.at < clock.day_start(date_to + timedelta(days=1)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(filter_int("page", _("页码应为正整数，已显示第 1 页。"), default=1), pages)
    entries = db.session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    targets = _targets_for(current_user, entries)
    args = {k: v for k, v in {"action": action, "actor": actor_id,
                              "from": date_from.isoformat() if date_from else None,
                              "to": date_to.isoformat() if date_to else None}.items() if v}
    return render_template(
        "audit/index.html", entries=entries, actors=actors, action=action, actor_id=actor_id,
        date_from=date_from, date_to=date_to, page=page, pages=pages, total=total, args=args,
        actions=[(key, str(label)) for key, label in ACTION_LABELS.items()],
        action_label=action_label, targets=targets)


def _targets_for(user: StaffUser, entries: list[AuditEntry]) -> dict[int, str]:
    """What each entry's target shows: as recorded, except that the bureau sees a student
    target as class and masked name (its pages never name students)."""
    shown = {e.id: e.target for e in entries}
    if not can(user, Action.VIEW, Area.CITY):
        return shown
    about = {e.id: e.details.get("student_id") for e in entries
             if e.action in STUDENT_TARGET_ACTIONS and isinstance(e.details, dict)}
    ids = {i for i in about.values() if isinstance(i, int)}
    names = NameVisibility.for_viewer(user)
    students = {s.id: s for s in db.session.scalars(
        select(Student).where(Student.id.in_(ids)))} if ids else {}
    for entry_id, student_id in about.items():
        student = students.get(student_id)
        shown[entry_id] = (f"{student.school_class.label} {names.of(student)}"
                           if student is not None else _("（学生）"))
    return shown


@bp.app_template_global()
def audit_log_url() -> str | None:
    """The log's address for those who may read it (for links on other pages)."""
    if can(current_user, Action.VIEW, Area.AUDIT_LOG):
        return url_for("audit.index")
    return None
