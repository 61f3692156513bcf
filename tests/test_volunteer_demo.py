"""The demo's volunteer teams: every school has one, with each status, and a rerun adds nothing."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, select

from quiz.demo import city
from quiz.demo import volunteers as demo_volunteers
from quiz.extensions import db
from quiz.models import School, Student
from quiz.models.audit import AuditEntry
from quiz.models.volunteers import Activity, TeamMember, VolunteerTeam
from quiz.volunteers import tallies

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


def test_demo_teams_in_every_school_and_idempotent(app_ctx):
    city.build(db.session, NOW)
    db.session.commit()
    made = demo_volunteers.build(db.session, NOW)
    assert made == 4 * 9
    schools = db.session.scalars(select(School)).all()
    teams = db.session.scalars(select(VolunteerTeam)).all()
    assert {t.school_id for t in teams} == {s.id for s in schools}
    for team in teams:
        statuses = Counter(db.session.scalars(
            select(Activity.status).where(Activity.team_id == team.id)))
        assert statuses == {"approved": 6, "pending": 2, "rejected": 1}
        roles = Counter((m.status, m.role) for m in db.session.scalars(
            select(TeamMember).where(TeamMember.team_id == team.id)))
        assert roles == {("active", "leader"): 1, ("active", "member"): 9, ("pending", "member"): 2}
        kinds = set(db.session.scalars(select(Activity.kind).where(Activity.team_id == team.id)))
        assert len(kinds) == 9
    # The demo student leads DH02's team and logged one activity of each status.
    demo = db.session.scalar(select(Student).join(School).where(
        School.code == "DH02", Student.student_no == "070101"))
    leader = db.session.scalar(select(TeamMember).where(TeamMember.student_id == demo.id))
    assert leader.role == "leader"
    logged = Counter(db.session.scalars(
        select(Activity.status).where(Activity.logged_by_student_id == demo.id)))
    assert logged == {"approved": 1, "pending": 1, "rejected": 1}
    assert all(a.occurred_on <= NOW.date() for a in db.session.scalars(select(Activity)))
    assert tallies.city_totals(db.session).activities == 24
    entries = db.session.scalar(select(func.count(AuditEntry.id)))
    assert entries == 4 * 7

    assert demo_volunteers.build(db.session, NOW) == 0
    assert db.session.scalar(select(func.count(Activity.id))) == 36
    assert db.session.scalar(select(func.count(TeamMember.id))) == 48
    assert db.session.scalar(select(func.count(AuditEntry.id))) == entries
