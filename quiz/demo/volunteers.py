"""Demo volunteer teams: in every demo school a team with a leader, members and a couple of
requests waiting, and approved, pending and rejected activities of varied kinds.

Idempotent: members are looked up by student, and a school whose team already has activities
gets no new ones. The demo student (DH02, 070101) leads DH02's team and has logged one activity
of each status, so their home card and team page show everything.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quiz import audit
from quiz.clock import city_today
from quiz.models import Role, School, StaffUser, Student
from quiz.models.volunteers import (
    Activity,
    ActivityParticipant,
    ActivityStatus,
    MemberRole,
    MemberStatus,
    TeamMember,
)
from quiz.volunteers.service import team_for

MEMBERS_PER_SCHOOL = 10
REQUESTS_PER_SCHOOL = 2

# (kind, place, description, hours, people reached, app installs)
ACTIVITIES = [
    ("community", "幸福里社区党群服务中心",
     "在社区广场设咨询台，向老人讲解冒充公检法和保健品骗局，发放宣传折页。",
     "2.5", 120, 18),
    ("family", "各自家中（线上汇总）",
     "给家人讲刷单返利和网络游戏交易骗局，一起检查手机里的可疑App。",
     "1", 24, 9),
    ("campus", "学校报告厅",
     "面向七年级新生的反诈主题班会，用情景剧演示“免费领皮肤”骗局。",
     "1.5", 260, 0),
    ("enterprise", "东湖工业园区食堂门口",
     "午休时段向园区职工讲解虚假贷款、征信修复骗局，现场答疑。",
     "2", 85, 31),
    ("office", "街道办事处便民服务大厅",
     "协助街道工作人员发放反诈宣传册，提醒群众警惕冒充领导诈骗。",
     "3", 140, 22),
    ("leaflets", "地铁站出口与公交站台",
     "发放“三不一多”反诈宣传单，提醒陌生来电不轻信、不转账。",
     "1.5", 300, 0),
    ("talk", "社区少年宫多功能厅",
     "为小学生家长宣讲追星诈骗和游戏账号交易骗局的识别方法。",
     "2", 60, 14),
    ("short_video", "学校融媒体工作室",
     "拍摄并发布短视频《“兼职刷单”的真相》，班级群转发。",
     "4", 1500, 0),
    ("app_install", "城南菜市场",
     "帮助摊主和顾客下载安装国家反诈中心App并完成注册，开启来电预警。",
     "2", 70, 45),
    ("other", "区图书馆",
     "在读书角布置反诈知识展板，向借阅读者讲解杀猪盘骗局。", "2", 50, 6),
]
REJECT_REASONS = [
    "参与人数和时长与活动照片不符，请核对后修改。",
    "活动日期写错了：那天是期中考试，请确认后重新提交。",
]


def build(session: Session, now: datetime) -> int:
    """Teams, members and activities for every demo school; returns new activities made."""
    made = 0
    for school in session.scalars(select(School).order_by(School.code)):
        students = _round_robin(session.scalars(
            select(Student).where(Student.school_id == school.id)
            .order_by(Student.class_id, Student.student_no)).all())
        teacher = session.scalar(
            select(StaffUser).where(StaffUser.school_id == school.id,
                                    StaffUser.role == Role.TEACHER.value)
            .order_by(StaffUser.username))
        if len(students) < MEMBERS_PER_SCHOOL + REQUESTS_PER_SCHOOL or teacher is None:
            continue
        team = team_for(session, school)
        members = _members(session, team.id, students, teacher, now)
        if session.scalar(select(func.count(Activity.id)).where(Activity.team_id == team.id)):
            continue
        made += _activities(session, school, team.id, members, teacher, now)
    session.commit()
    return made


def _round_robin(students: list[Student]) -> list[Student]:
    """Students taken class by class in turn, so a team has members from every class (the
    first student of the first class first: the demo login)."""
    position: dict[int, int] = {}
    keyed = []
    for student in students:
        position[student.class_id] = position.get(student.class_id, -1) + 1
        keyed.append((position[student.class_id], student.class_id, student))
    return [student for _p, _c, student in sorted(keyed, key=lambda k: (k[0], k[1]))]


def _members(session: Session, team_id: int, students: list[Student], teacher: StaffUser,
             now: datetime) -> list[Student]:
    existing = {m.student_id for m in session.scalars(
        select(TeamMember).where(TeamMember.team_id == team_id))}
    active = students[:MEMBERS_PER_SCHOOL]
    waiting = students[MEMBERS_PER_SCHOOL:MEMBERS_PER_SCHOOL + REQUESTS_PER_SCHOOL]
    for index, student in enumerate(active):
        if student.id not in existing:
            session.add(TeamMember(
                team_id=team_id, student_id=student.id, status=MemberStatus.ACTIVE.value,
                role=(MemberRole.LEADER if index == 0 else MemberRole.MEMBER).value,
                requested_at=now - timedelta(days=40), decided_at=now - timedelta(days=39),
                decided_by_id=teacher.id))
    for student in waiting:
        if student.id not in existing:
            session.add(TeamMember(team_id=team_id, student_id=student.id,
                                   status=MemberStatus.PENDING.value,
                                   role=MemberRole.MEMBER.value,
                                   requested_at=now - timedelta(days=1)))
    session.flush()
    return active


def _activities(session: Session, school: School, team_id: int, members: list[Student],
                teacher: StaffUser, now: datetime) -> int:
    rng = random.Random(school.code)  # noqa: S311 (the same demo on every machine)
    today = city_today(now)
    leader = members[0]
    kinds = ACTIVITIES[:]
    rng.shuffle(kinds)
    # Six approved, two pending, one rejected: the leader logged one of each status.
    statuses = ([ActivityStatus.APPROVED] * 6 + [ActivityStatus.PENDING] * 2
                + [ActivityStatus.REJECTED])
    made = 0
    for index, (status, spec) in enumerate(zip(statuses, kinds, strict=False)):
        kind, place, description, hours, people, installs = spec
        days_ago = 3 + index * 5 + rng.randint(0, 3)
        by_leader = index in (0, 6, 8)
        participants = rng.sample(members, rng.randint(2, 5))
        if by_leader and leader not in participants:
            participants[0] = leader
        activity = Activity(
            school_id=school.id, team_id=team_id, kind=kind,
            occurred_on=today - timedelta(days=days_ago), place=place,
            hours=Decimal(hours), people_reached=people, app_installs=installs,
            description=description, status=status.value,
            logged_by_student_id=leader.id if by_leader else None,
            logged_by_staff_id=None if by_leader else teacher.id,
            created_at=now - timedelta(days=days_ago - 1),
            updated_at=now - timedelta(days=days_ago - 1),
        )
        activity.participants = [ActivityParticipant(student_id=s.id) for s in participants]
        if status is not ActivityStatus.PENDING:
            activity.reviewed_by_id = teacher.id
            activity.reviewed_at = now - timedelta(days=max(days_ago - 2, 0))
        if status is ActivityStatus.REJECTED:
            activity.reject_reason = rng.choice(REJECT_REASONS)
        session.add(activity)
        session.flush()
        if status is not ActivityStatus.PENDING:
            action = "activity.approve" if status is ActivityStatus.APPROVED else "activity.reject"
            audit.record(session, teacher, action, f"{activity.occurred_on} {activity.kind_label}"
                         f" · {place}", school_id=school.id, details={"activity_id": activity.id})
        made += 1
    return made
