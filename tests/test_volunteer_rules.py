"""Volunteer rules as pure functions: no app, no database."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from quiz.models.org import Role, StaffUser, Student
from quiz.permissions import volunteers as access
from quiz.volunteers import rules
from quiz.volunteers.boards import rank_by_hours
from quiz.volunteers.rules import ParticipantInfo

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(("value", "ok"), [
    ("2", True), ("0.5", True), ("24", True), ("1.5", True), ("0", False), ("-1", False),
    ("24.1", False), ("100", False), ("1.25", False), ("abc", False), ("", False),
    ("inf", False), ("NaN", False),
])
def test_hours(value, ok):
    assert (rules.check_hours(value) is None) is ok


def test_people_and_installs():
    assert rules.check_people_reached(0) is None
    assert rules.check_people_reached(-1) == "覆盖人数不能是负数。"
    assert "不能超过" in rules.check_people_reached(rules.MAX_PEOPLE + 1)
    assert rules.check_people_reached(True) is not None
    assert rules.check_app_installs(3, 10) is None
    assert rules.check_app_installs(11, 10) == "安装注册人数不能多于覆盖人数。"
    assert rules.check_app_installs(-1, 10) == "安装注册人数不能是负数。"


def test_dates():
    assert rules.check_date(TODAY, TODAY) is None
    assert "晚于今天" in rules.check_date(TODAY + timedelta(days=1), TODAY)
    assert "一年前" in rules.check_date(TODAY - timedelta(days=400), TODAY)
    assert rules.check_date(None, TODAY) is not None


def test_participants():
    member = ParticipantInfo(1, 10, True)
    assert rules.check_participants([member], 10) is None
    assert "至少" in rules.check_participants([], 10)
    assert "本校" in rules.check_participants([member, ParticipantInfo(2, 11, True)], 10)
    assert "不存在" in rules.check_participants([ParticipantInfo(3, None, False)], 10)
    assert "正式队员" in rules.check_participants([ParticipantInfo(4, 10, False)], 10)


def _staff(role, school_id):
    return StaffUser(id=1, role=role.value, school_id=school_id, active=True, username="x",
                     name="x", password_hash="x")


def test_who_reviews_and_edits():
    activity = SimpleNamespace(school_id=10, logged_by_student_id=5)
    teacher, other = _staff(Role.TEACHER, 10), _staff(Role.TEACHER, 11)
    admin, bureau = _staff(Role.SCHOOL_ADMIN, 10), _staff(Role.BUREAU_ADMIN, None)
    logger = Student(id=5, school_id=10, class_id=1)
    mate = Student(id=6, school_id=10, class_id=1)
    assert access.may_review_activity(teacher, activity)
    assert access.may_review_activity(admin, activity)
    assert not access.may_review_activity(other, activity)
    assert not access.may_review_activity(bureau, activity)
    assert not access.may_review_activity(logger, activity)
    assert access.may_edit_activity(logger, activity)
    assert not access.may_edit_activity(mate, activity)
    assert access.may_view_activity(mate, activity, [6])
    assert not access.may_view_activity(mate, activity, [5])
    assert not access.may_view_activity(bureau, activity, [])


def test_rank_by_hours_shares_ranks_and_leaves_out_zero():
    rows = [SimpleNamespace(hours=h, activities=a, n=n) for h, a, n in [
        (3, 1, "a"), (5, 2, "b"), (3, 1, "c"), (3, 2, "d"), (0, 0, "e")]]
    ranked = rank_by_hours(rows, lambda r: r.n)
    assert [(r.rank, r.label) for r in ranked] == [(1, "b"), (2, "d"), (3, "a"), (3, "c")]
