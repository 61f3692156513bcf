"""Board reads from the standing tables agree with the pure ranking rules, ties included."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from quiz.extensions import db
from quiz.models.standings import ContestStanding
from quiz.rankings import tables
from quiz.rankings.rules import StudentResult, neighbours, rank_students
from quiz.rankings.tables import BoardRef, Scope
from tests.contest_world import build


@pytest.fixture
def board(make, clock):
    """30 students in two classes with few distinct scores and times, so ties abound."""
    world = build(make)
    contest = make.contest(world["bureau"], title="平局赛", draw=[("demo", 2, (1,))],
                           school_codes=["SA"])
    rng = random.Random(5)
    moment = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    results = []
    for n in range(30):
        school_class = world["class_a1"] if n % 2 else world["class_a2"]
        student = make.student(school_class, student_no=f"T{n:03d}", name=f"学生{n}")
        score, used = rng.choice((10, 20, 30)), rng.choice((60, 90))
        finished = moment + timedelta(seconds=rng.choice((0, 5)))
        db.session.add(ContestStanding(
            contest_id=contest.id, student_id=student.id, attempt_id=_attempt(contest, student,
                                                                              finished),
            score=score, minus_score=-score, time_used_seconds=used, finished_at=finished,
            class_id=school_class.id, school_id=school_class.school_id,
            district_id=world["school_a"].district_id, level="junior"))
        results.append(StudentResult(student.id, score, used, finished))
    db.session.commit()
    return BoardRef("contest", contest.id), rank_students(results)


def _attempt(contest, student, finished):
    from quiz.models import Attempt

    attempt = Attempt(contest_id=contest.id, student_id=student.id, number=1, seed="x",
                      started_at=finished - timedelta(minutes=5), deadline_at=finished,
                      finished_at=finished, score=0, total=2)
    db.session.add(attempt)
    db.session.flush()
    return attempt.id


def test_top_rows_match_the_rules(board):
    ref, expected = board
    rows = tables.top_students(db.session, ref, Scope("city", None, "junior"), 30)
    assert [(r.rank, r.student_id) for r in rows] == [
        (e.rank, e.result.student_id) for e in expected]
    assert tables.count_students(db.session, ref, Scope("city")) == 0  # no group totals here


def test_every_place_with_neighbours_matches_the_rules(board):
    ref, expected = board
    for row in expected:
        student_id = row.result.student_id
        got = tables.place(db.session, ref, Scope("city", None, "junior"), student_id, around=2)
        want = neighbours(expected, student_id, around=2)
        assert [(r.rank, r.student_id) for r in got] == [
            (w.rank, w.result.student_id) for w in want], student_id


def test_a_student_not_on_the_board_has_no_place(board, make):
    ref, _expected = board
    assert tables.place(db.session, ref, Scope("city"), 999_999) == []
    assert tables.top_students(db.session, ref, Scope("city", None, "primary"), 10) == []
