"""Lists that several pages offer as choices and that no viewer's scope narrows: every district,
every season, every school, a given school's classes. Lists scoped by who is looking live in
quiz.permissions.queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.models import District, School, SchoolClass, Season


def districts_by_name(session: Session) -> list[District]:
    """Every district by name, for district filters on boards, reports and the bureau home."""
    return list(session.scalars(select(District).order_by(District.name)))


def seasons_newest_first(session: Session) -> list[Season]:
    """Every season, the latest start first, for season lists and choices."""
    return list(session.scalars(select(Season).order_by(Season.starts_on.desc())))


def schools_by_code(session: Session) -> list[School]:
    """Every school by code, for the bureau's choice of schools."""
    return list(session.scalars(select(School).order_by(School.code)))


def classes_of_school(session: Session, school_id: int) -> list[SchoolClass]:
    """A school's classes by grade and name, for staff choosing among their school's classes."""
    return list(session.scalars(
        select(SchoolClass).where(SchoolClass.school_id == school_id)
        .order_by(SchoolClass.grade, SchoolClass.name)))


def school_with_code(session: Session, code: str) -> School | None:
    """The school with this code, or None, for a filter that names a school by its code."""
    return session.scalar(select(School).where(School.code == code))


def district_named(session: Session, name: str) -> District | None:
    """The district with this name, or None, for a filter that names a district."""
    return session.scalar(select(District).where(District.name == name))
