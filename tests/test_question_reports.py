"""Question error reports (纠错): by students on what they saw, by staff, closed by the bureau."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Question, QuestionReport
from tests.api_client import login
from tests.contest_world import BODY_DRAW, build


@pytest.fixture
def world(make):
    return build(make)


@pytest.fixture
def finished(client, world, clock, make):
    contest = make.contest(world["teacher"], draw=BODY_DRAW, school_codes=["SA"],
                           class_ids=[world["class_a1"].id])
    student = login(client, "A001", "SA")
    attempt = student.call("POST", f"/contests/{contest.id}/attempts").get_json()
    return student, attempt


def reports() -> int:
    return db.session.scalar(select(func.count()).select_from(QuestionReport))


def test_student_reports_a_question_of_their_finished_attempt(finished):
    student, attempt = finished
    url = f"/attempts/{attempt['id']}/reports"
    early = student.call("POST", url, {"question_id": 1, "reason": "unclear"})
    assert early.status_code == 409  # only after finishing
    student.call("POST", f"/attempts/{attempt['id']}/finish")
    response = student.call("POST", url, {"question_id": 1, "reason": "wrong_answer",
                                          "text": "B 也对"})
    assert response.status_code == 201
    report = db.session.scalar(select(QuestionReport))
    item = next(i for i in _attempt_items(attempt["id"]) if i.position == 1)
    assert report.question_version_id == item.question_version_id


def _attempt_items(attempt_id):
    from quiz.models import Attempt

    return db.session.get(Attempt, attempt_id).items


@pytest.mark.parametrize(("body", "status"), [
    ({"question_id": 99, "reason": "unclear"}, 404),   # a question they never saw
    ({"question_id": 1, "reason": "typo"}, 422),
    ({"question_id": 1, "reason": "other"}, 422),       # "other" needs words
    ({"question_id": 1, "reason": "unclear", "text": "字" * 501}, 422),
])
def test_bad_reports_change_nothing(finished, body, status):
    student, attempt = finished
    student.call("POST", f"/attempts/{attempt['id']}/finish")
    assert student.call("POST", f"/attempts/{attempt['id']}/reports", body).status_code == status
    assert reports() == 0


def test_another_students_attempt_cannot_be_used_to_report(client, finished):
    _student, attempt = finished
    other = login(client, "A002", "SA")
    response = other.call("POST", f"/attempts/{attempt['id']}/reports",
                          {"question_id": 1, "reason": "unclear"})
    assert response.status_code == 404


def test_teacher_reports_and_bureau_closes_with_a_reply(world, login_as):
    question = db.session.scalar(select(Question).order_by(Question.code))
    client = login_as(world["teacher"])
    page = client.post(f"/banks/questions/{question.code}/report",
                       data={"reason": "outdated", "text": "政策已更新"}, follow_redirects=True)
    assert "已提交纠错" in page.get_data(as_text=True)
    assert client.get("/banks/reports").status_code == 403  # the bureau's page
    bureau = login_as(world["bureau"])
    listing = bureau.get("/banks/reports").get_data(as_text=True)
    assert question.code in listing and "过时 1" in listing and "政策已更新" in listing
    done = bureau.post(f"/banks/questions/{question.code}/reports/close",
                       data={"reply": "已按新规修改"}, follow_redirects=True)
    assert "已回复并关闭 1 条纠错" in done.get_data(as_text=True)
    db.session.expire_all()
    report = db.session.scalar(select(QuestionReport))
    assert report.closed_at is not None and report.reply == "已按新规修改"
    assert "没有待处理的纠错" in bureau.get("/banks/reports").get_data(as_text=True)


def test_report_form_needs_a_reason(world, login_as):
    question = db.session.scalar(select(Question).order_by(Question.code))
    page = login_as(world["teacher"]).post(f"/banks/questions/{question.code}/report",
                                           data={"text": "x"}).get_data(as_text=True)
    assert "请选择问题类型" in page
    assert reports() == 0
