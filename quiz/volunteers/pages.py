"""What the volunteer pages show: a student's activities, a school's team, classes and review
queue. Functions take the session and the viewer (or their school) and return rows; changes
are in quiz.volunteers.service."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from quiz.models.org import Student
from quiz.models.volunteers import (
    Activity,
    ActivityParticipant,
    ActivityStatus,
    TeamMember,
    VolunteerTeam,
)


def activities_logged_by(session: Session, student: Student) -> list[Activity]:
    """The activities a student logged, the latest first, for their volunteer page."""
    return list(session.scalars(
        select(Activity).where(Activity.logged_by_student_id == student.id)
        .order_by(Activity.occurred_on.desc(), Activity.id.desc())))


def activities_joined_by(session: Session, student: Student) -> list[Activity]:
    """The activities a student took part in that someone else logged, the latest first."""
    return list(session.scalars(
        select(Activity).join(ActivityParticipant)
        .where(ActivityParticipant.student_id == student.id,
               or_(Activity.logged_by_student_id.is_(None),
                   Activity.logged_by_student_id != student.id))
        .order_by(Activity.occurred_on.desc(), Activity.id.desc())))


def open_activities_of(session: Session, student: Student, limit: int = 5) -> list[Activity]:
    """A student's logged activities not yet approved, the latest change first, for the home
    card."""
    return list(session.scalars(
        select(Activity).where(Activity.logged_by_student_id == student.id,
                               Activity.status != ActivityStatus.APPROVED.value)
        .order_by(Activity.updated_at.desc()).limit(limit)))


def participant_students(session: Session, school_id: int, ids: Iterable[int]) -> list[Student]:
    """The students of a school among these ids, by class and number, for the participant
    choice of an activity form."""
    return list(session.scalars(
        select(Student).where(Student.id.in_(ids), Student.school_id == school_id)
        .order_by(Student.class_id, Student.student_no)))


def team_members(session: Session, team: VolunteerTeam) -> list[TeamMember]:
    """A team's members (any status) with their students and classes, leader first, then by
    class and number, for the team page of the school's staff."""
    return list(session.scalars(
        select(TeamMember).join(Student).where(TeamMember.team_id == team.id)
        .options(contains_eager(TeamMember.student).joinedload(Student.school_class))
        .order_by(TeamMember.role, Student.class_id, Student.student_no)))


def pending_activity_count(session: Session, school_id: int) -> int:
    """How many of a school's activities wait for review, shown on the team page."""
    return session.scalar(
        select(func.count(Activity.id)).where(Activity.school_id == school_id,
                                              Activity.status == ActivityStatus.PENDING.value)
    ) or 0


def students_by_ids(session: Session, ids: Iterable[int]) -> list[Student]:
    """The students with these ids (any school: the caller checks), for adding team members."""
    return list(session.scalars(select(Student).where(Student.id.in_(ids))))


def school_activities(session: Session, school_id: int, status: str,
                      limit: int = 200) -> list[Activity]:
    """A school's activities of one status ("all": any), the latest first, with their
    participants loaded (the review list shows how many), for the school's staff."""
    query = (select(Activity).where(Activity.school_id == school_id)
             .order_by(Activity.occurred_on.desc(), Activity.id.desc()))
    if status != "all":
        query = query.where(Activity.status == status)
    return list(session.scalars(query.options(selectinload(Activity.participants)).limit(limit)))
