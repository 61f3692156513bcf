"""The audit log: every staff action that changes or exports data leaves one entry (and a
failed one none), and the log pages show each reader their own scope."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from quiz import audit
from quiz.extensions import db
from quiz.models import Contest
from quiz.models.audit import AuditEntry
from tests.contest_world import build, contest_body, form_data, open_contest
from tests.factories import DEFAULT_PASSWORD


@pytest.fixture
def world(make):
    return build(make)


def entries() -> list[AuditEntry]:
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()


def test_contest_create_edit_cancel_and_export_are_recorded(world, login_as, clock):
    client = login_as(world["admin"])
    response = client.post("/staff/contests/new", data=form_data(world, clock, classes=[]))
    assert response.status_code == 302
    contest = db.session.scalar(select(Contest))
    [created] = entries()
    assert (created.action, created.actor_id, created.school_id, created.target) == (
        "contest.create", world["admin"].id, world["school_a"].id, "班级反诈小测")
    assert created.details == {"contest_id": contest.id}

    client.post(f"/staff/contests/{contest.id}/edit",
                data=form_data(world, clock, title="改名", classes=[]))
    client.post(f"/staff/contests/{contest.id}/cancel")
    client.get(f"/staff/contests/{contest.id}/results.csv")
    assert [e.action for e in entries()] == [
        "contest.create", "contest.update", "contest.cancel", "results.export"]
    assert entries()[-1].details == {"contest_id": contest.id, "format": "csv",
                                     "class_id": None}


def test_a_refused_contest_form_records_nothing(world, login_as, clock):
    client = login_as(world["teacher"])
    response = client.post("/staff/contests/new", data=form_data(world, clock, title=""))
    assert response.status_code == 200
    response = client.post("/staff/contests/new",
                           data=form_data(world, clock, **{"rules-0-count": "99"}))
    assert response.status_code == 200
    assert entries() == []


def test_extra_time_password_reset_and_slips_are_recorded(world, login_as, clock, make):
    contest = open_contest(make, world)
    client = login_as(world["teacher"])
    client.post(f"/staff/contests/{contest.id}/extra-time",
                data={"student_id": world["student"].id, "minutes": "5"})
    client.post(f"/admin/students/{world['student'].id}/reset-password")
    client.post(f"/admin/classes/{world['class_a1'].id}/slips", data={})
    # Refused: a student of a class this teacher does not teach.
    client.post(f"/admin/students/{world['student_a2'].id}/reset-password")
    got = [(e.action, e.school_id) for e in entries()]
    assert got == [("contest.extra_time", world["school_a"].id),
                   ("password.reset", world["school_a"].id),
                   ("slips.print", world["school_a"].id)]
    assert entries()[1].details == {"student_id": world["student"].id}
    assert entries()[2].details["passwords_reset"] == 2


def test_api_contest_create_is_recorded(world, client, clock):
    token = client.post("/api/v1/token", json={
        "school": None, "username": "teacher-a", "password": DEFAULT_PASSWORD}).get_json()
    body = contest_body(clock.current, scope={"schools": ["SA"],
                                              "classes": [world["class_a1"].id]})
    response = client.post("/api/v1/contests", json=body,
                           headers={"Authorization": f"Bearer {token['token']}"})
    assert response.status_code == 201
    [entry] = entries()
    assert entry.action == "contest.create" and entry.actor_id == world["teacher"].id
    bad = client.post("/api/v1/contests", json={**body, "duration_seconds": -1},
                      headers={"Authorization": f"Bearer {token['token']}"})
    assert bad.status_code == 422
    assert len(entries()) == 1


def test_roster_import_on_the_web_is_recorded_and_the_cli_is_not(world, login_as, runner,
                                                                 tmp_path):
    import re
    client = login_as(world["admin"])
    data = {"file": (io.BytesIO("学号,姓名,年级,班级\n901,新同学,7,1班\n".encode()), "名单.csv")}
    page = client.post("/rosters/upload", data=data,
                       content_type="multipart/form-data").get_data(as_text=True)
    payload = re.search(r'name="payload"[^>]*value="([^"]+)"', page).group(1)
    assert client.post("/rosters/confirm", data={"payload": payload}).status_code == 200
    [entry] = entries()
    assert (entry.action, entry.target, entry.school_id, entry.details) == (
        "roster.import", "名单.csv", world["school_a"].id, {"rows": 1})
    path = tmp_path / "r.csv"
    path.write_text("学号,姓名,年级,班级\n902,又一个,7,1班\n", encoding="utf-8")
    assert runner.invoke(args=["roster", "import", str(path), "--school", "SA"]).exit_code == 0
    assert len(entries()) == 1  # the command line has no staff actor


@pytest.fixture
def logged(world, clock):
    """Entries in two schools and the city, over three days."""
    base = datetime(2026, 10, 1, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
    rows = [
        (world["teacher"], "contest.create", world["school_a"].id, 0),
        (world["admin"], "password.reset", world["school_a"].id, 1),
        (world["teacher_b"], "contest.create", world["school_b"].id, 1),
        (world["bureau"], "report.download", None, 2),
    ]
    for actor, action, school_id, day in rows:
        db.session.add(AuditEntry(at=base + timedelta(days=day), actor_id=actor.id,
                                  school_id=school_id, action=action, target=f"{action}-t",
                                  details={}))
    db.session.commit()


def test_a_school_admin_reads_their_schools_log_only(world, logged, login_as):
    page = login_as(world["admin"]).get("/admin/audit/").get_data(as_text=True)
    assert "创建竞赛" in page and "重置学生密码" in page  # Chinese labels
    assert "共 2 条" in page and "report.download-t" not in page
    page = login_as(world["bureau"]).get("/admin/audit/").get_data(as_text=True)
    assert "共 4 条" in page and "下载参与情况报表" in page


def test_filters_by_action_actor_and_local_dates(world, logged, login_as):
    client = login_as(world["bureau"])
    page = client.get("/admin/audit/?action=contest.create").get_data(as_text=True)
    assert "共 2 条" in page
    page = client.get(f"/admin/audit/?actor={world['teacher_b'].id}").get_data(as_text=True)
    assert "共 1 条" in page
    page = client.get("/admin/audit/?from=2026-10-02&to=2026-10-02").get_data(as_text=True)
    assert "共 2 条" in page
    # A school admin cannot filter on someone outside their log.
    page = login_as(world["admin"]).get(
        f"/admin/audit/?actor={world['teacher_b'].id}").get_data(as_text=True)
    assert "不在日志范围内" in page and "共 2 条" in page


@pytest.mark.parametrize(("query", "message"), [
    ("action=drop.tables", "没有“drop.tables”这种操作"),
    ("actor=abc", "不在日志范围内"),
    ("from=2026-02-30", "格式不对"),
    ("from=2026-10-03&to=2026-10-01", "结束日期早于开始日期"),
    ("page=0", "页码应为正整数"),
    ("page=-3", "页码应为正整数"),
])
def test_bad_filters_are_named_and_ignored(world, logged, login_as, query, message):
    response = login_as(world["bureau"]).get(f"/admin/audit/?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page and "共 4 条" in page


def test_the_log_is_paginated(world, login_as, app):
    for n in range(audit_page_size() + 5):
        audit.record(db.session, world["admin"], "password.reset", f"学生{n}",
                     school_id=world["school_a"].id)
    db.session.commit()
    client = login_as(world["admin"])
    page = client.get("/admin/audit/").get_data(as_text=True)
    assert "第 1 / 2 页" in page and "下一页" in page
    page = client.get("/admin/audit/?page=2").get_data(as_text=True)
    assert page.count("<td>学生") == 5 and "上一页" in page
    page = client.get("/admin/audit/?page=99").get_data(as_text=True)
    assert "第 2 / 2 页" in page


def audit_page_size() -> int:
    from quiz.admin.audit_log import PAGE_SIZE
    return PAGE_SIZE


def test_the_bureau_sees_student_targets_masked(world, login_as):
    login_as(world["teacher"]).post(f"/admin/students/{world['student'].id}/reset-password")
    page = login_as(world["admin"]).get("/admin/audit/").get_data(as_text=True)
    assert "张小明（A001）" in page
    page = login_as(world["bureau"]).get("/admin/audit/").get_data(as_text=True)
    assert "7年级 1班 张*明" in page and "张小明" not in page and "A001" not in page
