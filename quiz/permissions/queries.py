"""Queries for "everything of this kind that the user may see", the list-shaped twin of
`quiz.permissions.can`. Both encode the same scopes; tests/test_permissions.py checks that
every row these return passes `can`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, or_, select

from quiz.models import Role, ScamType, School, SchoolClass, StaffUser, Student, teacher_class
from quiz.models.audit import AuditEntry


def visible_schools(user: Any) -> Select[tuple[School]]:
    query = select(School).order_by(School.district_id, School.code)
    if isinstance(user, StaffUser) and user.role == Role.BUREAU_ADMIN:
        return query
    return query.where(School.id == user.school_id)


def visible_classes(user: Any) -> Select[tuple[SchoolClass]]:
    query = select(SchoolClass).order_by(SchoolClass.grade, SchoolClass.name)
    if isinstance(user, Student):
        return query.where(SchoolClass.id == user.class_id)
    if user.role == Role.BUREAU_ADMIN:
        return query
    return query.where(SchoolClass.school_id == user.school_id)


def taught_classes(user: StaffUser) -> Select[tuple[SchoolClass]]:
    """The classes a teacher teaches (a school admin: every class of the school)."""
    query = select(SchoolClass).order_by(SchoolClass.grade, SchoolClass.name)
    if user.role == Role.SCHOOL_ADMIN:
        return query.where(SchoolClass.school_id == user.school_id)
    if user.role == Role.TEACHER:
        return query.join(teacher_class).where(teacher_class.c.staff_id == user.id)
    return query.where(SchoolClass.id.is_(None))


def banks_for_school(school_id: int | None):
    """The SQL condition for scam types usable at a school: the city's and the school's own."""
    if school_id is None:
        return ScamType.owner_school_id.is_(None)
    return or_(ScamType.owner_school_id.is_(None), ScamType.owner_school_id == school_id)


def visible_scam_types(user: Any) -> Select[tuple[ScamType]]:
    """Scam types a user may read: the bureau every bank, anyone else the city's and their
    school's own."""
    query = select(ScamType).order_by(ScamType.name)
    if isinstance(user, StaffUser) and user.role == Role.BUREAU_ADMIN:
        return query
    return query.where(banks_for_school(user.school_id))


def maintained_scam_types(user: Any) -> Select[tuple[ScamType]]:
    """Scam types a user maintains (may change, as `can(user, Action.CHANGE, scam_type)`): the
    bureau every bank, other active staff their school's own, nobody else any."""
    query = select(ScamType).order_by(ScamType.name)
    if not isinstance(user, StaffUser) or not user.active:
        return query.where(false())
    if user.role == Role.BUREAU_ADMIN:
        return query
    return query.where(ScamType.owner_school_id == user.school_id)


def visible_audit_entries(query: Select, user: Any) -> Select:
    """`query` (over AuditEntry) narrowed to what a log reader may see: every entry for the
    bureau, their school's for a school admin, nothing for anyone else."""
    if not isinstance(user, StaffUser) or not user.active:
        return query.where(false())
    if user.role == Role.BUREAU_ADMIN:
        return query
    if user.role == Role.SCHOOL_ADMIN:
        return query.where(AuditEntry.school_id == user.school_id)
    return query.where(false())
