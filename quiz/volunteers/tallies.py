"""Volunteer tallies per student, class, school, district and for the whole city.

Each function is one or two grouped SQL queries (no activity rows are loaded into Python) and
returns plain dataclass rows. Only approved activities count. Filters, all optional and
combined with AND: `school_ids` (those schools only), `district_id` (schools of that district),
`date_from`/`date_to` (inclusive, on the day the activity took place).

What the figures mean:
- `hours` are person-hours: an activity's `hours` is its length for each participant, so it
  adds hours × participants (3 students at a 2-hour talk: 6 hours). A student's hours are the
  sum of the activities they took part in; a class's, school's or district's are the sum of
  its students' hours.
- `activities`, `people_reached`, `app_installs`: each activity counts once per row it belongs
  to. For a student or class that means the activities they (or any of its students) took part
  in, so a talk given by two classes together counts for both classes; summing class rows can
  therefore exceed the school's figure, which counts every activity of the school once.
- `volunteers`: distinct students who took part in at least one counted activity;
  `members`: active members of the school's team today (not filtered by date).

School and district rows list every school (district) in the filter, with zeros where nothing
was done, so reports show who did nothing; student and class rows list only those with at
least one counted activity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from quiz.models.org import District, School, SchoolClass, Student
from quiz.models.volunteers import (
    Activity,
    ActivityParticipant,
    ActivityStatus,
    MemberStatus,
    TeamMember,
    VolunteerTeam,
)

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Figures:
    activities: int
    hours: Decimal  # person-hours, one decimal
    people_reached: int
    app_installs: int


@dataclass(frozen=True)
class StudentTally(Figures):
    student_id: int
    name: str
    student_no: str
    class_id: int
    school_id: int


@dataclass(frozen=True)
class ClassTally(Figures):
    class_id: int
    grade: int
    class_name: str
    school_id: int
    volunteers: int


@dataclass(frozen=True)
class SchoolTally(Figures):
    school_id: int
    code: str
    name: str
    district_id: int
    volunteers: int
    members: int


@dataclass(frozen=True)
class DistrictTally(Figures):
    district_id: int
    name: str
    schools: int
    schools_active: int  # schools with at least one counted activity
    volunteers: int
    members: int


@dataclass(frozen=True)
class CityTotals(Figures):
    schools_active: int
    volunteers: int
    members: int


def _hours(value: Any) -> Decimal:
    """SQL sums come back as Decimal (PostgreSQL) or float (SQLite): one decimal either way."""
    if value is None:
        return Decimal("0.0")
    return Decimal(str(value)).quantize(TENTH)


def _counted(query: Select, *, school_ids: Iterable[int] | None, district_id: int | None,
             date_from: date | None, date_to: date | None) -> Select:
    """Restrict a query that selects from Activity to counted activities within the filter."""
    query = query.where(Activity.status == ActivityStatus.APPROVED.value)
    if school_ids is not None:
        query = query.where(Activity.school_id.in_(list(school_ids)))
    if district_id is not None:
        query = query.where(Activity.school_id.in_(
            select(School.id).where(School.district_id == district_id).scalar_subquery()))
    if date_from is not None:
        query = query.where(Activity.occurred_on >= date_from)
    if date_to is not None:
        query = query.where(Activity.occurred_on <= date_to)
    return query


def _schools_in(school_ids: Iterable[int] | None, district_id: int | None) -> Select:
    query = select(School.id)
    if school_ids is not None:
        query = query.where(School.id.in_(list(school_ids)))
    if district_id is not None:
        query = query.where(School.district_id == district_id)
    return query


def student_tallies(session: Session, *, school_ids: Iterable[int] | None = None,
                    district_id: int | None = None, date_from: date | None = None,
                    date_to: date | None = None,
                    class_ids: Iterable[int] | None = None,
                    limit: int | None = None) -> list[StudentTally]:
    """One row per student with a counted activity, most hours first (then most activities,
    name, id); `limit` keeps the first rows only (in SQL, for the city's top list)."""
    school_ids = None if school_ids is None else list(school_ids)
    base = _counted(
        select(
            Student.id, Student.name, Student.student_no, Student.class_id, Student.school_id,
            func.count(Activity.id), func.sum(Activity.hours),
            func.sum(Activity.people_reached), func.sum(Activity.app_installs),
        )
        .select_from(ActivityParticipant)
        .join(Activity, Activity.id == ActivityParticipant.activity_id)
        .join(Student, Student.id == ActivityParticipant.student_id),
        school_ids=school_ids, district_id=district_id, date_from=date_from, date_to=date_to,
    )
    if class_ids is not None:
        base = base.where(Student.class_id.in_(list(class_ids)))
    base = base.group_by(Student.id, Student.name, Student.student_no, Student.class_id,
                         Student.school_id)
    if limit is not None:
        base = base.order_by(func.sum(Activity.hours).desc(), func.count(Activity.id).desc(),
                             Student.name, Student.id).limit(limit)
    rows = [
        StudentTally(student_id=r[0], name=r[1], student_no=r[2], class_id=r[3], school_id=r[4],
                     activities=r[5], hours=_hours(r[6]), people_reached=int(r[7] or 0),
                     app_installs=int(r[8] or 0))
        for r in session.execute(base)
    ]
    rows.sort(key=lambda t: (-t.hours, -t.activities, t.name, t.student_id))
    return rows


def class_tallies(session: Session, *, school_ids: Iterable[int] | None = None,
                  district_id: int | None = None, date_from: date | None = None,
                  date_to: date | None = None) -> list[ClassTally]:
    """One row per class with a counted activity (by its students), ordered by school, grade
    and class name."""
    school_ids = None if school_ids is None else list(school_ids)
    # (activity, class, participants of that class): an activity counts once per class.
    per_class = _counted(
        select(
            Activity.id.label("activity_id"), Student.class_id.label("class_id"),
            func.count().label("n"),
        )
        .select_from(ActivityParticipant)
        .join(Activity, Activity.id == ActivityParticipant.activity_id)
        .join(Student, Student.id == ActivityParticipant.student_id),
        school_ids=school_ids, district_id=district_id, date_from=date_from, date_to=date_to,
    ).group_by(Activity.id, Student.class_id).subquery()
    figures = (
        select(
            per_class.c.class_id, func.count(), func.sum(Activity.hours * per_class.c.n),
            func.sum(Activity.people_reached), func.sum(Activity.app_installs),
        )
        .select_from(per_class)
        .join(Activity, Activity.id == per_class.c.activity_id)
        .group_by(per_class.c.class_id)
        .subquery()
    )
    volunteers = _counted(
        select(Student.class_id.label("class_id"),
               func.count(distinct(ActivityParticipant.student_id)).label("n"))
        .select_from(ActivityParticipant)
        .join(Activity, Activity.id == ActivityParticipant.activity_id)
        .join(Student, Student.id == ActivityParticipant.student_id),
        school_ids=school_ids, district_id=district_id, date_from=date_from, date_to=date_to,
    ).group_by(Student.class_id).subquery()
    query = (
        select(SchoolClass.id, SchoolClass.grade, SchoolClass.name, SchoolClass.school_id,
               figures.c[1], figures.c[2], figures.c[3], figures.c[4], volunteers.c.n)
        .join(figures, figures.c.class_id == SchoolClass.id)
        .join(volunteers, volunteers.c.class_id == SchoolClass.id)
        .order_by(SchoolClass.school_id, SchoolClass.grade, SchoolClass.name)
    )
    return [
        ClassTally(class_id=r[0], grade=r[1], class_name=r[2], school_id=r[3], activities=r[4],
                   hours=_hours(r[5]), people_reached=int(r[6] or 0),
                   app_installs=int(r[7] or 0), volunteers=r[8])
        for r in session.execute(query)
    ]


def _school_parts(school_ids: list[int] | None, district_id: int | None,
                  date_from: date | None, date_to: date | None):
    """Subqueries keyed by school_id: activity figures, person-hours and volunteers, members."""
    filters = {"school_ids": school_ids, "district_id": district_id,
               "date_from": date_from, "date_to": date_to}
    acts = _counted(
        select(Activity.school_id.label("school_id"), func.count().label("activities"),
               func.sum(Activity.people_reached).label("people"),
               func.sum(Activity.app_installs).label("installs")),
        **filters,
    ).group_by(Activity.school_id).subquery()
    people = _counted(
        select(Activity.school_id.label("school_id"),
               func.sum(Activity.hours).label("hours"),
               func.count(distinct(ActivityParticipant.student_id)).label("volunteers"))
        .select_from(ActivityParticipant)
        .join(Activity, Activity.id == ActivityParticipant.activity_id),
        **filters,
    ).group_by(Activity.school_id).subquery()
    members = (
        select(VolunteerTeam.school_id.label("school_id"), func.count().label("members"))
        .select_from(TeamMember)
        .join(VolunteerTeam, VolunteerTeam.id == TeamMember.team_id)
        .where(TeamMember.status == MemberStatus.ACTIVE.value)
        .group_by(VolunteerTeam.school_id)
        .subquery()
    )
    return acts, people, members


def school_tallies(session: Session, *, school_ids: Iterable[int] | None = None,
                   district_id: int | None = None, date_from: date | None = None,
                   date_to: date | None = None) -> list[SchoolTally]:
    """One row per school in the filter (zeros included), ordered by district and code."""
    school_ids = None if school_ids is None else list(school_ids)
    acts, people, members = _school_parts(school_ids, district_id, date_from, date_to)
    query = (
        select(School.id, School.code, School.name, School.district_id,
               acts.c.activities, people.c.hours, acts.c.people, acts.c.installs,
               people.c.volunteers, members.c.members)
        .outerjoin(acts, acts.c.school_id == School.id)
        .outerjoin(people, people.c.school_id == School.id)
        .outerjoin(members, members.c.school_id == School.id)
        .where(School.id.in_(_schools_in(school_ids, district_id).scalar_subquery()))
        .order_by(School.district_id, School.code)
    )
    return [
        SchoolTally(school_id=r[0], code=r[1], name=r[2], district_id=r[3],
                    activities=int(r[4] or 0), hours=_hours(r[5]),
                    people_reached=int(r[6] or 0), app_installs=int(r[7] or 0),
                    volunteers=int(r[8] or 0), members=int(r[9] or 0))
        for r in session.execute(query)
    ]


def district_tallies(session: Session, *, school_ids: Iterable[int] | None = None,
                     district_id: int | None = None, date_from: date | None = None,
                     date_to: date | None = None) -> list[DistrictTally]:
    """One row per district that has a school in the filter (zeros included), by name."""
    school_ids = None if school_ids is None else list(school_ids)
    acts, people, members = _school_parts(school_ids, district_id, date_from, date_to)
    query = (
        select(District.id, District.name, func.count(School.id),
               func.count(acts.c.school_id),
               func.sum(acts.c.activities), func.sum(people.c.hours), func.sum(acts.c.people),
               func.sum(acts.c.installs), func.sum(people.c.volunteers),
               func.sum(members.c.members))
        .select_from(School)
        .join(District, District.id == School.district_id)
        .outerjoin(acts, acts.c.school_id == School.id)
        .outerjoin(people, people.c.school_id == School.id)
        .outerjoin(members, members.c.school_id == School.id)
        .where(School.id.in_(_schools_in(school_ids, district_id).scalar_subquery()))
        .group_by(District.id, District.name)
        .order_by(District.name)
    )
    return [
        DistrictTally(district_id=r[0], name=r[1], schools=r[2], schools_active=r[3],
                      activities=int(r[4] or 0), hours=_hours(r[5]),
                      people_reached=int(r[6] or 0), app_installs=int(r[7] or 0),
                      volunteers=int(r[8] or 0), members=int(r[9] or 0))
        for r in session.execute(query)
    ]


def city_totals(session: Session, *, school_ids: Iterable[int] | None = None,
                district_id: int | None = None, date_from: date | None = None,
                date_to: date | None = None) -> CityTotals:
    """The totals over everything in the filter (the sum of the school rows)."""
    return totals_of(school_tallies(session, school_ids=school_ids, district_id=district_id,
                                    date_from=date_from, date_to=date_to))


def totals_of(rows: Iterable[SchoolTally]) -> CityTotals:
    """Totals of school rows already fetched (the city board has them at hand)."""
    rows = list(rows)
    return CityTotals(
        activities=sum(r.activities for r in rows),
        hours=sum((r.hours for r in rows), Decimal("0.0")),
        people_reached=sum(r.people_reached for r in rows),
        app_installs=sum(r.app_installs for r in rows),
        schools_active=sum(1 for r in rows if r.activities),
        volunteers=sum(r.volunteers for r in rows),
        members=sum(r.members for r in rows),
    )


def districts_of(session: Session, rows: Iterable[SchoolTally]) -> list[DistrictTally]:
    """District rows summed from school rows already fetched: the same figures as
    `district_tallies` over the same filter, without asking the database again."""
    names = dict(session.execute(select(District.id, District.name)).all())
    grouped: dict[int, list[SchoolTally]] = {}
    for row in rows:
        grouped.setdefault(row.district_id, []).append(row)
    result = []
    for district_id, group in grouped.items():
        totals = totals_of(group)
        result.append(DistrictTally(
            district_id=district_id, name=names.get(district_id, ""), schools=len(group),
            schools_active=totals.schools_active, activities=totals.activities,
            hours=totals.hours, people_reached=totals.people_reached,
            app_installs=totals.app_installs, volunteers=totals.volunteers,
            members=totals.members))
    result.sort(key=lambda r: r.name)
    return result


def student_figures(session: Session, student_id: int) -> Figures:
    """One student's figures over all time (their home card)."""
    row = session.execute(
        select(func.count(Activity.id), func.sum(Activity.hours),
               func.sum(Activity.people_reached), func.sum(Activity.app_installs))
        .select_from(ActivityParticipant)
        .join(Activity, Activity.id == ActivityParticipant.activity_id)
        .where(ActivityParticipant.student_id == student_id,
               Activity.status == ActivityStatus.APPROVED.value)
    ).one()
    return Figures(activities=int(row[0] or 0), hours=_hours(row[1]),
                   people_reached=int(row[2] or 0), app_installs=int(row[3] or 0))
