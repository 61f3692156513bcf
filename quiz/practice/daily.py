"""每日一练: the day's five questions for a student, its progress, and finishing it.

The set is drawn on first use for the student and the city's date and stored, so it is the same
all day; it is done once every question in it was answered that day (right or wrong).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from quiz.clock import city_today, day_start
from quiz.gamification import rules as game_rules
from quiz.gamification import service as game
from quiz.models import ScamType, Student
from quiz.models.gamification import DailySet, PracticeAnswer, PracticeSource
from quiz.practice import rules
from quiz.practice.pool import candidates, last_seen


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = day_start(day)
    return start, start + timedelta(days=1)


def accuracy_by_code(session: Session, student_id: int) -> dict[str, float | None]:
    codes = dict(session.execute(select(ScamType.id, ScamType.code)).all())
    return {codes[type_id]: m.accuracy
            for type_id, m in game.mastery_by_type(session, student_id).items() if type_id in codes}


def daily_set(session: Session, student: Student, now: datetime) -> DailySet | None:
    """Today's set, drawn on first use (same questions all day); None when nothing to draw."""
    day = city_today(now)
    existing = session.get(DailySet, (student.id, day))
    if existing is not None:
        return existing
    pool = candidates(session, student, now)
    code_of = {c.question_id: c.scam_type for c in pool}
    chosen = rules.daily_draw(
        [rules.DailyCandidate(q, code) for q, code in code_of.items()],
        accuracy_by_code(session, student.id), last_seen(session, student.id),
        seed=f"daily:{student.id}:{day.isoformat()}")
    if not chosen:
        return None
    game.insert_ignoring_duplicates(session, DailySet, {
        "student_id": student.id, "local_date": day, "question_ids": chosen, "created_at": now})
    session.commit()
    return session.get(DailySet, (student.id, day))


def daily_answered(session: Session, student_id: int, the_set: DailySet) -> set[int]:
    start, end = day_bounds(the_set.local_date)
    return set(session.scalars(
        select(PracticeAnswer.question_id).where(
            PracticeAnswer.student_id == student_id, PracticeAnswer.source == PracticeSource.DAILY,
            PracticeAnswer.answered_at >= start, PracticeAnswer.answered_at < end,
            PracticeAnswer.question_id.in_(the_set.question_ids))))


@dataclass(frozen=True)
class DailyStatus:
    answered: int
    total: int
    done: bool
    streak: int


def daily_status(session: Session, student: Student, now: datetime) -> DailyStatus:
    """Today's progress without drawing a set (the home card must stay a cheap read)."""
    day = city_today(now)
    today = session.get(DailySet, (student.id, day))
    streak = game_rules.current_streak(game.done_days(session, student.id), day)
    if today is None:
        return DailyStatus(0, rules.DAILY_SIZE, False, streak)
    answered = len(daily_answered(session, student.id, today))
    return DailyStatus(answered, len(today.question_ids), today.done_at is not None, streak)


def finish_if_complete(session: Session, student: Student, now: datetime) -> int:
    """Mark today's set done once every question in it that can still be drawn is answered
    (one retired since, or put on a live contest's paper, cannot hold the day back); pays the
    daily XP once. Returns the XP paid. Does not commit."""
    day = city_today(now)
    the_set = session.get(DailySet, (student.id, day))
    if the_set is None or the_set.done_at is not None:
        return 0
    left = set(the_set.question_ids) - daily_answered(session, student.id, the_set)
    if left and left & {c.question_id for c in candidates(session, student, now)}:
        return 0
    finished = session.execute(
        update(DailySet).where(DailySet.student_id == student.id, DailySet.local_date == day,
                               DailySet.done_at.is_(None))
        .values(done_at=now)).rowcount == 1
    if not finished:
        return 0
    return game.grant_xp(session, student.id, game_rules.DAILY_SET_XP, "daily",
                         f"daily:{day.isoformat()}", now)
