"""What the audit log page shows: the entries a reader may see, filtered and cut into pages,
the actors to filter by, and each entry's target as that reader may see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from quiz.audit import STUDENT_TARGET_ACTIONS
from quiz.i18n import _
from quiz.models.audit import AuditEntry
from quiz.models.org import StaffUser, Student
from quiz.permissions import Action, Area, NameVisibility, can, visible_audit_entries


@dataclass(frozen=True)
class AuditPage:
    """One page of the log: its entries, the matching total, how many pages, which one."""

    entries: list[AuditEntry]
    total: int
    pages: int
    page: int


def audit_actors(session: Session, viewer: Any) -> list[Row[tuple[int, str, str]]]:
    """(id, name, username) of the staff with an entry in the part of the log the viewer may
    read, by name, for the actor filter."""
    return list(session.execute(
        visible_audit_entries(select(StaffUser.id, StaffUser.name, StaffUser.username)
               .join(AuditEntry, AuditEntry.actor_id == StaffUser.id), viewer)
        .distinct().order_by(StaffUser.name)).all())


def audit_page(session: Session, viewer: Any, *, action: str | None, actor_id: int | None,
               since: datetime | None, before: datetime | None, page: int,
               page_size: int) -> AuditPage:
    """The viewer's visible entries matching the filters (each one optional), the latest first;
    the page asked for, or the last page if it asked past the end."""
    query = visible_audit_entries(select(AuditEntry), viewer)
    if action:
        query = query.where(AuditEntry.action == action)
    if actor_id is not None:
        query = query.where(AuditEntry.actor_id == actor_id)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if before is not None:
        query = query.where(AuditEntry.at < before)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // page_size))
    page = min(page, pages)
    entries = list(session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * page_size).limit(page_size)))
    return AuditPage(entries=entries, total=total, pages=pages, page=page)


def shown_targets(session: Session, viewer: Any, entries: list[AuditEntry]) -> dict[int, str]:
    """What each entry's target shows: as recorded, except that the bureau sees a student
    target as class and masked name (its pages never name students)."""
    shown = {e.id: e.target for e in entries}
    if not can(viewer, Action.VIEW, Area.CITY):
        return shown
    about = {e.id: e.details.get("student_id") for e in entries
             if e.action in STUDENT_TARGET_ACTIONS and isinstance(e.details, dict)}
    ids = {i for i in about.values() if isinstance(i, int)}
    names = NameVisibility.for_viewer(viewer)
    students = {s.id: s for s in session.scalars(
        select(Student).where(Student.id.in_(ids)))} if ids else {}
    for entry_id, student_id in about.items():
        student = students.get(student_id)
        shown[entry_id] = (f"{student.school_class.label} {names.of(student)}"
                           if student is not None else _("（学生）"))
    return shown
