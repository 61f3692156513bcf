"""Staff contest pages: create with the form, detail, cancel, live view, downloads, projector."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from quiz.contests import attempts as attempt_service
from quiz.extensions import db
from quiz.models import Contest
from tests.contest_world import build, form_data, open_contest


@pytest.fixture
def world(make):
    return build(make)


def contest_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Contest))


def test_teacher_creates_a_contest_with_the_form(world, login_as, clock):
    client = login_as(world["teacher"])
    page = client.get("/staff/contests/new").get_data(as_text=True)
    assert "测试demo（易 6 / 中 6 / 难 6）" in page  # what the bank holds, next to each rule
    response = client.post("/staff/contests/new", data=form_data(world, clock))
    assert response.status_code == 302, response.get_data(as_text=True)
    contest = db.session.scalar(select(Contest))
    assert [c.class_id for c in contest.classes] == [world["class_a1"].id]
    assert len(contest.paper) == 4
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert contest.join_code in detail and "题目 demo-" in detail


def test_a_teacher_runs_a_whole_school_contest_but_sees_names_of_their_classes_only(
        world, login_as, clock):
    client = login_as(world["teacher"])
    response = client.post("/staff/contests/new", data=form_data(world, clock, classes=[]))
    assert response.status_code == 302, response.get_data(as_text=True)
    contest = db.session.scalar(select(Contest))
    assert contest.classes == [] and [s.school_id for s in contest.schools] == [
        world["school_a"].id]
    live = client.get(f"/staff/contests/{contest.id}/live").get_data(as_text=True)
    assert world["class_a1"].label in live


@pytest.mark.parametrize(("overrides", "message"), [
    ({"closes_at": "2020-01-01T08:00"}, "结束时间必须晚于开始时间"),
    ({"rules-0-count": "50"}, "只有 12 道适用的题"),
    ({"title": ""}, "请填写竞赛名称"),
    ({"duration_minutes": "0"}, "1 到 180 分钟"),
])
def test_form_errors_are_shown_and_nothing_is_created(world, login_as, clock, overrides,
                                                      message):
    client = login_as(world["teacher"])
    response = client.post("/staff/contests/new", data=form_data(world, clock, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert contest_count() == 0


def test_other_schools_contest_is_404_for_staff(world, login_as, clock, make):
    contest = open_contest(make, world)
    client = login_as(world["teacher_b"])
    for url in (f"/staff/contests/{contest.id}", f"/staff/contests/{contest.id}/live",
                f"/staff/contests/{contest.id}/results.xlsx"):
        assert client.get(url).status_code == 404


def test_cancel_with_confirmation_stops_new_attempts(world, login_as, clock, make):
    contest = open_contest(make, world)
    client = login_as(world["teacher"])
    page = client.get(f"/staff/contests/{contest.id}").get_data(as_text=True)
    assert "取消竞赛" not in page  # created by the school admin, not this teacher
    client = login_as(world["admin"])
    page = client.get(f"/staff/contests/{contest.id}").get_data(as_text=True)
    assert "data-confirm" in page and "取消竞赛" in page
    assert client.post(f"/staff/contests/{contest.id}/cancel").status_code == 302
    db.session.expire_all()
    assert db.session.get(Contest, contest.id).cancelled_at is not None
    from quiz.errors import Conflict

    with pytest.raises(Conflict):
        attempt_service.start_or_resume(db.session, db.session.get(Contest, contest.id),
                                        world["student"], clock.current)


def test_live_view_and_downloads_show_only_own_classes_by_name(world, login_as, clock, make):
    contest = open_contest(make, world)
    make.attempt(contest, world["student"], seconds=70)
    make.attempt(contest, world["student2"], seconds=None)
    client = login_as(world["teacher"])
    page = client.get(f"/staff/contests/{contest.id}/live").get_data(as_text=True)
    assert "未开始 0" in page and "答题中 1" in page and "已交卷 1" in page
    assert "张小明" in page and "王小刚" not in page  # class a2 is not this teacher's

    xlsx = client.get(f"/staff/contests/{contest.id}/results.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["学校", "班级", "学号", "姓名", "状态"]
    assert sheet.freeze_panes == "A2"
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["张小明", "李小红"]

    csv = client.get(f"/staff/contests/{contest.id}/results.csv")
    assert csv.data.startswith(b"\xef\xbb\xbf")
    assert "张小明" in csv.data.decode("utf-8-sig")
    other_class = world["class_a2"].id
    assert client.get(f"/staff/contests/{contest.id}/results.csv?class={other_class}"
                      ).status_code == 404


def test_projector_page_has_a_qr_code_and_the_join_code(world, login_as, clock, client, make):
    contest = open_contest(make, world)
    page = login_as(world["teacher"]).get(f"/staff/contests/{contest.id}/projector").get_data(
        as_text=True)
    assert "<svg" in page and contest.join_code in page
    assert f"/join?code={contest.join_code}" in page


def test_student_joins_by_code(world, login_as, clock, make):
    contest = open_contest(make, world)
    client = login_as(world["student"])
    response = client.get(f"/join?code={contest.join_code.lower()}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/contests/{contest.id}")
    page = client.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert "开始答题" in page
    assert client.get("/join?code=NOPE12").status_code == 404
    outsider = login_as(world["student_b"])
    assert outsider.get(f"/join?code={contest.join_code}").status_code == 404


def test_copy_prefills_the_form(world, login_as, clock, make):
    contest = open_contest(make, world)
    page = login_as(world["admin"]).get(f"/staff/contests/new?copy={contest.id}").get_data(
        as_text=True)
    assert "开放中的竞赛（副本）" in page


def test_teacher_grants_extra_time_to_a_student_in_their_class(world, login_as, clock, make):
    contest = open_contest(make, world)
    attempt = make.attempt(contest, world["student"], seconds=None)
    before = attempt.deadline_at
    client = login_as(world["teacher"])
    response = client.post(f"/staff/contests/{contest.id}/extra-time", data={
        "student_id": world["student"].id, "minutes": "5"}, follow_redirects=True)
    assert "加时 5 分钟" in response.get_data(as_text=True)
    db.session.expire_all()
    from quiz.models import Attempt

    assert db.session.get(Attempt, attempt.id).deadline_at == before + timedelta(minutes=5)
    # A student of another class is not this teacher's to change.
    response = client.post(f"/staff/contests/{contest.id}/extra-time", data={
        "student_id": world["student_a2"].id, "minutes": "5"})
    assert response.status_code == 403
    response = client.post(f"/staff/contests/{contest.id}/extra-time", data={
        "student_id": world["student"].id, "minutes": "500"}, follow_redirects=True)
    assert "0 到 120 分钟" in response.get_data(as_text=True)


def test_edit_until_the_contest_opens(world, login_as, clock, make):
    contest = open_contest(make, world, opens_at=clock.current + timedelta(hours=1),
                           closes_at=clock.current + timedelta(hours=3))
    client = login_as(world["admin"])
    page = client.get(f"/staff/contests/{contest.id}/edit").get_data(as_text=True)
    assert "修改竞赛" in page and "开放中的竞赛" in page
    data = form_data(world, clock, title="改过的名字", classes=[])
    data["opens_at"] = (clock.current + timedelta(hours=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/staff/contests/{contest.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    edited = db.session.get(Contest, contest.id)
    assert edited.title == "改过的名字" and len(edited.paper) == 4
    clock.advance(hours=3)  # now it is open: no more edits
    response = client.get(f"/staff/contests/{contest.id}/edit", follow_redirects=True)
    assert "不能再修改" in response.get_data(as_text=True)
    teacher = login_as(world["teacher"])
    assert teacher.get(f"/staff/contests/{contest.id}/edit").status_code == 403


def test_the_paper_and_its_answers_are_for_those_who_manage_the_contest(world, login_as, clock,
                                                                         make):
    """Issue 12: a teacher who does not manage the contest sees its rules and counts, not its
    questions with ✓, until it closes."""
    contest = open_contest(make, world)  # the school admin's
    manager = login_as(world["admin"]).get(f"/staff/contests/{contest.id}").get_data(as_text=True)
    assert "✓" in manager and "竞赛结束后公开" not in manager
    colleague = login_as(world["teacher"]).get(f"/staff/contests/{contest.id}")
    assert colleague.status_code == 200
    page = colleague.get_data(as_text=True)
    assert "竞赛结束后公开" in page and "✓" not in page
    clock.advance(days=30)  # after it closed
    page = login_as(world["teacher"]).get(f"/staff/contests/{contest.id}").get_data(as_text=True)
    assert "✓" in page
