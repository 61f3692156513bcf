"""Volunteer boards: a school's and the city's, ranked by person-hours, names masked as on the
contest leaderboards.

Names: a viewer sees a student's name when the student is in a class the viewer sees by name
(a student their own class, a teacher the classes they teach, a school admin their school's;
the bureau none, its pages are aggregates), or when the student's school turned masking off
and the viewer belongs to that school. Everyone else sees the masked name (张*明); student
numbers are never shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.models.org import District, School, SchoolClass, Student
from quiz.permissions import NameVisibility
from quiz.volunteers import tallies

STUDENT_ROWS = 50  # a board is a top list; the full list is the school's own tally pages
CITY_STUDENT_ROWS = 20

Row = TypeVar("Row")


@dataclass(frozen=True)
class Ranked:
    rank: int
    row: Any
    label: str  # the name shown: a masked or real student name, a class or school name
    detail: str = ""  # class and school, as fits the board


def rank_by_hours(rows: Sequence[Row], label: Callable[[Row], str],
                  detail: Callable[[Row], str] = lambda _r: "") -> list[Ranked]:
    """Rank rows by person-hours descending, then activities descending; rows equal on both
    share a rank and the next rank skips (1, 2, 2, 4). Rows without hours are left out."""
    ordered = sorted((r for r in rows if r.hours > 0), key=lambda r: (-r.hours, -r.activities))
    ranked: list[Ranked] = []
    previous = None
    for position, row in enumerate(ordered, start=1):
        key = (row.hours, row.activities)
        rank = ranked[-1].rank if previous == key else position
        ranked.append(Ranked(rank, row, label(row), detail(row)))
        previous = key
    return ranked


def shown_to(viewer: Any, student: Student) -> str:
    """One student's name as `viewer` sees it on any volunteer page (same rule as boards)."""
    return NameVisibility.for_viewer(viewer).of(student)


@dataclass(frozen=True)
class SchoolBoard:
    school: School
    totals: tallies.SchoolTally
    classes: list[Ranked]
    students: list[Ranked]


@dataclass(frozen=True)
class CityBoard:
    totals: tallies.CityTotals
    districts: list[Ranked]
    schools: list[Ranked]
    students: list[Ranked]


def school_board(session: Session, school: School, viewer: Any, *,
                 date_from: date | None = None, date_to: date | None = None) -> SchoolBoard:
    filters = {"school_ids": [school.id], "date_from": date_from, "date_to": date_to}
    totals = tallies.school_tallies(session, **filters)[0]
    labels = {c.id: c.label for c in session.scalars(
        select(SchoolClass).where(SchoolClass.school_id == school.id))}
    classes = rank_by_hours(tallies.class_tallies(session, **filters),
                            lambda r: labels.get(r.class_id, ""))
    names = NameVisibility.for_viewer(viewer, session)
    students = rank_by_hours(
        tallies.student_tallies(session, **filters),
        lambda r: names.name(r.name, class_id=r.class_id, school_id=r.school_id,
                             school_masks=school.mask_names),
        lambda r: labels.get(r.class_id, ""),
    )[:STUDENT_ROWS]
    return SchoolBoard(school, totals, classes, students)


def city_board(session: Session, viewer: Any, *, district_id: int | None = None,
               date_from: date | None = None, date_to: date | None = None) -> CityBoard:
    filters = {"district_id": district_id, "date_from": date_from, "date_to": date_to}
    district_names = dict(session.execute(select(District.id, District.name)).all())
    schools = tallies.school_tallies(session, **filters)
    school_names = {r.school_id: r.name for r in schools}
    district_rows = rank_by_hours(tallies.districts_of(session, schools), lambda r: r.name)
    school_rows = rank_by_hours(schools, lambda r: r.name,
                                lambda r: district_names.get(r.district_id, ""))
    names = NameVisibility.for_viewer(viewer, session)
    unmasked = set(session.scalars(select(School.id).where(School.mask_names.is_(False))))
    top = tallies.student_tallies(session, **filters, limit=CITY_STUDENT_ROWS * 2)
    class_labels = {c.id: c.label for c in session.scalars(
        select(SchoolClass).where(SchoolClass.id.in_({r.class_id for r in top})))}
    students = rank_by_hours(
        top,
        lambda r: names.name(r.name, class_id=r.class_id, school_id=r.school_id,
                             school_masks=r.school_id not in unmasked),
        lambda r: f"{school_names.get(r.school_id, '')} · {class_labels.get(r.class_id, '')}",
    )[:CITY_STUDENT_ROWS]
    return CityBoard(tallies.totals_of(schools), district_rows, school_rows, students)
