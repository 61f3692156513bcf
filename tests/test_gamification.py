"""XP and badges from contests (the finish hook), the profile page, volunteer facts and the
teachers' mastery heat map, on the test database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.gamification import rules, service
from quiz.models import Attempt, utcnow
from quiz.models.gamification import MistakeBookEntry, PracticeAnswer, StudentBadge, XpEntry
from tests.factories import ALL
from tests.gamification_world import build, keys_for

RIGHT = {"single": ["对的"], "multiple": ["对一", "对二"], "true_false": ["正确"]}


@pytest.fixture
def world(make):
    return build(make)


def api_token(client, username, school=None) -> dict:
    response = client.post("/api/v1/token", json={
        "school": school, "username": username, "password": "pass-1234"})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def run_contest(make, world, *, right: bool, **spec) -> dict:
    """A contest over alpha for class 7/1 that student A001 takes and finishes."""
    contest = make.contest(world["teacher"], draw=[("alpha", 4)], school_codes=["SA"],
                           class_ids=[world["class_a1"].id], **spec)
    attempt = make.attempt(contest, world["student"], right=ALL if right else 0,
                           wrong=0 if right else ALL, seconds=0)
    return {"contest": contest.id, "attempt": attempt.id}


def xp_rows(student_id: int, reason: str | None = None) -> list[XpEntry]:
    db.session.expire_all()
    query = select(XpEntry).where(XpEntry.student_id == student_id)
    if reason:
        query = query.where(XpEntry.reason == reason)
    return list(db.session.scalars(query))


def badge_codes(student_id: int) -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(StudentBadge.badge_code).where(
        StudentBadge.student_id == student_id)))


# --- the finish hook ------------------------------------------------------------------------------


def test_full_marks_pays_contest_xp_and_badges_once(client, world, clock, make):
    result = run_contest(make, world, right=True)
    student_id = world["student"].id
    rows = xp_rows(student_id, "contest")
    assert [r.amount for r in rows] == [rules.CONTEST_BASE_XP + rules.CONTEST_SCORE_XP]
    assert {"first_contest", "full_marks"} <= badge_codes(student_id)
    # The hook again (a repeated finish) pays nothing more and awards nothing twice.
    attempt = db.session.get(Attempt, result["attempt"])
    service.contest_finished(db.session, attempt, utcnow())
    db.session.commit()
    assert len(xp_rows(student_id, "contest")) == 1
    assert db.session.scalar(select(func.count()).select_from(StudentBadge).where(
        StudentBadge.student_id == student_id)) == len(badge_codes(student_id))


def test_a_better_second_attempt_pays_only_the_difference(client, world, clock, make):
    first = run_contest(make, world, right=False, max_attempts=2, reveal="after_close")
    student = api_token(client, "A001", "SA")
    attempt = client.post(f"/api/v1/contests/{first['contest']}/attempts",
                          headers=student).get_json()
    for question in attempt["questions"]:
        keys = [o["key"] for o in question["options"] if o["text"] in RIGHT[question["type"]]]
        client.put(f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}",
                   json={"answer": keys}, headers=student)
    client.post(f"/api/v1/attempts/{attempt['id']}/finish", headers=student)
    amounts = [r.amount for r in xp_rows(world["student"].id, "contest")]
    assert amounts == [rules.CONTEST_BASE_XP, rules.CONTEST_SCORE_XP]
    assert sum(amounts) == rules.contest_xp(1, 1)


def test_contest_mistakes_go_to_the_mistake_book_only_when_revealed(client, world, clock, make):
    run_contest(make, world, right=False, reveal="after_close")
    assert db.session.scalar(select(func.count()).select_from(MistakeBookEntry)) == 0
    run_contest(make, world, right=False, title="第二场")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(MistakeBookEntry)) == 4
    # A third paper of 4 from alpha's 6 questions repeats at least two: counted, not doubled.
    run_contest(make, world, right=False, title="第三场")
    db.session.expire_all()
    entries = db.session.scalars(select(MistakeBookEntry)).all()
    assert len(entries) <= 6 and sum(e.wrong_count for e in entries) == 8
    assert max(e.wrong_count for e in entries) == 2
    assert all(e.right_in_a_row == 0 and e.cleared_at is None for e in entries)


# --- profile --------------------------------------------------------------------------------------


def test_profile_shows_level_badges_and_a_mastery_chart(client, world, clock, login_as, make):
    run_contest(make, world, right=True)
    page = login_as(world["student"]).get("/me").get_data(as_text=True)
    assert "我的成就" in page and "反诈新兵" in page and "Lv.1" in page
    assert "满分答卷" in page and "未获得" in page  # earned and locked badges
    assert "<svg" in page and 'class="mastery-chart"' in page
    assert "测试alpha：100%" in page  # the chart's text for screen readers
    assert "测试beta：暂无作答" in page


def test_profile_of_a_staff_member_is_forbidden(login_as, world):
    assert login_as(world["admin"]).get("/me").status_code == 403


# --- volunteers and award_badges ------------------------------------------------------------------


def test_first_approved_volunteer_activity_earns_a_badge(world, app_ctx, make):
    student = world["student"]
    activity = make.activity(world["school_a"], [student], kind="campus", on=date(2026, 10, 1),
                             place="学校礼堂", hours="2.0", status="pending")
    assert "first_volunteer" not in service.award_badges(db.session, student, utcnow())
    activity.status = "approved"
    assert service.award_badges(db.session, student, utcnow()) == ["first_volunteer"]
    assert service.award_badges(db.session, student, utcnow()) == []
    db.session.commit()
    assert badge_codes(student.id) == {"first_volunteer"}


def test_mastering_every_type_earns_the_badge(world, app_ctx, login_as):
    client = login_as(world["student"])
    for code in ("alpha", "beta"):
        for _ in range(rules.MASTERY_MIN_ANSWERS):
            body = client.post("/practice/api/next", json={"source": "practice",
                                                            "scam_type": code}).get_json()
            ticket = body["question"]["ticket"]
            client.post("/practice/api/answer", json={"ticket": ticket,
                                                      "answer": keys_for(ticket)})
    assert "all_mastered" in badge_codes(world["student"].id)


def test_seven_day_streak_badge(world, app_ctx, clock, login_as):
    client = login_as(world["student"])
    clock.current = clock.current.replace(hour=3)
    for day in range(7):
        for _ in range(5):
            body = client.post("/practice/api/next", json={"source": "daily"}).get_json()
            ticket = body["question"]["ticket"]
            result = client.post("/practice/api/answer", json={
                "ticket": ticket, "answer": keys_for(ticket)}).get_json()
        assert result["daily"]["streak"] == day + 1
        assert ("streak_7" in badge_codes(world["student"].id)) == (day == 6)
        clock.advance(days=1)


# --- heat map -------------------------------------------------------------------------------------


def practise(client, code: str, right: int, wrong: int) -> None:
    for n in range(right + wrong):
        ticket = client.post("/practice/api/next", json={
            "source": "practice", "scam_type": code}).get_json()["question"]["ticket"]
        client.post("/practice/api/answer", json={"ticket": ticket,
                                                  "answer": keys_for(ticket, n < right)})


def test_teacher_heat_map_by_class_and_by_student(world, login_as, client):
    practise(login_as(world["student"]), "alpha", right=3, wrong=1)
    practise(login_as(world["student_a2"]), "alpha", right=1, wrong=3)
    teacher = login_as(world["teacher"])
    page = teacher.get("/staff/mastery").get_data(as_text=True)
    assert "7年级 1班" in page and "7年级 2班" in page
    assert "75%<small> (4)" in page and "25%<small> (4)" in page and "50%<small> (8)" in page
    assert "低于 50%" in page  # the legend
    assert "张小明" not in page  # no names on the school map
    # Own class: students by name; another class of the school: not for this teacher.
    own = teacher.get(f"/staff/mastery/classes/{world['class_a1'].id}")
    assert own.status_code == 200
    text = own.get_data(as_text=True)
    assert "张小明" in text and "李小红" in text and "75%" in text
    assert teacher.get(f"/staff/mastery/classes/{world['class_a2'].id}").status_code == 404
    # The school admin sees names in every class of the school.
    admin = login_as(world["admin"])
    assert admin.get(f"/staff/mastery/classes/{world['class_a2'].id}").status_code == 200


def test_another_schools_class_is_404_and_bureau_picks_a_school(world, login_as):
    teacher_b = login_as(world["teacher_b"])
    assert teacher_b.get(f"/staff/mastery/classes/{world['class_a1'].id}").status_code == 404
    assert teacher_b.get("/staff/mastery/classes/99999").status_code == 404
    assert teacher_b.get(f"/staff/mastery/classes/{10**20}").status_code == 404
    page = teacher_b.get("/staff/mastery").get_data(as_text=True)
    assert "7年级 1班" in page and world["school_b"].name in page
    assert world["school_a"].name not in page
    bureau = login_as(world["bureau"])
    assert "SA" in bureau.get("/staff/mastery").get_data(as_text=True)
    assert world["school_a"].name in bureau.get("/staff/mastery?school=sa").get_data(
        as_text=True)
    missing = bureau.get("/staff/mastery?school=NOPE")
    assert missing.status_code == 404 and "NOPE" in missing.get_data(as_text=True)
    # Student-level rows are for the class's own teachers and school admins only.
    assert bureau.get(f"/staff/mastery/classes/{world['class_a1'].id}").status_code == 404


def test_students_cannot_open_the_heat_map(world, login_as):
    student = login_as(world["student"])
    assert student.get("/staff/mastery").status_code == 403
    assert student.get(f"/staff/mastery/classes/{world['class_a1'].id}").status_code == 403


def test_practice_answers_count_in_the_ledger_by_local_day(world, app_ctx, clock, login_as):
    """15:59 UTC is 23:59 in Shanghai; two minutes later is the next local day."""
    client = login_as(world["student"])
    clock.current = clock.current.replace(hour=15, minute=59)
    practise(client, "alpha", right=1, wrong=0)
    clock.advance(minutes=2)
    practise(client, "alpha", right=1, wrong=0)
    days = sorted(r.local_date for r in xp_rows(world["student"].id, "practice"))
    assert days[1] - days[0] == timedelta(days=1)
    assert db.session.scalar(select(func.count()).select_from(PracticeAnswer)) == 2
