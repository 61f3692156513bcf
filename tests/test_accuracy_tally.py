"""Accuracy per contest, school and scam type: kept on every finish, equal to a rebuild."""

from __future__ import annotations

from sqlalchemy import select

from quiz.contests import attempts as attempt_service
from quiz.extensions import db
from quiz.models.accuracy import AccuracyTally
from quiz.reports.tallies import rebuild_accuracy_tallies
from tests import report_world
from tests.test_standings import new_contest, world  # noqa: F401  (the fixture)


def play(contest, student, clock, right: int, wrong: int) -> None:
    report_world.play(contest, student, clock.current, correct=right, wrong=wrong)


def tallies() -> dict:
    db.session.expire_all()
    return {(t.contest_id, t.school_id, t.scam_type_id): (t.answered, t.correct)
            for t in db.session.scalars(select(AccuracyTally))}


def test_each_finish_adds_its_answers_and_a_rebuild_agrees(world, clock):  # noqa: F811
    first = new_contest(world, clock, attempts=2)
    second = new_contest(world, clock)
    play(first, world["student"], clock, right=2, wrong=1)     # school A
    play(first, world["student"], clock, right=3, wrong=1)     # a second attempt counts too
    play(first, world["student_b"], clock, right=0, wrong=4)   # school B
    play(second, world["student2"], clock, right=1, wrong=0)
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


def test_an_open_attempt_counts_only_once_finished(world, clock):  # noqa: F811
    contest = new_contest(world, clock)
    attempt = attempt_service.start_or_resume(db.session, contest, world["student"],
                                              clock.current)
    assert tallies() == {}
    attempt_service.finish(db.session, attempt, clock.current)
    attempt_service.finish(db.session, attempt, clock.current)  # a second finish adds nothing
    assert tallies() == {}  # nothing was answered: no answer rows, nothing to count
