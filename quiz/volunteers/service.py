"""Volunteer team and activity changes. Each function changes rows in the session and records
staff actions in the audit log; the caller commits, so a failed request leaves nothing behind.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz import audit
from quiz.i18n import _
from quiz.models.org import School, StaffUser, Student
from quiz.models.volunteers import (
    Activity,
    ActivityParticipant,
    ActivityStatus,
    MemberRole,
    MemberStatus,
    TeamMember,
    VolunteerTeam,
)
from quiz.volunteers.rules import ParticipantInfo


@dataclass(frozen=True)
class ActivityInput:
    kind: str
    occurred_on: date
    place: str
    hours: Decimal
    people_reached: int
    app_installs: int
    description: str
    participant_ids: Sequence[int]


def team_for(session: Session, school: School) -> VolunteerTeam:
    """The school's team, created on first use (one per school: a unique school_id)."""
    team = session.scalar(select(VolunteerTeam).where(VolunteerTeam.school_id == school.id))
    if team is None:
        try:
            with session.begin_nested():
                team = VolunteerTeam(school_id=school.id,
                                     name=_("%(school)s学生反诈志愿者队", school=school.name))
                session.add(team)
        except IntegrityError:
            # Two first uses at once: the other request made it; use theirs.
            team = session.scalar(
                select(VolunteerTeam).where(VolunteerTeam.school_id == school.id))
    return team


def existing_team(session: Session, school_id: int) -> VolunteerTeam | None:
    return session.scalar(select(VolunteerTeam).where(VolunteerTeam.school_id == school_id))


def membership(session: Session, student: Student) -> TeamMember | None:
    return session.scalar(
        select(TeamMember).join(VolunteerTeam, VolunteerTeam.id == TeamMember.team_id)
        .where(VolunteerTeam.school_id == student.school_id,
               TeamMember.student_id == student.id))


def active_member_ids(session: Session, school_id: int) -> set[int]:
    return set(session.scalars(
        select(TeamMember.student_id).join(VolunteerTeam, VolunteerTeam.id == TeamMember.team_id)
        .where(VolunteerTeam.school_id == school_id,
               TeamMember.status == MemberStatus.ACTIVE.value)))


def request_join(session: Session, student: Student, now: datetime) -> TeamMember:
    """A student asks to join their school's team; asking twice changes nothing."""
    existing = membership(session, student)
    if existing is not None:
        return existing
    member = TeamMember(team_id=team_for(session, student.school).id, student_id=student.id,
                        status=MemberStatus.PENDING.value, role=MemberRole.MEMBER.value,
                        requested_at=now)
    session.add(member)
    return member


def decide(session: Session, actor: StaffUser, member: TeamMember, accept: bool,
           now: datetime) -> None:
    """Accept a request (the student becomes an active member) or decline it (the request is
    removed, so the student may ask again later)."""
    school_id = member.team.school_id
    target = _member_target(member)
    if accept:
        member.status = MemberStatus.ACTIVE.value
        member.decided_at = now
        member.decided_by_id = actor.id
        audit.record(session, actor, "team.accept", target, school_id=school_id,
                     details={"student_id": member.student_id})
    else:
        audit.record(session, actor, "team.decline", target, school_id=school_id,
                     details={"student_id": member.student_id})
        session.delete(member)


def add_members(session: Session, actor: StaffUser, school: School,
                students: Iterable[Student], now: datetime) -> int:
    """Teachers add students directly (pending requests among them are accepted); returns how
    many became active members."""
    team = team_for(session, school)
    existing = {m.student_id: m for m in session.scalars(
        select(TeamMember).where(TeamMember.team_id == team.id))}
    added = []
    for student in students:
        member = existing.get(student.id)
        if member is not None and member.status == MemberStatus.ACTIVE.value:
            continue
        if member is None:
            member = TeamMember(team_id=team.id, student_id=student.id, requested_at=now,
                                role=MemberRole.MEMBER.value)
            session.add(member)
        member.status = MemberStatus.ACTIVE.value
        member.decided_at = now
        member.decided_by_id = actor.id
        added.append(student.id)
    if added:
        audit.record(session, actor, "team.add", _("%(n)s 名学生", n=len(added)),
                     school_id=school.id, details={"student_ids": added})
    return len(added)


def set_leader(session: Session, actor: StaffUser, member: TeamMember, now: datetime) -> None:
    """Name an active member the team's leader (队长); a team has one, so the previous leader
    becomes a member again."""
    for other in session.scalars(select(TeamMember).where(
            TeamMember.team_id == member.team_id, TeamMember.role == MemberRole.LEADER.value)):
        other.role = MemberRole.MEMBER.value
    member.role = MemberRole.LEADER.value
    member.decided_at = now
    member.decided_by_id = actor.id
    audit.record(session, actor, "team.leader", _member_target(member),
                 school_id=member.team.school_id, details={"student_id": member.student_id})


def remove_member(session: Session, actor: StaffUser, member: TeamMember) -> None:
    """Take a student off the team; the activities they took part in keep counting."""
    audit.record(session, actor, "team.remove", _member_target(member),
                 school_id=member.team.school_id, details={"student_id": member.student_id})
    session.delete(member)


def participant_infos(session: Session, school_id: int, ids: Iterable[int]
                      ) -> list[ParticipantInfo]:
    ids = list(dict.fromkeys(ids))
    schools = dict(session.execute(
        select(Student.id, Student.school_id).where(Student.id.in_(ids))).all()) if ids else {}
    members = active_member_ids(session, school_id)
    return [ParticipantInfo(i, schools.get(i), i in members) for i in ids]


def save_activity(session: Session, activity: Activity | None, data: ActivityInput, *,
                  school: School, by: Student | StaffUser, now: datetime) -> Activity:
    """Create an activity or change one. Any change sends it back to pending (a changed
    activity needs approval again), clearing the earlier decision."""
    if activity is None:
        activity = Activity(school_id=school.id, team_id=team_for(session, school).id,
                            created_at=now)
        if isinstance(by, Student):
            activity.logged_by_student_id = by.id
        else:
            activity.logged_by_staff_id = by.id
        session.add(activity)
    activity.kind = data.kind
    activity.occurred_on = data.occurred_on
    activity.place = data.place.strip()
    activity.hours = data.hours
    activity.people_reached = data.people_reached
    activity.app_installs = data.app_installs
    activity.description = data.description.strip()
    activity.status = ActivityStatus.PENDING.value
    activity.reject_reason = None
    activity.reviewed_by_id = None
    activity.reviewed_at = None
    activity.updated_at = now
    wanted = list(dict.fromkeys(data.participant_ids))
    kept = [p for p in activity.participants if p.student_id in wanted]
    have = {p.student_id for p in kept}
    activity.participants = kept + [ActivityParticipant(student_id=i)
                                    for i in wanted if i not in have]
    return activity


def approve(session: Session, actor: StaffUser, activity: Activity, now: datetime) -> None:
    activity.status = ActivityStatus.APPROVED.value
    activity.reject_reason = None
    activity.reviewed_by_id = actor.id
    activity.reviewed_at = now
    audit.record(session, actor, "activity.approve", _activity_target(activity),
                 school_id=activity.school_id, details={"activity_id": activity.id})
    _award_badges(session, activity, now)


def reject(session: Session, actor: StaffUser, activity: Activity, reason: str,
           now: datetime) -> None:
    activity.status = ActivityStatus.REJECTED.value
    activity.reject_reason = reason.strip()
    activity.reviewed_by_id = actor.id
    activity.reviewed_at = now
    audit.record(session, actor, "activity.reject", _activity_target(activity),
                 school_id=activity.school_id,
                 details={"activity_id": activity.id, "reason": activity.reject_reason})


def _award_badges(session: Session, activity: Activity, now: datetime) -> None:
    """Volunteer badges come from the gamification feature when it is installed."""
    award_badges = _badge_awarder()
    if award_badges is None:
        return
    session.flush()  # the badge rules read the approved activity from the database
    for participant in activity.participants:
        award_badges(session, participant.student, now)


def _badge_awarder():
    """`award_badges(session, student, now)` of the gamification feature, or None without it."""
    for name in ("quiz.gamification", "quiz.gamification.service"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        award = getattr(module, "award_badges", None)
        if award is not None:
            return award
    return None


def _member_target(member: TeamMember) -> str:
    student = member.student
    return f"{student.name}（{student.student_no}）"


def _activity_target(activity: Activity) -> str:
    return _("%(date)s %(kind)s · %(place)s", date=activity.occurred_on.isoformat(),
             kind=activity.kind_label, place=activity.place)
