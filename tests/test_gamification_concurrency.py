"""XP is never paid twice: simultaneous answers to one practice question and simultaneous
finishes of one attempt, against a real threaded server (no mocks)."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models.gamification import PracticeAnswer, XpEntry
from tests.factories import DEFAULT_PASSWORD
from tests.gamification_world import build, keys_for
from tests.live_api import call, together, token_for


@pytest.fixture
def world(make):
    return build(make, per_difficulty=4)


class Browser:
    """A logged-in student session over real HTTP (cookies kept, JSON in and out)."""

    def __init__(self, base: str, school: str, student_no: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = urllib.parse.urlencode({"school": school, "student_no": student_no,
                                       "password": DEFAULT_PASSWORD}).encode()
        with self.opener.open(base + "/login", data=form, timeout=30) as response:
            assert response.status == 200

    def post(self, path: str, body: dict) -> tuple[int, dict]:
        request = urllib.request.Request(self.base + path, data=json.dumps(body).encode(),
                                         method="POST")
        request.add_header("Content-Type", "application/json")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


def test_simultaneous_answers_to_one_question_pay_once(world, live_server):
    browser = Browser(live_server, "SA", "A001")
    for _round in range(5):
        status, body = browser.post("/practice/api/next", {"source": "practice",
                                                           "scam_type": "alpha"})
        assert status == 200, body
        ticket = body["question"]["ticket"]
        keys = keys_for(ticket)
        results = together(4, lambda _i, t=ticket, k=keys: browser.post(
            "/practice/api/answer", {"ticket": t, "answer": k}))
        assert {status for status, _body in results} == {200}
        assert sorted(body["repeated"] for _s, body in results) == [False, True, True, True]
        assert sum(body["xp"] for _s, body in results) == 2
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(XpEntry)) == 5
    assert db.session.scalar(select(func.count()).select_from(PracticeAnswer).where(
        PracticeAnswer.answered_at.is_not(None))) == 5


def test_simultaneous_finishes_pay_contest_xp_once(world, live_server, make):
    server = live_server + "/api/v1"
    contest = make.contest(world["teacher"], draw=[("alpha", 3)], school_codes=["SA"],
                           class_ids=[world["class_a1"].id])
    token = token_for(server, "A001", "SA")
    _s, attempt = call(server, "POST", f"/contests/{contest.id}/attempts", None, token)
    for question in attempt["questions"]:
        call(server, "PUT", f"/attempts/{attempt['id']}/answers/{question['id']}",
             {"answer": [question["options"][0]["key"]]}, token)
    results = together(4, lambda _i: call(server, "POST",
                                          f"/attempts/{attempt['id']}/finish", None, token))
    assert {status for status, _body in results} == {200}
    assert len({json.dumps(body, sort_keys=True) for _s, body in results}) == 1
    db.session.expire_all()
    rows = db.session.scalars(select(XpEntry).where(XpEntry.reason == "contest")).all()
    assert len(rows) == 1


def test_simultaneous_answers_near_the_cap_never_pass_it(world, live_server):
    from quiz.clock import city_today
    from quiz.gamification import rules
    from quiz.models import utcnow

    student_id = world["student"].id
    now = utcnow()
    # 38 of today's 40 practice XP already paid: four right answers at once may add only 2.
    for n in range(rules.PRACTICE_DAILY_CAP // 2 - 1):
        db.session.add(XpEntry(student_id=student_id, amount=2, reason="practice",
                               source_ref=f"earlier:{n}", local_date=city_today(now),
                               created_at=now))
    db.session.commit()
    browsers = [Browser(live_server, "SA", "A001") for _ in range(4)]
    _s, body = browsers[0].post("/practice/api/next", {"source": "practice",
                                                       "scam_type": "alpha"})
    first = db.session.get(PracticeAnswer, body["question"]["ticket"])
    tickets = [first.id]
    for n in range(3):  # three more questions handed out (as three tabs would have them)
        copy = PracticeAnswer(student_id=student_id, question_id=first.question_id,
                              question_version_id=first.question_version_id,
                              scam_type_id=first.scam_type_id, source=first.source,
                              seed=f"{first.seed[:30]}{n:02d}", shown_at=first.shown_at)
        db.session.add(copy)
        db.session.commit()
        tickets.append(copy.id)
    keys = {t: keys_for(t) for t in tickets}
    results = together(4, lambda i: browsers[i].post(
        "/practice/api/answer", {"ticket": tickets[i], "answer": keys[tickets[i]]}))
    assert {status for status, _body in results} == {200}
    assert sum(body["xp"] for _s, body in results) == 2
    db.session.expire_all()
    paid = db.session.scalar(select(func.sum(XpEntry.amount)).where(
        XpEntry.student_id == student_id, XpEntry.reason == "practice"))
    assert paid == rules.PRACTICE_DAILY_CAP
