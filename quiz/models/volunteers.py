"""Volunteer teams and their activities.

One team per school. Students ask to join (or a teacher adds them); a teacher names the leader
(队长). Activities are logged by a team member or a teacher and count only once a teacher of the
school approves them; any edit sends an approved or rejected activity back to pending.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.i18n import lazy_gettext as _l
from quiz.models.org import School, StaffUser, Student
from quiz.models.types import UTCDateTime, utcnow


class MemberRole(enum.StrEnum):
    MEMBER = "member"
    LEADER = "leader"  # 队长


class MemberStatus(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"


class ActivityStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return str(_ACTIVITY_STATUS_LABELS[self])


_ACTIVITY_STATUS_LABELS = {
    ActivityStatus.PENDING: _l("待审核"),
    ActivityStatus.APPROVED: _l("已通过"),
    ActivityStatus.REJECTED: _l("未通过"),
}


class ActivityKind(enum.StrEnum):
    """The campaign's kinds of outreach (进社区/进家庭/进校园/进企业/进机关 and the rest)."""

    COMMUNITY = "community"
    FAMILY = "family"
    CAMPUS = "campus"
    ENTERPRISE = "enterprise"
    OFFICE = "office"
    LEAFLETS = "leaflets"
    TALK = "talk"
    SHORT_VIDEO = "short_video"
    APP_INSTALL = "app_install"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(ACTIVITY_KIND_LABELS[self])


ACTIVITY_KIND_LABELS = {
    ActivityKind.COMMUNITY: _l("进社区"),
    ActivityKind.FAMILY: _l("进家庭"),
    ActivityKind.CAMPUS: _l("进校园"),
    ActivityKind.ENTERPRISE: _l("进企业"),
    ActivityKind.OFFICE: _l("进机关"),
    ActivityKind.LEAFLETS: _l("发放宣传单"),
    ActivityKind.TALK: _l("宣讲"),
    ActivityKind.SHORT_VIDEO: _l("短视频"),
    ActivityKind.APP_INSTALL: _l("帮助安装注册国家反诈中心App"),
    ActivityKind.OTHER: _l("其他"),
}


class VolunteerTeam(db.Model):
    """A school's student anti-fraud volunteer team (学生反诈志愿者队伍); at most one per school."""

    __tablename__ = "volunteer_team"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    school: Mapped[School] = relationship()
    members: Mapped[list[TeamMember]] = relationship(
        back_populates="team", cascade="all, delete-orphan", order_by="TeamMember.id")

    def __repr__(self) -> str:
        return f"<VolunteerTeam {self.school_id}>"


class TeamMember(db.Model):
    """A student's membership of their school's team: asked for (pending) or accepted (active)."""

    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("team_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer_team.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    role: Mapped[str] = mapped_column(String(10), default=MemberRole.MEMBER.value)
    status: Mapped[str] = mapped_column(String(10), default=MemberStatus.PENDING.value)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), default=None)

    team: Mapped[VolunteerTeam] = relationship(back_populates="members")
    student: Mapped[Student] = relationship()
    decided_by: Mapped[StaffUser | None] = relationship()

    @property
    def is_leader(self) -> bool:
        return self.role == MemberRole.LEADER

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE

    def __repr__(self) -> str:
        return f"<TeamMember {self.team_id}/{self.student_id} {self.status}>"


class Activity(db.Model):
    """One outreach activity of a team.

    `hours` is the length of the activity for each participant, so the person-hours it adds to
    the tallies are hours × number of participants. Only `approved` activities count anywhere.
    """

    __tablename__ = "volunteer_activity"
    __table_args__ = (
        # Tallies and boards scan a school's (or all) approved activities by date.
        Index("ix_volunteer_activity_school_status_date", "school_id", "status", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("volunteer_team.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(100))
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    people_reached: Mapped[int] = mapped_column(Integer, default=0)
    app_installs: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=ActivityStatus.PENDING.value)
    reject_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    logged_by_student_id: Mapped[int | None] = mapped_column(
        ForeignKey("student.id"), index=True, default=None)
    logged_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id"), default=None)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), default=None)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    school: Mapped[School] = relationship()
    team: Mapped[VolunteerTeam] = relationship()
    logged_by_student: Mapped[Student | None] = relationship(foreign_keys=[logged_by_student_id])
    logged_by_staff: Mapped[StaffUser | None] = relationship(foreign_keys=[logged_by_staff_id])
    reviewed_by: Mapped[StaffUser | None] = relationship(foreign_keys=[reviewed_by_id])
    participants: Mapped[list[ActivityParticipant]] = relationship(
        back_populates="activity", cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        try:
            return ActivityKind(self.kind).label
        except ValueError:
            return self.kind

    @property
    def status_label(self) -> str:
        return ActivityStatus(self.status).label

    def __repr__(self) -> str:
        return f"<Activity {self.id} {self.kind} {self.status}>"


class ActivityParticipant(db.Model):
    """A student who took part in an activity (of the activity's school)."""

    __tablename__ = "volunteer_activity_participant"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer_activity.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student.id"), primary_key=True, index=True)

    activity: Mapped[Activity] = relationship(back_populates="participants")
    student: Mapped[Student] = relationship()
