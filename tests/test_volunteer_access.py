"""The authorisation matrix of every volunteer and audit-log page: student, teacher, school
admin and bureau, each against their own school's objects and another school's."""

from __future__ import annotations

import pytest

from quiz.models.volunteers import ActivityStatus, MemberStatus
from tests import volunteer_world as vw

# (who, method, url template, expected status). Objects belong to school A; "_b" users are
# school B's. {act} is an activity of school A logged by s1 with s1 and s2 taking part;
# {req} is s3's pending request to join school A's team.
MATRIX = [
    ("s1", "GET", "/volunteers/", 200),
    ("teacher", "GET", "/volunteers/", 302),
    ("bureau", "GET", "/volunteers/", 302),
    ("teacher", "POST", "/volunteers/join", 403),
    ("bureau", "POST", "/volunteers/join", 403),
    ("s1", "GET", "/volunteers/team", 403),
    ("teacher", "GET", "/volunteers/team", 200),
    ("admin", "GET", "/volunteers/team", 200),
    ("bureau", "GET", "/volunteers/team", 403),
    ("s1", "POST", "/volunteers/team/members/{req}/accept", 403),
    ("teacher_b", "POST", "/volunteers/team/members/{req}/accept", 404),
    ("admin_b", "POST", "/volunteers/team/members/{req}/leader", 404),
    ("bureau", "POST", "/volunteers/team/members/{req}/accept", 403),
    ("s1", "POST", "/volunteers/team/add", 403),
    ("bureau", "POST", "/volunteers/team/add", 403),
    ("s1", "GET", "/volunteers/activities", 403),
    ("teacher", "GET", "/volunteers/activities", 200),
    ("admin", "GET", "/volunteers/activities", 200),
    ("bureau", "GET", "/volunteers/activities", 403),
    ("s1", "GET", "/volunteers/activities/new", 200),
    ("s3", "GET", "/volunteers/activities/new", 302),  # not a member yet
    ("teacher", "GET", "/volunteers/activities/new", 200),
    ("admin", "GET", "/volunteers/activities/new", 200),
    ("bureau", "GET", "/volunteers/activities/new", 403),
    ("s1", "GET", "/volunteers/activities/{act}", 200),
    ("s2", "GET", "/volunteers/activities/{act}", 200),
    ("s3", "GET", "/volunteers/activities/{act}", 404),
    ("sb", "GET", "/volunteers/activities/{act}", 404),
    ("teacher", "GET", "/volunteers/activities/{act}", 200),
    ("teacher_a2", "GET", "/volunteers/activities/{act}", 200),
    ("admin", "GET", "/volunteers/activities/{act}", 200),
    ("teacher_b", "GET", "/volunteers/activities/{act}", 404),
    ("admin_b", "GET", "/volunteers/activities/{act}", 404),
    ("bureau", "GET", "/volunteers/activities/{act}", 404),
    ("s1", "GET", "/volunteers/activities/{act}/edit", 200),
    ("s2", "GET", "/volunteers/activities/{act}/edit", 403),
    ("sb", "GET", "/volunteers/activities/{act}/edit", 404),
    ("teacher", "GET", "/volunteers/activities/{act}/edit", 200),
    ("admin", "GET", "/volunteers/activities/{act}/edit", 200),
    ("teacher_b", "GET", "/volunteers/activities/{act}/edit", 404),
    ("bureau", "GET", "/volunteers/activities/{act}/edit", 404),
    ("s1", "POST", "/volunteers/activities/{act}/approve", 403),
    ("s2", "POST", "/volunteers/activities/{act}/reject", 403),
    ("teacher_b", "POST", "/volunteers/activities/{act}/approve", 404),
    ("admin_b", "POST", "/volunteers/activities/{act}/reject", 404),
    ("bureau", "POST", "/volunteers/activities/{act}/approve", 404),
    ("s1", "GET", "/volunteers/board", 200),
    ("teacher", "GET", "/volunteers/board", 200),
    ("admin", "GET", "/volunteers/board", 200),
    ("bureau", "GET", "/volunteers/board", 302),
    ("s1", "GET", "/volunteers/board?school={school_b}", 404),
    ("teacher", "GET", "/volunteers/board?school={school_b}", 404),
    ("admin", "GET", "/volunteers/board?school={school_b}", 404),
    ("bureau", "GET", "/volunteers/board?school={school_b}", 200),
    ("s1", "GET", "/volunteers/board/city", 200),
    ("teacher", "GET", "/volunteers/board/city", 200),
    ("admin", "GET", "/volunteers/board/city", 200),
    ("bureau", "GET", "/volunteers/board/city", 200),
    ("s1", "GET", "/admin/audit/", 403),
    ("teacher", "GET", "/admin/audit/", 403),
    ("admin", "GET", "/admin/audit/", 200),
    ("admin_b", "GET", "/admin/audit/", 200),
    ("bureau", "GET", "/admin/audit/", 200),
    (None, "GET", "/admin/audit/", 302),
    (None, "GET", "/volunteers/", 302),
    (None, "GET", "/volunteers/board/city", 302),
]


@pytest.fixture
def world(make):
    w = vw.build(make)
    make.member(w["s1"])
    make.member(w["s2"])
    make.member(w["sb"])
    w["req"] = make.member(w["s3"], status=MemberStatus.PENDING)
    w["act"] = make.activity(w["school_a"], [w["s1"], w["s2"]], status=ActivityStatus.PENDING,
                             logged_by_student=w["s1"])
    return w


@pytest.mark.parametrize(("who", "method", "url", "expected"), MATRIX,
                         ids=[f"{w}-{m}-{u}" for w, m, u, _e in MATRIX])
def test_access(world, client, login_as, who, method, url, expected):
    url = url.format(act=world["act"].id, req=world["req"].id, school_b=world["school_b"].id)
    if who is not None:
        client = login_as(world[who])
    data = {"version": world["act"].updated_at.isoformat(), "reason": "不对"}
    response = client.get(url) if method == "GET" else client.post(url, data=data)
    assert response.status_code == expected
