"""A small world for practice and gamification tests: two scam-type banks, two schools."""

from __future__ import annotations

from quiz.banks.question_types import QUESTION_TYPES
from quiz.contests.rules.shuffling import present_options
from quiz.extensions import db
from quiz.models import QuestionVersion
from quiz.models.gamification import PracticeAnswer
from tests.contest_world import people


def build(make, *, per_difficulty: int = 2) -> dict:
    """Banks `alpha` and `beta` (3 × per_difficulty questions each), schools SA and SB."""
    make.bank("alpha", per_difficulty)
    make.bank("beta", per_difficulty)
    return people(make, second_class=(7, "2班"), second_student_no="A201")


def keys_for(ticket_id: int, right: bool = True) -> list[str]:
    """The option keys of a ticket that answer it right (or wrong), read from the database."""
    db.session.expire_all()
    ticket = db.session.get(PracticeAnswer, ticket_id)
    version = db.session.get(QuestionVersion, ticket.question_version_id)
    texts = QUESTION_TYPES[version.type].display_options(tuple(version.options))
    presented = present_options(seed=ticket.seed, position=0, option_count=len(texts),
                                shuffle=True)
    key_of = {o.index: o.key for o in presented}
    if right:
        return [key_of[i] for i in version.answer]
    wrong = next(i for i in range(len(texts)) if i not in version.answer)
    return [key_of[wrong]]
