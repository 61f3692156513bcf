"""Volunteer pages over HTTP: joining, logging, reviewing, boards, and every bad input."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models.audit import AuditEntry
from quiz.models.volunteers import (
    Activity,
    ActivityStatus,
    MemberRole,
    MemberStatus,
    TeamMember,
)
from tests import volunteer_world as vw

TODAY = date.today()


@pytest.fixture
def world(make):
    w = vw.build(make)
    w["m1"] = make.member(w["s1"], role=MemberRole.LEADER)
    w["m2"] = make.member(w["s2"])
    w["mb"] = make.member(w["sb"])
    return w


def body(**overrides) -> dict:
    data = {"kind": "community", "occurred_on": (TODAY - timedelta(days=1)).isoformat(),
            "place": "幸福里社区活动中心", "hours": "2", "people_reached": "40",
            "app_installs": "5", "description": "讲解刷单返利骗局"}
    data.update(overrides)
    return data


def post_activity(client, participants, **overrides):
    data = body(**overrides)
    data["participants"] = [str(p.id) for p in participants]
    return client.post("/volunteers/activities/new", data=data)


def activities():
    db.session.expire_all()
    return db.session.scalars(select(Activity).order_by(Activity.id)).all()


def test_student_asks_to_join_and_a_teacher_accepts(world, login_as):
    s3 = world["s3"]
    client = login_as(s3)
    page = client.get("/volunteers/")
    assert "申请加入志愿者队" in page.get_data(as_text=True)
    client.post("/volunteers/join")
    client.post("/volunteers/join")  # twice changes nothing
    db.session.expire_all()
    member = db.session.scalar(select(TeamMember).where(TeamMember.student_id == s3.id))
    assert member.status == MemberStatus.PENDING
    page = client.get("/volunteers/activities/new", follow_redirects=True)
    assert "经老师同意后" in page.get_data(as_text=True)

    teacher = login_as(world["teacher"])
    assert "王小刚" in teacher.get("/volunteers/team").get_data(as_text=True)
    teacher.post(f"/volunteers/team/members/{member.id}/accept")
    db.session.expire_all()
    member = db.session.get(TeamMember, member.id)
    assert member.status == MemberStatus.ACTIVE
    assert member.decided_by_id == world["teacher"].id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "team.accept"))
    assert entry.school_id == world["school_a"].id and entry.actor_id == world["teacher"].id


def test_teacher_declines_adds_names_leader_and_removes(world, login_as, make):
    s3 = world["s3"]
    extra = make.student(world["class_a2"], student_no="A102", name="陈小军")
    login_as(s3).post("/volunteers/join")
    teacher = login_as(world["teacher_a2"])
    member = db.session.scalar(select(TeamMember).where(TeamMember.student_id == s3.id))
    teacher.post(f"/volunteers/team/members/{member.id}/decline")
    db.session.expire_all()
    assert db.session.scalar(select(TeamMember).where(TeamMember.student_id == s3.id)) is None
    page = teacher.get(f"/volunteers/team?class={world['class_a2'].id}").get_data(as_text=True)
    assert "陈小军" in page
    teacher.post(f"/volunteers/team/add?class={world['class_a2'].id}",
                 data={"students": [str(s3.id), str(extra.id)]})
    db.session.expire_all()
    added = db.session.scalars(select(TeamMember).where(
        TeamMember.student_id.in_([s3.id, extra.id]))).all()
    assert {m.status for m in added} == {"active"} and len(added) == 2
    teacher.post(f"/volunteers/team/members/{added[0].id}/leader")
    db.session.expire_all()
    leaders = db.session.scalars(select(TeamMember).where(TeamMember.role == "leader")).all()
    assert [m.id for m in leaders] == [added[0].id]  # the earlier leader is a member again
    removed_id = added[1].id
    teacher.post(f"/volunteers/team/members/{removed_id}/remove")
    db.session.expire_all()
    assert db.session.get(TeamMember, removed_id) is None
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["team.decline", "team.add", "team.leader", "team.remove"]


def test_teacher_cannot_add_a_student_of_another_school(world, login_as):
    teacher = login_as(world["teacher"])
    response = teacher.post("/volunteers/team/add", data={"students": [str(world["s3"].id),
                                                                        str(world["sb"].id)]},
                            follow_redirects=True)
    assert "只能添加本校的学生" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(TeamMember).where(
        TeamMember.student_id == world["s3"].id)) is None


def test_student_logs_teacher_approves_and_the_tallies_follow(world, login_as):
    student = login_as(world["s1"])
    response = post_activity(student, [world["s1"], world["s2"]])
    assert response.status_code == 302
    [activity] = activities()
    assert activity.status == ActivityStatus.PENDING
    assert activity.hours == Decimal("2.0") and activity.logged_by_student_id == world["s1"].id
    page = student.get("/volunteers/").get_data(as_text=True)
    assert "待审核" in page and "0.0" in page  # not counted yet

    teacher = login_as(world["teacher"])
    page = teacher.get(f"/volunteers/activities/{activity.id}").get_data(as_text=True)
    assert "通过" in page
    version = activity.updated_at.isoformat()
    teacher.post(f"/volunteers/activities/{activity.id}/approve", data={"version": version})
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == ActivityStatus.APPROVED
    page = login_as(world["s1"]).get("/volunteers/").get_data(as_text=True)
    assert "2.0" in page
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "activity.approve"))
    assert entry.details == {"activity_id": activity.id}


def test_reject_needs_a_reason_and_the_student_sees_it(world, login_as, make):
    activity = make.activity(world["school_a"], [world["s1"]], status=ActivityStatus.PENDING,
                             logged_by_student=world["s1"], on=TODAY)
    teacher = login_as(world["teacher_a2"])  # any teacher of the school reviews
    version = activity.updated_at.isoformat()
    response = teacher.post(f"/volunteers/activities/{activity.id}/reject",
                            data={"version": version, "reason": "  "})
    assert response.status_code == 422
    assert "请写明退回的原因" in response.get_data(as_text=True)
    teacher.post(f"/volunteers/activities/{activity.id}/reject",
                 data={"version": version, "reason": "时长与活动不符"})
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == ActivityStatus.REJECTED
    page = login_as(world["s1"]).get("/volunteers/").get_data(as_text=True)
    assert "未通过" in page and "时长与活动不符" in page


def test_editing_a_reviewed_activity_sends_it_back_to_pending(world, login_as, make):
    activity = make.activity(world["school_a"], [world["s1"]], logged_by_student=world["s1"],
                             on=TODAY)
    assert activity.status == ActivityStatus.APPROVED
    student = login_as(world["s1"])
    page = student.get(f"/volunteers/activities/{activity.id}/edit").get_data(as_text=True)
    assert "幸福社区" in page
    response = post_edit(student, activity, [world["s1"], world["s2"]], hours="3")
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Activity, activity.id)
    assert changed.status == ActivityStatus.PENDING and changed.reviewed_by_id is None
    assert changed.hours == Decimal("3.0") and len(changed.participants) == 2


def post_edit(client, activity, participants, **overrides):
    data = body(**overrides)
    data["participants"] = [str(p.id) for p in participants]
    return client.post(f"/volunteers/activities/{activity.id}/edit", data=data)


def test_approving_a_version_the_teacher_did_not_see_is_refused(world, login_as, make):
    activity = make.activity(world["school_a"], [world["s1"]], status=ActivityStatus.PENDING,
                             logged_by_student=world["s1"], on=TODAY)
    teacher = login_as(world["teacher"])
    response = teacher.post(f"/volunteers/activities/{activity.id}/approve",
                            data={"version": "2020-01-01T00:00:00+00:00"},
                            follow_redirects=True)
    assert "刚被修改过" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == ActivityStatus.PENDING


@pytest.mark.parametrize(("overrides", "message"), [
    ({"hours": "-1"}, "时长必须大于 0 小时"),
    ({"hours": "0"}, "时长必须大于 0 小时"),
    ({"hours": "25"}, "不能超过 24 小时"),
    ({"hours": "1.25"}, "最多保留一位小数"),
    ({"hours": "两小时"}, "请填写时长"),
    ({"hours": "nan"}, "请填写时长"),
    ({"people_reached": "-5"}, "覆盖人数不能是负数"),
    ({"people_reached": "100001"}, "不能超过 100000 人"),
    ({"people_reached": "很多"}, "覆盖人数请填整数"),
    ({"app_installs": "-1"}, "安装注册人数不能是负数"),
    ({"app_installs": "41"}, "不能多于覆盖人数"),
    ({"occurred_on": (TODAY + timedelta(days=2)).isoformat()}, "不能晚于今天"),
    ({"occurred_on": (TODAY - timedelta(days=400)).isoformat()}, "不能早于一年前"),
    ({"occurred_on": "2026-13-45"}, "日期格式不对"),
    ({"place": ""}, "请填写活动地点"),
    ({"kind": "party"}, "请从列表中选择活动类型"),
])
def test_bad_activity_input_is_named_and_changes_nothing(world, login_as, overrides, message):
    response = post_activity(login_as(world["s1"]), [world["s1"]], **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert activities() == []


def test_participants_must_be_members_of_this_schools_team(world, login_as):
    student = login_as(world["s1"])
    response = post_activity(student, [world["s1"], world["sb"]])
    assert "只能选择本校的学生" in response.get_data(as_text=True)
    response = post_activity(student, [world["s1"], world["s3"]])  # same school, not a member
    assert "正式队员" in response.get_data(as_text=True)
    response = post_activity(student, [])
    assert "至少选择一名" in response.get_data(as_text=True)
    data = body()
    data["participants"] = ["abc"]
    response = student.post("/volunteers/activities/new", data=data)
    assert "所选学生不存在" in response.get_data(as_text=True)
    assert activities() == []


def test_review_by_the_wrong_people(world, login_as, make):
    activity = make.activity(world["school_a"], [world["s1"]], status=ActivityStatus.PENDING,
                             logged_by_student=world["s1"], on=TODAY)
    url = f"/volunteers/activities/{activity.id}/approve"
    data = {"version": activity.updated_at.isoformat()}
    assert login_as(world["teacher_b"]).post(url, data=data).status_code == 404
    assert login_as(world["admin_b"]).post(url, data=data).status_code == 404
    assert login_as(world["s1"]).post(url, data=data).status_code == 403  # their own
    assert login_as(world["s2"]).post(url, data=data).status_code == 404  # not on it
    assert login_as(world["bureau"]).post(url, data=data).status_code == 404
    reject = f"/volunteers/activities/{activity.id}/reject"
    assert login_as(world["s1"]).post(reject, data={**data, "reason": "x"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == ActivityStatus.PENDING
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_a_student_cannot_edit_an_activity_someone_else_logged(world, login_as, make):
    activity = make.activity(world["school_a"], [world["s1"], world["s2"]],
                             logged_by_student=world["s1"], on=TODAY)
    s2 = login_as(world["s2"])
    assert s2.get(f"/volunteers/activities/{activity.id}").status_code == 200  # took part
    assert s2.get(f"/volunteers/activities/{activity.id}/edit").status_code == 403
    assert post_edit(s2, activity, [world["s2"]], hours="9").status_code == 403
    sb = login_as(world["sb"])
    assert post_edit(sb, activity, [world["sb"]], hours="9").status_code == 404
    db.session.expire_all()
    unchanged = db.session.get(Activity, activity.id)
    assert unchanged.hours == Decimal("2.0") and unchanged.status == ActivityStatus.APPROVED


def test_boards_mask_names_outside_the_viewers_class(world, login_as, make):
    make.activity(world["school_a"], [world["s1"]], hours="3", on=TODAY)
    s3_member = make.member(world["s3"])
    make.activity(world["school_a"], [world["s3"]], hours="1", on=TODAY)
    assert s3_member
    make.activity(world["school_b"], [world["sb"]], hours="2", on=TODAY)
    # s2 shares s1's class: sees 张小明, but not 王小刚 (class a2).
    page = login_as(world["s2"]).get("/volunteers/board").get_data(as_text=True)
    assert "张小明" in page and "王*刚" in page and "王小刚" not in page
    page = login_as(world["s2"]).get("/volunteers/board/city").get_data(as_text=True)
    assert "赵*丽" in page and "张小明" in page
    # A teacher sees their own classes by name; the school admin the whole school.
    page = login_as(world["teacher"]).get("/volunteers/board").get_data(as_text=True)
    assert "张小明" in page and "王*刚" in page
    page = login_as(world["admin"]).get("/volunteers/board").get_data(as_text=True)
    assert "张小明" in page and "王小刚" in page
    # The bureau sees no names at all.
    page = login_as(world["bureau"]).get(
        f"/volunteers/board?school={world['school_a'].id}").get_data(as_text=True)
    assert "张*明" in page and "张小明" not in page
    # A school that turned masking off shows names on its own pages only.
    world["school_a"].mask_names = False
    db.session.commit()
    page = login_as(world["s2"]).get("/volunteers/board").get_data(as_text=True)
    assert "王小刚" in page
    page = login_as(world["sb"]).get("/volunteers/board/city").get_data(as_text=True)
    assert "张*明" in page and "张小明" not in page


def test_board_filters_reject_bad_dates_with_a_message(world, login_as):
    client = login_as(world["s1"])
    page = client.get("/volunteers/board?from=2026-99-01").get_data(as_text=True)
    assert "格式不对" in page
    page = client.get("/volunteers/board/city?from=2026-10-02&to=2026-10-01").get_data(
        as_text=True)
    assert "结束日期早于开始日期" in page
    assert client.get("/volunteers/board/city?district=99999").status_code == 404
    assert client.get(f"/volunteers/board?school={world['school_b'].id}").status_code == 404
    assert client.get("/volunteers/board?school=abc").status_code == 404
    assert login_as(world["bureau"]).get("/volunteers/board?school=99999").status_code == 404


def test_home_card_shows_hours_and_what_needs_attention(world, login_as, make):
    make.activity(world["school_a"], [world["s1"]], hours="1.5", on=TODAY)
    rejected = make.activity(world["school_a"], [world["s1"]], status=ActivityStatus.REJECTED,
                             logged_by_student=world["s1"], on=TODAY)
    rejected.reject_reason = "照片不清楚"
    db.session.commit()
    page = login_as(world["s1"]).get("/").get_data(as_text=True)
    assert "反诈志愿服务" in page and "1.5" in page and "照片不清楚" in page


def test_approval_awards_the_volunteer_badge_when_gamification_is_installed(world, login_as, make):
    service = pytest.importorskip("quiz.gamification.service")
    activity = make.activity(world["school_a"], [world["s1"], world["s2"]],
                             status=ActivityStatus.PENDING, logged_by_student=world["s1"], on=TODAY)
    login_as(world["teacher"]).post(f"/volunteers/activities/{activity.id}/approve",
                                    data={"version": activity.updated_at.isoformat()})
    db.session.expire_all()
    for student in (world["s1"], world["s2"]):
        assert "first_volunteer" in service.badges_of(db.session, student.id)
    assert "first_volunteer" not in service.badges_of(db.session, world["s3"].id)


def test_students_see_teammates_of_other_classes_masked(world, login_as, make):
    make.member(world["s3"])
    activity = make.activity(world["school_a"], [world["s1"], world["s2"], world["s3"]],
                             logged_by_student=world["s1"], on=TODAY)
    page = login_as(world["s1"]).get(f"/volunteers/activities/{activity.id}").get_data(
        as_text=True)
    assert "李小红" in page and "王*刚" in page and "王小刚" not in page
    page = login_as(world["s1"]).get("/volunteers/activities/new").get_data(as_text=True)
    assert "李小红（7年级 1班）" in page and "王*刚（8年级 2班）" in page
    page = login_as(world["teacher"]).get(f"/volunteers/activities/{activity.id}").get_data(
        as_text=True)
    assert "王小刚" in page  # staff of the school run the team by name


def test_approving_twice_records_once(world, login_as, make):
    activity = make.activity(world["school_a"], [world["s1"]], status=ActivityStatus.PENDING,
                             logged_by_student=world["s1"], on=TODAY)
    teacher = login_as(world["teacher"])
    data = {"version": activity.updated_at.isoformat()}
    teacher.post(f"/volunteers/activities/{activity.id}/approve", data=data)
    page = teacher.post(f"/volunteers/activities/{activity.id}/approve", data=data,
                        follow_redirects=True).get_data(as_text=True)
    assert "已经通过了" in page
    assert len(db.session.scalars(select(AuditEntry)).all()) == 1


def test_a_number_field_with_words_gets_one_message(world, login_as):
    response = post_activity(login_as(world["s1"]), [world["s1"]], people_reached="很多",
                             app_installs="几个")
    page = response.get_data(as_text=True)
    assert page.count('class="error"') == 2
    assert "覆盖人数请填整数" in page and "安装注册人数请填整数" in page
