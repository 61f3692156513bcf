"""Races against a real server: simultaneous starts, finishes and saves (threads, no mocks)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Attempt
from tests.contest_world import BODY_DRAW, build
from tests.live_api import call, token_for


@pytest.fixture
def server(live_server):
    return live_server + "/api/v1"


@pytest.fixture
def contest(make, server):
    world = build(make)
    made = make.contest(world["admin"], draw=BODY_DRAW, school_codes=["SA"])
    return {"id": made.id, "world": world}


def test_simultaneous_starts_make_one_attempt(server, contest):
    token = token_for(server, "A001", "SA")
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(
            lambda _i: call(server, "POST", f"/contests/{contest['id']}/attempts", None, token),
            range(10)))
    assert {status for status, _body in results} == {200}
    assert len({body["id"] for _status, body in results}) == 1
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_simultaneous_finishes_give_one_result(server, contest):
    token = token_for(server, "A001", "SA")
    _status, attempt = call(server, "POST", f"/contests/{contest['id']}/attempts", None, token)
    for question in attempt["questions"][:3]:
        call(server, "PUT", f"/attempts/{attempt['id']}/answers/{question['id']}",
             {"answer": [question["options"][0]["key"]]}, token)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(
            lambda _i: call(server, "POST", f"/attempts/{attempt['id']}/finish", None, token),
            range(8)))
    assert {status for status, _body in results} == {200}
    assert len({json.dumps(body, sort_keys=True) for _status, body in results}) == 1


def test_saves_racing_a_finish_are_either_counted_or_refused(server, contest):
    token = token_for(server, "A001", "SA")
    _status, attempt = call(server, "POST", f"/contests/{contest['id']}/attempts", None, token)
    jobs = [("PUT", f"/attempts/{attempt['id']}/answers/{q['id']}",
             {"answer": [q["options"][0]["key"]]}) for q in attempt["questions"]]
    jobs.insert(2, ("POST", f"/attempts/{attempt['id']}/finish", None))
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(lambda job: call(server, *job, token), jobs))
    assert {status for status, _body in results} <= {200, 409}
    db.session.expire_all()
    finished = db.session.get(Attempt, attempt["id"])
    answers = db.session.scalars(select(Answer).where(Answer.attempt_id == finished.id)).all()
    # Every stored answer was scored: none slipped in after the finish took the score.
    assert all(answer.is_correct is not None for answer in answers)
    saved = sum(1 for (method, _p, _b), (status, _r) in zip(jobs, results, strict=True)
                if method == "PUT" and status == 200)
    assert saved == len(answers)


def test_thirty_students_answering_at_once_lose_nothing(make, server, contest):
    school_class = contest["world"]["class_a1"]
    students = [make.student(school_class, student_no=f"C{i:03d}") for i in range(30)]
    tokens = [token_for(server, s.student_no, "SA") for s in students]

    def play(token: str) -> list[int]:
        status, attempt = call(server, "POST", f"/contests/{contest['id']}/attempts", None,
                               token)
        statuses = [status]
        for question in attempt["questions"]:
            status, _body = call(server, "PUT",
                                 f"/attempts/{attempt['id']}/answers/{question['id']}",
                                 {"answer": [question["options"][0]["key"]]}, token)
            statuses.append(status)
        return statuses

    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = [s for result in pool.map(play, tokens) for s in result]
    assert set(statuses) == {200}, sorted(set(statuses))
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 30 * 5
