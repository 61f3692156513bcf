"""Accuracy per contest, school and scam type: kept on every finish, equal to a rebuild."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz.contests import attempts as attempt_service
from quiz.extensions import db
from quiz.models.accuracy import AccuracyTally
from quiz.reports.tallies import rebuild_accuracy_tallies
from tests.leaderboard_world import city_contest, with_season


@pytest.fixture
def world(make, clock):
    return with_season(make, clock)


def tallies() -> dict:
    db.session.expire_all()
    return {(t.contest_id, t.school_id, t.scam_type_id): (t.answered, t.correct)
            for t in db.session.scalars(select(AccuracyTally))}


def test_each_finish_adds_its_answers_and_a_rebuild_agrees(world, make):
    first = city_contest(make, world, attempts=2)
    second = city_contest(make, world)
    make.attempt(first, world["student"], right=2, wrong=1)     # school A
    make.attempt(first, world["student"], right=3, wrong=1)     # a second attempt counts too
    make.attempt(first, world["student_b"], right=0, wrong=4)   # school B
    make.attempt(second, world["student2"], right=1, wrong=0)
    scam_type = db.session.scalar(select(AccuracyTally.scam_type_id))
    school_a, school_b = world["student"].school_id, world["student_b"].school_id
    incremental = tallies()
    assert incremental == {
        (first.id, school_a, scam_type): (7, 5),
        (first.id, school_b, scam_type): (4, 0),
        (second.id, school_a, scam_type): (1, 1),
    }
    rebuild_accuracy_tallies(db.session)
    db.session.commit()
    assert tallies() == incremental


def test_an_open_attempt_counts_only_once_finished(world, clock, make):
    contest = city_contest(make, world)
    attempt = make.attempt(contest, world["student"], seconds=None)
    assert tallies() == {}
    attempt_service.finish(db.session, attempt, clock.current)
    attempt_service.finish(db.session, attempt, clock.current)  # a second finish adds nothing
    assert tallies() == {}  # nothing was answered: no answer rows, nothing to count
