"""Demo contests: one open now for the whole city, one closed last week with results.

Results are made by the real services with the clock set inside the closed contest's window,
so they look exactly like students' results (scores, times, saved answers). Idempotent by title.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.contests import attempts as attempt_service
from quiz.contests.creation import ContestSpec, create_contest
from quiz.contests.rules.drawing import DrawRule
from quiz.contests.rules.shuffling import present_options
from quiz.models import Contest, School, StaffUser, Student

OPEN_TITLE = "2026秋季开学季反诈知识竞赛"
CLOSED_TITLE = "东湖一中反诈小测（第一周）"


def build(session: Session, now: datetime) -> int:
    """Create the two contests if missing; returns how many were created."""
    created = 0
    bureau = session.scalar(select(StaffUser).where(StaffUser.username == "bureau"))
    if session.scalar(select(Contest).where(Contest.title == OPEN_TITLE)) is None:
        create_contest(session, bureau, ContestSpec(
            title=OPEN_TITLE, description="全市中小学生反诈知识竞赛，限时 15 分钟，共 10 题。",
            opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=14),
            duration_seconds=15 * 60, city_wide=True, paper="per_student",
            draw=[DrawRule("phishing", 3, (1, 2)), DrawRule("fake-refund", 2, (1, 2)),
                  DrawRule("impersonate-police", 3, (1, 2, 3)),
                  DrawRule("impersonate-acquaintance", 2, (1, 2))]), now)
        created += 1
    if session.scalar(select(Contest).where(Contest.title == CLOSED_TITLE)) is None:
        admin = session.scalar(select(StaffUser).where(StaffUser.username == "dh02-admin"))
        opens = now - timedelta(days=7)
        contest = create_contest(session, admin, ContestSpec(
            title=CLOSED_TITLE, description="初一、初二年级课堂小测。",
            opens_at=opens, closes_at=opens + timedelta(days=2), duration_seconds=10 * 60,
            school_codes=["DH02"], paper="shared",
            draw=[DrawRule("order-brushing", 3), DrawRule("game-trading", 3),
                  DrawRule("phishing", 4)]), opens)
        _play_closed_contest(session, contest, opens)
        created += 1
    return created


def _play_closed_contest(session: Session, contest: Contest, opens: datetime) -> None:
    """Most students took part, with scores and times spread like a real class, and questions
    that behave like real ones, so the item analysis (题目质量分析) has something to show."""
    rng = random.Random(contest.title)  # noqa: S311 (the same demo results on every machine)
    students = session.scalars(
        select(Student).join(School).where(School.code == "DH02").order_by(Student.student_no))
    traits = _item_traits(sorted(item.question_version_id for item in contest.paper), rng)
    for student in students:
        if rng.random() < 0.15:
            continue  # did not take part
        started = opens + timedelta(hours=rng.randint(1, 40), minutes=rng.randint(0, 59))
        attempt = attempt_service.start_or_resume(session, contest, student, started)
        skill = rng.uniform(0.4, 0.95)
        moment = started
        versions = attempt_service.versions_of(session, attempt)
        for item in attempt.items:
            moment += timedelta(seconds=rng.randint(15, 50))
            version = versions[item.question_version_id]
            wanted = _answer_given(version, traits[version.id], skill, rng)
            if wanted is None:
                continue  # left blank
            count = 2 if version.type == "true_false" else len(version.options)
            presented = present_options(seed=attempt.seed, position=item.position,
                                        option_count=count, shuffle=contest.shuffle_options)
            keys = [option.key for option in presented if option.index in wanted]
            attempt_service.save_answer(session, attempt, contest, item.position, keys, moment)
        attempt_service.finish(session, attempt, moment + timedelta(seconds=rng.randint(5, 30)))


def _item_traits(version_ids: list[int], rng: random.Random) -> dict[int, tuple[float, float]]:
    """(chance of a right answer for an average student, how much skill raises it) per
    question: one giveaway, one far too hard, one that misleads the stronger students (its
    distractor sounds like the careful choice), the rest ordinary. The three are extreme
    enough that the item analysis flags them whatever questions the paper drew, as a real
    analysis would; the ordinary ones are not flagged."""
    special = [(1.0, 0.0), (0.06, 0.2), (0.5, -1.0)]
    return {version_id: special[n] if n < len(special) else (rng.uniform(0.45, 0.8), 2.5)
            for n, version_id in enumerate(version_ids)}


def _answer_given(version, trait: tuple[float, float], skill: float,
                  rng: random.Random) -> list[int] | None:
    """The option indices one student picks (None: blank). Nobody skips the giveaway; wrong
    answers favour one tempting option, as a well-written distractor draws more students
    than the others."""
    base, slope = trait
    if base < 1.0 and rng.random() < 0.03:
        return None
    if rng.random() < min(0.99, max(0.01, base + slope * (skill - 0.675))):
        return list(version.answer)
    count = 2 if version.type == "true_false" else len(version.options)
    wrong = [i for i in range(count) if [i] != list(version.answer)]
    return [wrong[0] if rng.random() < 0.6 else rng.choice(wrong)]
