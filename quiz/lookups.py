"""Lists that several pages offer as choices and that no viewer's scope narrows: every district,
every season, every school, a given school's classes. Lists scoped by who is looking live in
quiz.permissions.queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.models import District, ScamType, School, SchoolClass, Season, Student
from quiz.permissions import banks_for_school


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


def scam_types_for_school(session: Session, school_id: int | None) -> list[ScamType]:
    """The scam types usable at a school (the city's banks and its own), by name, for staff
    drawing contest rules or reading mastery by type."""
    return list(session.scalars(
        select(ScamType).where(banks_for_school(school_id)).order_by(ScamType.name)))


def active_students_of_class(session: Session, class_id: int) -> list[Student]:
    """A class's active students by student number, for pages listing a class row by row."""
    return list(session.scalars(
        select(Student).where(Student.class_id == class_id, Student.active.is_(True))
        .order_by(Student.student_no)))
