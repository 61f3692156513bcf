"""Contest leaderboards built from the database with the ranking rules.

Boards are computed on request from the finished attempts (overdue ones are finished first),
so a finished attempt shows at once. Names outside the viewer's own class are masked unless the
student's school turned masking off and the viewer belongs to that school; student numbers are
never shown. Scale and caching are the leaderboard issue's to settle; this is the correct
baseline they are measured against.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.contests.attempts import close_overdue
from quiz.contests.eligibility import eligible_students
from quiz.contests.errors import Invalid, NotFound
from quiz.contests.results import best_attempt, named_class_ids
from quiz.i18n import _
from quiz.models import Attempt, Contest, Role, School, SchoolClass, StaffUser, Student
from quiz.rankings.masking import mask_name
from quiz.rankings.rules import (
    GroupMember,
    StudentResult,
    group_standing,
    rank_groups,
    rank_students,
)

LEVELS = ("student", "class", "school")


@dataclass(frozen=True)
class BoardQuery:
    level: str = "student"
    class_id: int | None = None
    school_id: int | None = None
    district_id: int | None = None
    limit: int = 50


def check_scope(viewer: Any, query: BoardQuery, session: Session) -> None:
    """Students and school staff ask only about their own class, school or district."""
    if query.level not in LEVELS:
        raise Invalid(_("未知的排行层级。"), {"level": [_("只能是 student、class 或 school")]})
    if not 1 <= query.limit <= 500:
        raise Invalid(_("limit 应在 1 到 500 之间。"), {"limit": [_("1 到 500")]})
    if isinstance(viewer, StaffUser) and viewer.role == Role.BUREAU_ADMIN:
        return
    school = session.get(School, viewer.school_id)
    if query.school_id is not None and query.school_id != viewer.school_id:
        raise NotFound(_("没有这个排行榜。"))
    if query.district_id is not None and query.district_id != school.district_id:
        raise NotFound(_("没有这个排行榜。"))
    if query.class_id is not None:
        school_class = session.get(SchoolClass, query.class_id)
        if school_class is None or school_class.school_id != viewer.school_id:
            raise NotFound(_("没有这个排行榜。"))
        if isinstance(viewer, Student) and query.class_id != viewer.class_id:
            raise NotFound(_("没有这个排行榜。"))


def contest_board(session: Session, contest: Contest, viewer: Any, query: BoardQuery,
                  now: datetime) -> list[dict[str, Any]]:
    check_scope(viewer, query, session)
    close_overdue(session, now, contest.id)
    students_query = eligible_students(contest)
    if query.class_id is not None:
        students_query = students_query.where(Student.class_id == query.class_id)
    if query.school_id is not None:
        students_query = students_query.where(Student.school_id == query.school_id)
    if query.district_id is not None:
        students_query = students_query.join(School, School.id == Student.school_id).where(
            School.district_id == query.district_id)
    students = session.scalars(students_query).all()
    attempts: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in session.scalars(select(Attempt).where(
            Attempt.contest_id == contest.id, Attempt.finished_at.is_not(None))):
        attempts[attempt.student_id].append(attempt)
    best = {s.id: best_attempt(attempts.get(s.id, [])) for s in students}
    if query.level == "student":
        return _student_rows(students, best, viewer, session)[:query.limit]
    return _group_rows(students, best, query.level)[:query.limit]


def _student_rows(students, best, viewer, session) -> list[dict[str, Any]]:
    by_id = {s.id: s for s in students}
    results = [StudentResult(student_id=sid, score=a.score or 0,
                             time_used_seconds=a.time_used_seconds or 0,
                             finished_at=a.finished_at)
               for sid, a in best.items() if a is not None]
    named = _named_classes(viewer)
    rows = []
    for ranked in rank_students(results):
        student = by_id[ranked.result.student_id]
        shows_name = (student.class_id in named
                      or (not student.school.mask_names and student.school_id == viewer.school_id))
        rows.append({
            "rank": ranked.rank,
            "name": student.name if shows_name else mask_name(student.name),
            "class": student.school_class.label, "school": student.school.name,
            "score": ranked.result.score,
            "time_used_seconds": ranked.result.time_used_seconds,
        })
    return rows


def _named_classes(viewer: Any) -> set[int]:
    """Classes whose names the viewer sees on a board: a student their own class, staff the
    classes they teach or run; the bureau none (its pages are aggregates, never names)."""
    if isinstance(viewer, Student):
        return {viewer.class_id}
    return named_class_ids(viewer) or set()


def _group_rows(students, best, level: str) -> list[dict[str, Any]]:
    members: dict[int, list[GroupMember]] = defaultdict(list)
    labels: dict[int, tuple[str | None, str]] = {}
    for student in students:
        attempt = best[student.id]
        key = student.class_id if level == "class" else student.school_id
        members[key].append(GroupMember(student.id, attempt.score if attempt else None))
        labels[key] = ((student.school_class.label if level == "class" else None),
                       student.school.name)
    ranked = rank_groups(group_standing(key, group) for key, group in members.items())
    return [{
        "rank": row.rank, "name": labels[row.standing.key][1] if level == "school"
        else labels[row.standing.key][0],
        "class": labels[row.standing.key][0], "school": labels[row.standing.key][1],
        "score": round(row.standing.mean_score, 1),
        "participation_rate": round(row.standing.participation_rate, 4),
    } for row in ranked]
