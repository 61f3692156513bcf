"""A small world for volunteer tests: two schools in two districts, teams, staff, students."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from quiz.extensions import db
from quiz.models import Role
from quiz.models.volunteers import (
    Activity,
    ActivityParticipant,
    ActivityStatus,
    MemberRole,
    MemberStatus,
    TeamMember,
    VolunteerTeam,
)
from quiz.volunteers import service
from tests.contest_world import staff


def team(school) -> VolunteerTeam:
    """The school's team, made the way the app makes it (committed, for the tests' next step)."""
    found = service.team_for(db.session, school)
    db.session.commit()
    return found


def member(student, *, status: str = MemberStatus.ACTIVE, role: str = MemberRole.MEMBER
           ) -> TeamMember:
    row = TeamMember(team_id=team(student.school).id, student_id=student.id,
                     status=str(status), role=str(role))
    db.session.add(row)
    db.session.commit()
    return row


def activity(school, participants, *, hours: str = "2", people: int = 10, installs: int = 0,
             status: str = ActivityStatus.APPROVED, kind: str = "community",
             on: date = date(2026, 10, 10), logged_by_student=None, logged_by_staff=None,
             place: str = "幸福社区", description: str = "发放反诈宣传单") -> Activity:
    row = Activity(
        school_id=school.id, team_id=team(school).id, kind=kind, occurred_on=on, place=place,
        hours=Decimal(hours), people_reached=people, app_installs=installs,
        description=description, status=str(status),
        logged_by_student_id=logged_by_student.id if logged_by_student else None,
        logged_by_staff_id=logged_by_staff.id if logged_by_staff else None,
    )
    row.participants = [ActivityParticipant(student_id=s.id) for s in participants]
    db.session.add(row)
    db.session.commit()
    return row


def build(make) -> dict:
    d1 = make.district("东湖区")
    d2 = make.district("西山区")
    school_a = make.school("VA", name="东湖第一中学", district=d1)
    school_b = make.school("VB", name="西山实验中学", district=d2)
    class_a1 = make.school_class(school_a, grade=7, name="1班")
    class_a2 = make.school_class(school_a, grade=8, name="2班")
    class_b1 = make.school_class(school_b, grade=7, name="1班")
    return {
        "d1": d1, "d2": d2, "school_a": school_a, "school_b": school_b,
        "class_a1": class_a1, "class_a2": class_a2, "class_b1": class_b1,
        **staff(make, school_a, class_a1, school_b, class_b1),
        "teacher_a2": make.staff(Role.TEACHER, school=school_a, classes=[class_a2],
                                 username="teacher-a2"),
        "admin_b": make.staff(Role.SCHOOL_ADMIN, school=school_b, username="admin-b"),
        "s1": make.student(class_a1, student_no="A001", name="张小明"),
        "s2": make.student(class_a1, student_no="A002", name="李小红"),
        "s3": make.student(class_a2, student_no="A101", name="王小刚"),
        "sb": make.student(class_b1, student_no="B001", name="赵小丽"),
    }
