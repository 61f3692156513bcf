"""The fast paths of a contest: an answer save in one statement, a start in a few.

They rely on what a worker keeps (question versions and each attempt's seed and versions,
which never change); these tests prove that every check still happens in the database, so a
revoked token, someone else's attempt, a finished attempt or a stale cache entry is refused or
corrected exactly as on the checked path.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text

from quiz import database
from quiz.contests import attempts as attempt_service
from quiz.contests.rules.drawing import DrawRule
from quiz.contests.worker_cache import AttemptKeys, caches_for
from quiz.extensions import db
from quiz.models import Answer, Attempt, Contest, Student
from quiz.permissions.contests import includes_student
from tests.api_client import create, login
from tests.contest_world import build


@pytest.fixture
def world(make):
    return build(make)


@pytest.fixture
def teacher_api(client, world):
    api = login(client, "teacher-a")
    api.default_scope = {"schools": ["SA"], "classes": [world["class_a1"].id]}
    return api


class Statements:
    """Counts the SQL statements the served app sends."""

    def __init__(self, client) -> None:
        with client.application.app_context():
            self.engine = db.engine
        self.count = 0
        event.listen(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1

    def during(self, call):
        self.count = 0
        result = call()
        return result, self.count


def started(client, teacher_api, clock, username="A001"):
    api = login(client, username, "SA")
    contest_id = create(teacher_api, clock)
    attempt = api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    return api, contest_id, attempt


def put(api, attempt, index=0, option=0):
    question = attempt["questions"][index]
    return api.call("PUT", f"/attempts/{attempt['id']}/answers/{question['id']}",
                    {"answer": [question["options"][option]["key"]]})


def test_a_warm_save_is_one_statement_and_a_start_a_handful(client, teacher_api, clock):
    statements = Statements(client)
    api, contest_id, attempt = started(client, teacher_api, clock)
    assert put(api, attempt).status_code == 200  # the worker learns the attempt's keys
    response, count = statements.during(lambda: put(api, attempt, index=1, option=1))
    assert response.status_code == 200 and count == 1
    assert response.get_json()["remaining_seconds"] == 600

    other = login(client, "A002", "SA")
    response, count = statements.during(
        lambda: other.call("POST", f"/contests/{contest_id}/attempts"))
    assert response.status_code == 200
    # token and user, contest and scope, attempts so far, candidates, the attempt, its items
    assert count <= 7


def test_a_warm_save_still_checks_token_owner_and_state(client, teacher_api, clock, world):
    api, _contest_id, attempt = started(client, teacher_api, clock)
    assert put(api, attempt).status_code == 200
    assert put(login(client, "A002", "SA"), attempt).status_code == 404  # not theirs

    db.session.execute(db.update(Student).where(Student.id == world["student"].id)
                       .values(active=False))
    db.session.commit()
    assert put(api, attempt).status_code == 401
    db.session.execute(db.update(Student).where(Student.id == world["student"].id)
                       .values(active=True))
    db.session.commit()
    assert put(api, attempt).status_code == 200

    clock.advance(seconds=60)
    assert api.call("POST", f"/attempts/{attempt['id']}/finish").status_code == 200
    response = put(api, attempt, option=1)
    assert response.status_code == 409
    assert api.call("DELETE", "/token").status_code == 204
    assert put(api, attempt).status_code == 401
    chosen = db.session.scalars(select(Answer.chosen)).all()
    assert len(chosen) == 1  # the refused saves changed nothing


def test_extra_time_before_the_deadline_extends_the_attempt_on_the_fast_path(
        client, teacher_api, clock, world):
    api, contest_id, attempt = started(client, teacher_api, clock)
    assert put(api, attempt).status_code == 200
    clock.advance(seconds=590)
    contest = db.session.get(Contest, contest_id)
    student = db.session.get(Student, world["student"].id)
    attempt_service.set_extra_time(db.session, contest, student, 5, clock.current)
    clock.advance(seconds=16)  # past the first deadline and its grace
    response = put(api, attempt, option=1)
    assert response.status_code == 200
    assert response.get_json()["remaining_seconds"] == 5 * 60 - 6


def test_extra_time_never_revives_an_attempt_past_its_deadline(client, teacher_api, clock, world):
    """Issue 12: finish it first, with what it saved (its answers may already be revealed)."""
    api, contest_id, attempt = started(client, teacher_api, clock)
    assert put(api, attempt).status_code == 200
    clock.advance(seconds=600 + 6)  # past the deadline and its grace
    assert put(api, attempt).status_code == 409
    contest = db.session.get(Contest, contest_id)
    student = db.session.get(Student, world["student"].id)
    attempt_service.set_extra_time(db.session, contest, student, 5, clock.current)
    assert put(api, attempt, option=1).status_code == 409
    finished = db.session.get(Attempt, attempt["id"])
    assert finished.finished_at is not None and finished.score is not None


def test_a_stale_cache_entry_is_refused_by_the_statement_and_corrected(
        client, teacher_api, clock):
    api, _contest_id, attempt = started(client, teacher_api, clock)
    assert put(api, attempt).status_code == 200
    with client.application.app_context():
        caches = caches_for(db.engine)
    known = caches.attempts.get(attempt["id"])
    caches.attempts.put(attempt["id"], AttemptKeys(
        seed="not-the-seed", versions=dict(known.versions)))
    response = put(api, attempt, option=1)  # the checked path saves it
    assert response.status_code == 200
    db.session.expire_all()
    shown = api.call("GET", f"/attempts/{attempt['id']}").get_json()["answers"]
    question = attempt["questions"][0]
    assert shown == {str(question["id"]): [question["options"][1]["key"]]}


def test_the_start_scope_query_agrees_with_includes_student(make, world, clock):
    rules = [DrawRule(scam_type="demo", count=2, difficulties=(1,))]
    specs = {
        "school": {"school_codes": ["SA"]},
        "grade 8": {"school_codes": ["SA"], "grades": [8]},
        "class a1": {"school_codes": ["SA"], "class_ids": [world["class_a1"].id]},
        "city": {"city_wide": True},
        "school b": {"school_codes": ["SB"]},
    }
    contests = {}
    for name, scope in specs.items():
        creator = world["bureau"] if name in ("city", "school b") else world["admin"]
        contests[name] = make.contest(creator, title=name, draw=rules, **scope)
    contests["cancelled"] = make.contest(world["admin"], title="cancelled", draw=rules,
                                         school_codes=["SA"], cancelled=True)
    students = [world[k] for k in ("student", "student_a2", "student_b")]
    checked = 0
    for contest in contests.values():
        for student in students:
            expected = includes_student(contest, student)
            found = attempt_service.visible_contest_for_student(db.session, contest.id, student)
            assert (found is not None) == expected, (contest.title, student.student_no)
            checked += expected
    assert checked >= 5  # both outcomes occur
    assert attempt_service.visible_contest_for_student(db.session, 99999, students[0]) is None


def test_a_second_start_resumes_the_same_paper(client, teacher_api, clock, world):
    api, contest_id, attempt = started(client, teacher_api, clock)
    again = api.call("POST", f"/contests/{contest_id}/attempts").get_json()
    assert again["id"] == attempt["id"] and again["questions"] == attempt["questions"]
    assert db.session.scalar(select(db.func.count()).select_from(Attempt)) == 1


def test_a_pooled_connection_the_server_dropped_is_replaced(
        client, world, postgres_url, monkeypatch):
    """No ping on every checkout any more: one that idled is pinged, and replaced if dead."""
    monkeypatch.setattr(database, "IDLE_BEFORE_PING", 0.0)  # every checkout counts as idle
    api = login(client, "A001", "SA")
    assert api.call("GET", "/contests").status_code == 200  # the served app pools a connection
    db.session.execute(text(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    db.session.commit()
    db.engine.dispose()  # the test's own app: its pooled connections were dropped too
    assert api.call("GET", "/contests").status_code == 200
