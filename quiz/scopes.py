"""Queries for "everything of this kind that the user may see", the list-shaped twin of
`quiz.permissions.can`. Both encode the same scopes; tests/test_permissions.py checks that
every row these return passes `can`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from quiz.models import Role, School, SchoolClass, StaffUser, Student, teacher_class


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
