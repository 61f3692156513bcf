"""The JSON API end to end: tokens, contests, attempts, answers, finishing, errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, ApiToken, Attempt, Contest
from tests.api_client import create, login
from tests.contest_world import build, contest_body
from tests.factories import DEFAULT_PASSWORD


@pytest.fixture
def world(make):
    return build(make)


@pytest.fixture
def teacher_api(client, world):
    api = login(client, "teacher-a")
    api.default_scope = {"schools": ["SA"], "classes": [world["class_a1"].id]}
    return api


@pytest.fixture
def student_api(client, world):
    return login(client, "A001", "SA")


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"}, body
    return body["error"]


# --- tokens ---------------------------------------------------------------------------------------


def test_token_login_for_students_and_staff(client, world):
    response = client.post("/api/v1/token", json={
        "school": "sa", "username": "A001", "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"] == {"role": "student", "name": "张小明", "school": "SA"}
    stored = db.session.scalar(select(ApiToken))
    assert body["token"] not in (stored.token_hash, "") and len(stored.token_hash) == 64


@pytest.mark.parametrize(("body", "status"), [
    ({"school": "SA", "username": "A001", "password": "wrong"}, 401),
    ({"school": None, "username": "nobody", "password": "x"}, 401),
    ({"school": "SA", "username": "A001"}, 422),
    ({"school": "SA", "username": 1, "password": "x"}, 422),
    ({"school": "SA", "username": "A001", "password": "x", "extra": 1}, 422),
])
def test_token_bad_credentials_and_bodies(client, world, body, status):
    response = client.post("/api/v1/token", json=body)
    assert response.status_code == status
    assert error_of(response)["message"]


def test_not_json_is_400(client, world):
    response = client.post("/api/v1/token", data="school=SA",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    response = client.post("/api/v1/token", data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_missing_expired_and_revoked_tokens_are_401(client, world, clock):
    assert client.get("/api/v1/contests").status_code == 401
    api = login(client, "A001", "SA")
    assert api.call("GET", "/contests").status_code == 200
    assert api.call("DELETE", "/token").status_code == 204
    assert api.call("GET", "/contests").status_code == 401
    api = login(client, "A001", "SA")
    clock.advance(hours=13)
    assert api.call("GET", "/contests").status_code == 401


# --- contests -------------------------------------------------------------------------------------


def test_full_contest_through_the_api(teacher_api, student_api, clock, world):
    contest_id = create(teacher_api, clock, scope={"schools": ["SA"], "classes": [
        world["class_a1"].id]})
    listed = student_api.call("GET", "/contests").get_json()["contests"]
    assert [c["id"] for c in listed] == [contest_id]
    assert listed[0]["attempts_left"] == 1

    started = student_api.call("POST", f"/contests/{contest_id}/attempts")
    assert started.status_code == 200
    attempt = started.get_json()
    assert attempt["remaining_seconds"] == 600
    assert len(attempt["questions"]) == 5
    text = started.get_data(as_text=True)
    assert "answer" not in text.replace('"answers"', "") and "解析" not in text

    # Answer every question right, using the keys this attempt was given.
    for question in attempt["questions"]:
        right = {"single": ["对的"], "multiple": ["对一", "对二"], "true_false": ["正确"]}
        keys = [o["key"] for o in question["options"] if o["text"] in right[question["type"]]]
        saved = student_api.call("PUT", f"/attempts/{attempt['id']}/answers/{question['id']}",
                                 {"answer": keys})
        assert saved.status_code == 200, saved.get_json()
    clock.advance(seconds=95)
    result = student_api.call("POST", f"/attempts/{attempt['id']}/finish").get_json()
    assert (result["correct"], result["total"], result["time_used_seconds"]) == (5, 5, 95)
    # Three easy questions at 5 points, two medium or hard at 10 or 15.
    assert result["score"] == result["max_score"]
    assert 3 * 5 + 2 * 10 <= result["max_score"] <= 3 * 5 + 2 * 15
    assert len(result["review"]) == 5 and all(item["correct"] for item in result["review"])
    assert result["review"][0]["explanation"].startswith("解析")

    again = student_api.call("POST", f"/attempts/{attempt['id']}/finish").get_json()
    assert again == result  # idempotent
    assert student_api.call("POST", f"/contests/{contest_id}/attempts").status_code == 409
    assert student_api.call("GET", "/contests").get_json()["contests"] == []


def test_reload_resumes_the_same_attempt_with_the_time_left(student_api, teacher_api, clock):
    contest_id = create(teacher_api, clock)
    first = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    question = first["questions"][0]
    student_api.call("PUT", f"/attempts/{first['id']}/answers/{question['id']}",
                     {"answer": [question["options"][1]["key"]]})
    clock.advance(seconds=200)
    again = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    assert again["id"] == first["id"]
    assert again["remaining_seconds"] == 400
    assert again["questions"] == first["questions"]  # same order, same keys
    assert again["answers"] == {str(question["id"]): [question["options"][1]["key"]]}
    assert student_api.call("GET", f"/attempts/{first['id']}").get_json()["answers"] == (
        again["answers"])


def test_latest_save_wins_and_repeating_is_harmless(student_api, teacher_api, clock):
    contest_id = create(teacher_api, clock)
    attempt = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    question = next(q for q in attempt["questions"] if q["type"] != "multiple")
    url = f"/attempts/{attempt['id']}/answers/{question['id']}"
    for option in (question["options"][0], question["options"][-1], question["options"][-1]):
        assert student_api.call("PUT", url, {"answer": [option["key"]]}).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1
    shown = student_api.call("GET", f"/attempts/{attempt['id']}").get_json()["answers"]
    assert shown == {str(question["id"]): [question["options"][-1]["key"]]}


def test_late_answer_is_409_and_overdue_attempt_finishes_with_saved_answers(
        student_api, teacher_api, clock):
    contest_id = create(teacher_api, clock, duration_seconds=60)
    attempt = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    question = attempt["questions"][0]
    url = f"/attempts/{attempt['id']}/answers/{question['id']}"
    student_api.call("PUT", url, {"answer": [question["options"][0]["key"]]})
    clock.advance(seconds=64)  # within the grace
    assert student_api.call("PUT", url, {"answer": [question["options"][0]["key"]]}
                            ).status_code == 200
    clock.advance(seconds=2)
    late = student_api.call("PUT", url, {"answer": [question["options"][1]["key"]]})
    assert late.status_code == 409 and error_of(late)["code"] == "conflict"
    clock.advance(minutes=5)
    shown = student_api.call("GET", f"/attempts/{attempt['id']}").get_json()
    assert shown["finished"] is True and shown["remaining_seconds"] == 0
    stored = db.session.get(Attempt, attempt["id"])
    db.session.refresh(stored)
    assert stored.time_used_seconds == 60
    assert stored.finished_at == stored.deadline_at


@pytest.mark.parametrize(("answer", "status"), [
    (["no-such-key"], 422),
    ([], 422),
    ("A", 422),
    ([1], 422),
])
def test_bad_answers(student_api, teacher_api, clock, answer, status):
    contest_id = create(teacher_api, clock)
    attempt = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    question = attempt["questions"][0]
    response = student_api.call("PUT", f"/attempts/{attempt['id']}/answers/{question['id']}",
                                {"answer": answer})
    assert response.status_code == status
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_two_keys_for_a_one_answer_question_is_422(student_api, teacher_api, clock):
    contest_id = create(teacher_api, clock)
    attempt = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    # Three of the six easy questions are drawn; at most two are multiple-choice.
    question = next(q for q in attempt["questions"] if q["type"] != "multiple")
    keys = [o["key"] for o in question["options"][:2]]
    response = student_api.call("PUT", f"/attempts/{attempt['id']}/answers/{question['id']}",
                                {"answer": keys})
    assert response.status_code == 422


def test_question_not_in_attempt_and_someone_elses_attempt_are_404(
        client, student_api, teacher_api, clock):
    contest_id = create(teacher_api, clock)
    attempt = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    key = attempt["questions"][0]["options"][0]["key"]
    response = student_api.call("PUT", f"/attempts/{attempt['id']}/answers/99", {"answer": [key]})
    assert response.status_code == 404
    other = login(client, "A002", "SA")
    for method, path, body in [
        ("GET", f"/attempts/{attempt['id']}", None),
        ("PUT", f"/attempts/{attempt['id']}/answers/1", {"answer": [key]}),
        ("POST", f"/attempts/{attempt['id']}/finish", None),
    ]:
        assert other.call(method, path, body).status_code == 404


def test_contest_outside_the_callers_scope_is_404(client, teacher_api, clock):
    contest_id = create(teacher_api, clock)
    outsider = login(client, "B001", "SB")
    response = outsider.call("POST", f"/contests/{contest_id}/attempts")
    assert response.status_code == 404
    assert "没有这个竞赛" in error_of(response)["message"]
    assert outsider.call("POST", "/contests/99999/attempts").status_code == 404


def test_closed_contest_and_second_attempt_are_409(student_api, teacher_api, clock):
    contest_id = create(teacher_api, clock)
    attempt = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    student_api.call("POST", f"/attempts/{attempt['id']}/finish")
    assert student_api.call("POST", f"/contests/{contest_id}/attempts").status_code == 409
    later = create(teacher_api, clock)
    clock.advance(hours=2)
    response = student_api.call("POST", f"/contests/{later}/attempts")
    assert response.status_code == 409


def test_students_cannot_create_contests(student_api, clock):
    response = student_api.call("POST", "/contests", contest_body(clock.current))
    assert response.status_code == 403


@pytest.mark.parametrize(("overrides", "field"), [
    ({"closes_at": "2020-01-01T00:00:00+08:00"}, "closes_at"),
    ({"opens_at": "2026-01-01T00:00:00"}, "opens_at"),  # no offset
    ({"duration_seconds": "600"}, "duration_seconds"),
    ({"draw": [{"scam_type": "demo", "count": 100}]}, "draw"),
    ({"draw": [{"scam_type": "nope", "count": 1}]}, "draw"),
    ({"scope": {"schools": ["SB"]}}, "scope"),
    # a teacher may run a whole-school contest, but name only classes they teach
    ({"scope": {"schools": ["SA"], "classes": "a class the teacher does not teach"}}, "scope"),
    ({"paper": "everyone"}, "paper"),
    ({"titel": "typo"}, "titel"),
    # a shared paper taken twice with answers after each finish: attempt 1 is attempt 2's key
    ({"paper": "shared", "max_attempts": 2, "reveal": "after_finish"}, "reveal"),
])
def test_contest_body_errors_are_422_with_the_field(teacher_api, clock, world, overrides, field):
    body = contest_body(clock.current, **overrides)
    if body["scope"].get("classes") == "a class the teacher does not teach":
        body["scope"] = {"schools": ["SA"], "classes": [world["class_a2"].id]}
    if field != "scope" and "scope" not in overrides:
        body["scope"] = {"schools": ["SA"], "classes": [world["class_a1"].id]}
    response = teacher_api.call("POST", "/contests", body)
    assert response.status_code == 422, response.get_json()
    fields = error_of(response)["fields"]
    assert any(name.split(".")[0] == field for name in fields), fields
    assert db.session.scalar(select(func.count()).select_from(Contest)) == 0


def test_openapi_document_describes_the_calls(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/token", "/api/v1/contests", "/api/v1/contests/{contest_id}/attempts",
            "/api/v1/attempts/{attempt_id}/answers/{question_id}"} <= set(spec["paths"])
    body = spec["components"]["schemas"]["ContestBody"]
    assert {"title", "scope", "opens_at", "draw"} <= set(body["required"])
    assert body["additionalProperties"] is False


def test_unknown_api_url_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_remaining_time_follows_the_server_clock(student_api, teacher_api, clock):
    contest_id = create(teacher_api, clock, duration_seconds=120)
    first = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    clock.advance(seconds=30)
    assert student_api.call("GET", f"/attempts/{first['id']}").get_json()[
        "remaining_seconds"] == 90


def test_deadline_is_capped_by_the_contest_closing(student_api, teacher_api, clock):
    contest_id = create(teacher_api, clock, duration_seconds=3600,
                        closes_at=(clock.current + timedelta(minutes=10)).isoformat())
    attempt = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    assert attempt["remaining_seconds"] == 600


def test_close_overdue_command_finishes_abandoned_attempts(runner, student_api, teacher_api,
                                                           clock):
    contest_id = create(teacher_api, clock, duration_seconds=60)
    attempt = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    question = attempt["questions"][0]
    student_api.call("PUT", f"/attempts/{attempt['id']}/answers/{question['id']}",
                     {"answer": [question["options"][0]["key"]]})
    assert runner.invoke(args=["contests", "close-overdue"]).output.strip() == (
        "closed: 0 overdue attempt(s)")
    clock.advance(minutes=2)
    result = runner.invoke(args=["contests", "close-overdue"])
    assert result.output.strip() == "closed: 1 overdue attempt(s)"
    stored = db.session.get(Attempt, attempt["id"])
    db.session.refresh(stored)
    assert stored.finished_at == stored.deadline_at and stored.total == 5


def test_results_for_staff_with_names_of_own_classes_only(client, teacher_api, student_api,
                                                          clock, world):
    contest_id = create(teacher_api, clock, scope={"schools": ["SA"], "classes": [
        world["class_a1"].id]})
    attempt = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    clock.advance(seconds=42)
    student_api.call("POST", f"/attempts/{attempt['id']}/finish")
    body = teacher_api.call("GET", f"/contests/{contest_id}/results").get_json()
    rows = {row["student_no"]: row for row in body["students"]}
    assert set(rows) == {"A001", "A002"}
    assert rows["A001"]["state"] == "finished" and rows["A001"]["time_used_seconds"] == 42
    assert rows["A001"]["class"] == "7年级 1班"
    assert rows["A002"]["state"] == "not_started" and rows["A002"]["score"] is None
    assert student_api.call("GET", f"/contests/{contest_id}/results").status_code == 403
    outsider = login(client, "teacher-b")
    assert outsider.call("GET", f"/contests/{contest_id}/results").status_code == 404


def test_after_close_reveals_nothing_until_the_contest_closes(student_api, teacher_api, clock):
    contest_id = create(teacher_api, clock, reveal="after_close")
    attempt = student_api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    finished = student_api.call("POST", f"/attempts/{attempt['id']}/finish")
    body = finished.get_json()
    assert body["review"] == [] and body["review_available_at"]
    text = finished.get_data(as_text=True) + student_api.call(
        "GET", f"/attempts/{attempt['id']}").get_data(as_text=True)
    assert "解析" not in text and "correct_answer" not in text
    clock.advance(hours=2)
    body = student_api.call("POST", f"/attempts/{attempt['id']}/finish").get_json()
    assert len(body["review"]) == 5 and body["review_available_at"] is None
