"""Practice history for the demo city: ten days of 每日一练 and practice by scam type for some
students, so that streaks, XP, levels, badges, the mistake book and the heat map show something.

It goes through the real services (draws, marking, XP, badges) with the clock set to each past
day, so the demo data is what students would have produced. Idempotent: a student who has any
practice answer already is left alone.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.banks.question_types import QUESTION_TYPES
from quiz.clock import city_zone, local_day
from quiz.contests.rules.shuffling import present_options
from quiz.models import QuestionVersion, School, Student
from quiz.models.gamification import PracticeAnswer, PracticeSource
from quiz.practice import service

DAYS = 10
# (school code, how many of its first students practise)
PRACTISING = (("DH02", 10), ("DH01", 4), ("XS01", 4))
KEEN_STUDENT = "070101"  # the README's demo login: practised every day, a streak to show


def _keys(session: Session, ticket: PracticeAnswer, right: bool, rng: random.Random
          ) -> list[str]:
    version = session.get(QuestionVersion, ticket.question_version_id)
    texts = QUESTION_TYPES[version.type].display_options(tuple(version.options))
    key_of = {o.index: o.key for o in present_options(
        seed=ticket.seed, position=0, option_count=len(texts), shuffle=True)}
    if right:
        return [key_of[i] for i in version.answer]
    wrong = [i for i in range(len(texts)) if i not in version.answer]
    return [key_of[rng.choice(wrong)]]


def _answer_one(session: Session, student: Student, source: str, scam_type, now: datetime,
                skill: dict[int, float], rng: random.Random) -> bool:
    ticket = service.next_question(session, student, source, scam_type, now)
    if ticket is None:
        return False
    right = rng.random() < skill.get(ticket.scam_type_id, 0.6)
    service.answer(session, student, ticket.id, _keys(session, ticket, right, rng), now)
    return True


def _students(session: Session) -> list[Student]:
    chosen = []
    for code, count in PRACTISING:
        chosen += session.scalars(
            select(Student).join(School, School.id == Student.school_id)
            .where(School.code == code).order_by(Student.student_no).limit(count)).all()
    return chosen


def build(session: Session, now: datetime) -> int:
    """Give the demo students their practice history; returns how many got one now."""
    zone = city_zone()
    today = local_day(now, zone)
    made = 0
    for student in _students(session):
        if session.scalar(select(PracticeAnswer.id).where(
                PracticeAnswer.student_id == student.id).limit(1)) is not None:
            continue
        rng = random.Random(f"demo-practice:{student.school_id}:{student.student_no}")  # noqa: S311
        types = service.practice_types(session, student)
        if not types:
            continue
        skill = {t.id: rng.uniform(0.45, 0.97) for t in types}
        keen = student.student_no == KEEN_STUDENT
        for back in range(DAYS, 0, -1):
            day = today - timedelta(days=back)
            if not keen and rng.random() < 0.35:
                continue  # a day off: streaks break as they do
            moment = datetime.combine(day, time(19, rng.randrange(0, 50)), tzinfo=zone)
            for n in range(service.rules.DAILY_SIZE):
                _answer_one(session, student, PracticeSource.DAILY, None,
                            moment + timedelta(minutes=n), skill, rng)
            scam_type = rng.choice(types)
            for n in range(rng.randrange(0, 5) + (4 if keen else 0)):
                _answer_one(session, student, PracticeSource.PRACTICE, scam_type,
                            moment + timedelta(minutes=10 + n), skill, rng)
        made += 1
    return made
