"""The report's figures as grouped SQL: every count and sum is made by the database, so a
city's two million answers never come into Python (a few thousand grouped rows do).

Contests are selected by `contest_filter`; schools by `school_ids` (None: the whole city).
Only active students count, as in `quiz.contests.eligibility.eligible_students`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, distinct, func, literal, select
from sqlalchemy.orm import Session

from quiz.models import (
    Attempt,
    Contest,
    ContestClass,
    ContestSchool,
    District,
    ScamType,
    School,
    SchoolClass,
    Student,
)
from quiz.models.accuracy import AccuracyTally
from quiz.reports.filters import Filters


@dataclass(frozen=True)
class ClassRow:
    class_id: int
    grade: int
    name: str
    school_id: int
    school_code: str
    school_name: str
    level: str
    district_id: int
    district_name: str
    enrolled: int  # active students today


@dataclass(frozen=True)
class ContestRow:
    id: int
    title: str
    opens_at: datetime
    closes_at: datetime
    city_wide: bool
    grades: frozenset[int]
    school_ids: frozenset[int]
    class_ids: frozenset[int]

    def reaches(self, row: ClassRow) -> bool:
        """Whether the contest is for this class (as `eligible_students` decides per student:
        every criterion of the scope is a property of the class)."""
        if not self.city_wide and row.school_id not in self.school_ids:
            return False
        if self.grades and row.grade not in self.grades:
            return False
        return not self.class_ids or row.class_id in self.class_ids


@dataclass(frozen=True)
class BestRow:
    """Best attempts of one contest in one class: how many, their scores and maxima summed."""

    contest_id: int
    class_id: int
    taken: int
    score_sum: int
    max_sum: int


@dataclass(frozen=True)
class AccuracyRow:
    school_id: int
    scam_type_id: int
    answered: int
    correct: int


@dataclass(frozen=True)
class DayRow:
    day: date
    finished: int      # finished attempts that day
    participants: int  # distinct students who finished one that day


@dataclass(frozen=True)
class StudentRow:
    student_id: int
    student_no: str
    name: str
    class_id: int
    contest_id: int
    score: int
    max_score: int
    correct: int
    total: int
    time_used_seconds: int
    finished_at: datetime


def contest_filter(filters: Filters, zone: ZoneInfo) -> list[ColumnElement[bool]]:
    """Conditions on Contest: not cancelled, the chosen one, opening within the days."""
    conditions: list[ColumnElement[bool]] = [Contest.cancelled_at.is_(None)]
    if filters.contest_id is not None:
        conditions.append(Contest.id == filters.contest_id)
    start, end = filters.utc_bounds(zone)
    if start is not None:
        conditions.append(Contest.opens_at >= start)
    if end is not None:
        conditions.append(Contest.opens_at < end)
    return conditions


def _in_schools(column, school_ids: Sequence[int] | None) -> list[ColumnElement[bool]]:
    return [] if school_ids is None else [column.in_(list(school_ids))]


def class_rows(session: Session, school_ids: Sequence[int] | None) -> list[ClassRow]:
    """Every class in scope with its school, district and number of active students."""
    enrolled = (
        select(Student.class_id.label("class_id"), func.count().label("n"))
        .where(Student.active.is_(True), *_in_schools(Student.school_id, school_ids))
        .group_by(Student.class_id).subquery())
    query = (
        select(SchoolClass.id, SchoolClass.grade, SchoolClass.name, School.id, School.code,
               School.name, School.level, District.id, District.name,
               func.coalesce(enrolled.c.n, 0))
        .join(School, School.id == SchoolClass.school_id)
        .join(District, District.id == School.district_id)
        .outerjoin(enrolled, enrolled.c.class_id == SchoolClass.id)
        .where(*_in_schools(School.id, school_ids))
        .order_by(District.name, School.code, SchoolClass.grade, SchoolClass.name))
    return [ClassRow(*row) for row in session.execute(query)]


def contests(session: Session, filters: Filters, zone: ZoneInfo) -> list[ContestRow]:
    """The selected contests with their scopes (schools, grades, classes)."""
    rows = session.execute(
        select(Contest.id, Contest.title, Contest.opens_at, Contest.closes_at,
               Contest.city_wide, Contest.grades)
        .where(*contest_filter(filters, zone)).order_by(Contest.opens_at, Contest.id)).all()
    ids = [r[0] for r in rows]
    schools: dict[int, set[int]] = {i: set() for i in ids}
    classes: dict[int, set[int]] = {i: set() for i in ids}
    if ids:
        for contest_id, school_id in session.execute(select(
                ContestSchool.contest_id, ContestSchool.school_id).where(
                ContestSchool.contest_id.in_(ids))):
            schools[contest_id].add(school_id)
        for contest_id, class_id in session.execute(select(
                ContestClass.contest_id, ContestClass.class_id).where(
                ContestClass.contest_id.in_(ids))):
            classes[contest_id].add(class_id)
    return [ContestRow(i, title, opens, closes, bool(city), frozenset(grades or ()),
                       frozenset(schools[i]), frozenset(classes[i]))
            for i, title, opens, closes, city, grades in rows]


def _best_attempts(filters: Filters, zone: ZoneInfo):
    """(contest, student) → best score and its maximum, over finished attempts."""
    return (
        select(Attempt.contest_id.label("contest_id"), Attempt.student_id.label("student_id"),
               func.max(Attempt.score).label("best"),
               func.max(Attempt.max_score).label("max_score"))
        .join(Contest, Contest.id == Attempt.contest_id)
        .where(Attempt.finished_at.is_not(None), *contest_filter(filters, zone))
        .group_by(Attempt.contest_id, Attempt.student_id)
        .subquery())


def best_by_contest_class(session: Session, filters: Filters, zone: ZoneInfo,
                          school_ids: Sequence[int] | None) -> list[BestRow]:
    best = _best_attempts(filters, zone)
    query = (
        select(best.c.contest_id, Student.class_id, func.count(),
               func.coalesce(func.sum(best.c.best), 0),
               func.coalesce(func.sum(best.c.max_score), 0))
        .join(Student, Student.id == best.c.student_id)
        .where(Student.active.is_(True), *_in_schools(Student.school_id, school_ids))
        .group_by(best.c.contest_id, Student.class_id))
    return [BestRow(c, k, int(n), int(s), int(m)) for c, k, n, s, m in session.execute(query)]


def participants_by_class(session: Session, filters: Filters, zone: ZoneInfo,
                          school_ids: Sequence[int] | None) -> dict[int, int]:
    """Distinct students per class who finished at least one selected contest."""
    query = (
        select(Student.class_id, func.count(distinct(Attempt.student_id)))
        .select_from(Attempt)
        .join(Contest, Contest.id == Attempt.contest_id)
        .join(Student, Student.id == Attempt.student_id)
        .where(Attempt.finished_at.is_not(None), Student.active.is_(True),
               *contest_filter(filters, zone), *_in_schools(Student.school_id, school_ids))
        .group_by(Student.class_id))
    return {class_id: int(n) for class_id, n in session.execute(query)}


def accuracy_by_school_type(session: Session, filters: Filters, zone: ZoneInfo,
                            school_ids: Sequence[int] | None) -> list[AccuracyRow]:
    """Saved answers per school and scam type in the selected contests, and how many were right.

    Read from the running totals kept on every finish (quiz.reports.tallies): a few thousand
    rows instead of every answer of the city."""
    query = (
        select(AccuracyTally.school_id, AccuracyTally.scam_type_id,
               func.sum(AccuracyTally.answered), func.sum(AccuracyTally.correct))
        .join(Contest, Contest.id == AccuracyTally.contest_id)
        .where(*contest_filter(filters, zone), *_in_schools(AccuracyTally.school_id, school_ids))
        .group_by(AccuracyTally.school_id, AccuracyTally.scam_type_id))
    return [AccuracyRow(s, t, int(n), int(c or 0)) for s, t, n, c in session.execute(query)]


def scam_type_names(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    return {i: (code, name) for i, code, name in session.execute(
        select(ScamType.id, ScamType.code, ScamType.name).where(ScamType.id.in_(list(ids))))}


def _local_day(session: Session, column, zone: ZoneInfo):
    """The day of a stored UTC time in the city's zone, computed by the database.

    PostgreSQL converts with the zone's rules; SQLite knows no zones, so it shifts by the
    zone's current offset (exact for Asia/Shanghai, which has no summer time)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(zone.key, func.timezone("UTC", column)))
    minutes = int(datetime.now(UTC).astimezone(zone).utcoffset().total_seconds() // 60)
    return func.date(column, literal(f"{minutes:+d} minutes"))


def finished_per_day(session: Session, filters: Filters, zone: ZoneInfo,
                     school_ids: Sequence[int] | None) -> list[DayRow]:
    day = _local_day(session, Attempt.finished_at, zone).label("day")
    query = (
        select(day, func.count(), func.count(distinct(Attempt.student_id)))
        .join(Contest, Contest.id == Attempt.contest_id)
        .join(Student, Student.id == Attempt.student_id)
        .where(Attempt.finished_at.is_not(None), Student.active.is_(True),
               *contest_filter(filters, zone), *_in_schools(Student.school_id, school_ids))
        .group_by(day).order_by(day))
    rows = []
    for value, finished, participants in session.execute(query):
        if isinstance(value, str):
            value = date.fromisoformat(value)
        rows.append(DayRow(value, int(finished), int(participants)))
    return rows


def participants_in(session: Session, filters: Filters, zone: ZoneInfo,
                    school_ids: Sequence[int] | None) -> int:
    """Distinct students who finished at least one selected contest (for season rows)."""
    return int(session.scalar(
        select(func.count(distinct(Attempt.student_id)))
        .join(Contest, Contest.id == Attempt.contest_id)
        .join(Student, Student.id == Attempt.student_id)
        .where(Attempt.finished_at.is_not(None), Student.active.is_(True),
               *contest_filter(filters, zone), *_in_schools(Student.school_id, school_ids)))
        or 0)


def student_rows(session: Session, filters: Filters, zone: ZoneInfo,
                 class_ids: Sequence[int]) -> list[StudentRow]:
    """Each student's best attempt per selected contest, for the named classes only.

    Best: highest score, then least time, then earliest finish (quiz.contests.results)."""
    if not class_ids:
        return []
    order = func.row_number().over(
        partition_by=(Attempt.contest_id, Attempt.student_id),
        order_by=(Attempt.score.desc(), Attempt.time_used_seconds, Attempt.finished_at))
    ranked = (
        select(Attempt.contest_id, Attempt.student_id, Attempt.score, Attempt.max_score,
               Attempt.correct, Attempt.total, Attempt.time_used_seconds, Attempt.finished_at,
               order.label("n"))
        .join(Contest, Contest.id == Attempt.contest_id)
        .join(Student, Student.id == Attempt.student_id)
        .where(Attempt.finished_at.is_not(None), Student.class_id.in_(list(class_ids)),
               *contest_filter(filters, zone))
        .subquery())
    query = (
        select(Student.id, Student.student_no, Student.name, Student.class_id,
               ranked.c.contest_id, ranked.c.score, ranked.c.max_score, ranked.c.correct,
               ranked.c.total, ranked.c.time_used_seconds, ranked.c.finished_at)
        .join(ranked, ranked.c.student_id == Student.id)
        .where(ranked.c.n == 1, Student.active.is_(True)))
    return [StudentRow(*row) for row in session.execute(query)]


def active_students(session: Session, class_ids: Sequence[int]) -> list[tuple[int, str, str, int]]:
    """(id, student number, name, class) of the named classes' active students."""
    if not class_ids:
        return []
    return [tuple(row) for row in session.execute(
        select(Student.id, Student.student_no, Student.name, Student.class_id)
        .where(Student.class_id.in_(list(class_ids)), Student.active.is_(True))
        .order_by(Student.class_id, Student.student_no))]
