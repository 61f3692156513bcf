"""Handing out practice questions and marking them (by scam type, the mistake book, 每日一练).

A question is handed out as a `PracticeAnswer` row (a "ticket") whose secret seed makes the
option keys, exactly as a contest attempt's seed does; the client sees keys and texts, never
which is right. Answering claims the ticket once (`answered_at IS NULL` in the UPDATE), and
only then is the answer with its explanation sent back. What may be drawn is decided in
`quiz.practice.pool`, the day's set in `quiz.practice.daily`, the order in `rules`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from quiz.banks.question_types import QUESTION_TYPES
from quiz.clock import city_today
from quiz.contests.rules.shuffling import PresentedOption, indices_for_keys, present_options
from quiz.errors import Conflict, Invalid, NotFound
from quiz.gamification import service as game
from quiz.i18n import _
from quiz.models import QuestionVersion, ScamType, Student
from quiz.models.gamification import PracticeAnswer, PracticeSource
from quiz.practice import daily, rules
from quiz.practice.daily import DailyStatus, daily_status
from quiz.practice.pool import (
    Candidate,
    candidates,
    held_back_entirely,
    last_seen,
    may_still_practise,
    practice_types,
    recent,
    scam_type_for,
)

# Callers (pages, the demo) find the pool and the daily set here too.
__all__ = [
    "Candidate", "DailyStatus", "Outcome", "answer", "daily_status", "ensure_source",
    "held_back_entirely", "may_still_practise", "next_question", "practice_types", "present",
    "scam_type_for",
]


# --- tickets ----------------------------------------------------------------------------------


def _pending(session: Session, student_id: int, source: str, scam_type_id: int | None
             ) -> PracticeAnswer | None:
    query = select(PracticeAnswer).where(
        PracticeAnswer.student_id == student_id, PracticeAnswer.source == source,
        PracticeAnswer.answered_at.is_(None)).order_by(PracticeAnswer.id.desc()).limit(1)
    if scam_type_id is not None:
        query = query.where(PracticeAnswer.scam_type_id == scam_type_id)
    return session.scalar(query)


def _pick(session: Session, student: Student, source: str, scam_type: ScamType | None,
          now: datetime) -> Candidate | None:
    if source == PracticeSource.DAILY:
        the_set = daily.daily_set(session, student, now)
        if the_set is None:
            return None
        answered = daily.daily_answered(session, student.id, the_set)
        by_id = {c.question_id: c for c in candidates(session, student, now)}
        for question_id in the_set.question_ids:
            if question_id not in answered and question_id in by_id:
                return by_id[question_id]
        return None
    pool = candidates(session, student, now, scam_type.id if scam_type else None)
    mistakes = [e.question_id for e in game.open_mistakes(session, student.id)]
    if source == PracticeSource.MISTAKES:
        open_ids = set(mistakes)
        pool = [c for c in pool if c.question_id in open_ids]
    by_id = {c.question_id: c for c in pool}
    picked = rules.next_practice_question(
        list(by_id), last_seen(session, student.id), mistakes, recent(session, student.id),
        seed=f"practice:{student.id}:{now.isoformat()}")
    return by_id.get(picked) if picked is not None else None


def next_question(session: Session, student: Student, source: str, scam_type: ScamType | None,
                  now: datetime) -> PracticeAnswer | None:
    """The ticket to show: the unanswered one of this kind (a reload), or a new draw. Commits."""
    if source == PracticeSource.DAILY:
        # The set fixes the question; a ticket shown earlier today for it is reused.
        picked = _pick(session, student, source, scam_type, now)
        if picked is None:
            if daily.finish_if_complete(session, student, now):  # the rest can't be drawn
                session.commit()
            return None
        start, _end = daily.day_bounds(city_today(now))
        pending = session.scalar(select(PracticeAnswer).where(
            PracticeAnswer.student_id == student.id, PracticeAnswer.source == source,
            PracticeAnswer.question_id == picked.question_id, PracticeAnswer.shown_at >= start,
            PracticeAnswer.answered_at.is_(None)).limit(1))
        if pending is not None:
            return pending
    else:
        pending = _pending(session, student.id, source,
                           scam_type.id if source == PracticeSource.PRACTICE and scam_type
                           else None)
        if pending is not None and may_still_practise(session, student, pending.question_id, now):
            return pending
        picked = _pick(session, student, source, scam_type, now)
        if picked is None:
            return None
    ticket = PracticeAnswer(
        student_id=student.id, question_id=picked.question_id,
        question_version_id=picked.version_id, scam_type_id=picked.scam_type_id,
        source=source, seed=secrets.token_hex(16), shown_at=now)
    session.add(ticket)
    session.commit()
    return ticket


def _presented(ticket: PracticeAnswer, version: QuestionVersion
               ) -> tuple[list[PresentedOption], tuple[str, ...]]:
    texts = QUESTION_TYPES[version.type].display_options(tuple(version.options))
    return present_options(seed=ticket.seed, position=0, option_count=len(texts),
                           shuffle=True), texts


def present(session: Session, ticket: PracticeAnswer) -> dict[str, Any]:
    """The question as the student sees it before answering: no answer, no explanation."""
    version = session.get(QuestionVersion, ticket.question_version_id)
    scam_type = session.get(ScamType, ticket.scam_type_id)
    presented, texts = _presented(ticket, version)
    return {
        "ticket": ticket.id, "type": version.type, "stem": version.stem,
        "dialogue": list(version.dialogue or []), "scam_type": scam_type.name,
        "options": [{"key": o.key, "text": texts[o.index]} for o in presented],
    }


@dataclass
class Outcome:
    correct: bool
    your_answer: list[str]
    correct_answer: list[str]
    explanation: str
    xp: int = 0
    mistake: str = "none"           # none | added | progress | cleared
    daily: DailyStatus | None = None
    daily_bonus: int = 0
    new_badges: list[str] = field(default_factory=list)
    repeated: bool = False


def _outcome_of(ticket: PracticeAnswer, version: QuestionVersion, **extra: Any) -> Outcome:
    presented, _texts = _presented(ticket, version)
    key_of = {o.index: o.key for o in presented}
    return Outcome(correct=bool(ticket.is_correct),
                   your_answer=[key_of[i] for i in ticket.chosen or []],
                   correct_answer=[key_of[i] for i in version.answer],
                   explanation=version.explanation, **extra)


def answer(session: Session, student: Student, ticket_id: int, keys: Any, now: datetime
           ) -> Outcome:
    """Mark the student's answer to a ticket; pays XP, moves the mistake book and the daily
    set, awards badges; commits. Answering the same ticket again returns the first result."""
    ticket = session.get(PracticeAnswer, ticket_id)
    if ticket is None or ticket.student_id != student.id:
        raise NotFound(_("这道题不在你的练习里，请刷新页面后继续。"))
    version = session.get(QuestionVersion, ticket.question_version_id)
    if ticket.answered_at is not None:
        return _outcome_of(ticket, version, repeated=True)
    if not may_still_practise(session, student, ticket.question_id, now):
        raise Conflict(_("这道题出现在你还可以参加的竞赛里，交卷后可以练习。请点“下一题”。"))
    presented, texts = _presented(ticket, version)
    indices = indices_for_keys(presented, keys) if isinstance(keys, list) else None
    if indices is None:
        raise Invalid(_("所选的选项不存在，请重新选择。"))
    qtype = QUESTION_TYPES[version.type]
    problem = qtype.check_given(len(texts), indices)
    if problem:
        raise Invalid(problem)
    correct = qtype.is_correct(tuple(version.answer), indices)
    claimed = session.execute(
        update(PracticeAnswer).where(PracticeAnswer.id == ticket.id,
                                     PracticeAnswer.answered_at.is_(None))
        .values(chosen=list(indices), is_correct=correct, answered_at=now)).rowcount == 1
    if not claimed:  # a second tab or a double tap got there first
        session.rollback()
        session.refresh(ticket)
        return _outcome_of(ticket, version, repeated=True)
    state = game.record_mistake_outcome(session, student.id, ticket.question_id,
                                        ticket.scam_type_id, correct=correct, now=now)
    xp = game.grant_practice_xp(session, student.id, ticket.id, correct, now)
    bonus = 0
    if ticket.source == PracticeSource.DAILY:
        bonus = daily.finish_if_complete(session, student, now)
    badges = game.award_badges(session, student, now)
    session.commit()
    session.refresh(ticket)
    mistake = "none"
    if state is not None:
        mistake = ("added" if not correct else "cleared" if state.cleared else "progress")
    return _outcome_of(
        ticket, version, xp=xp, daily_bonus=bonus, mistake=mistake, new_badges=badges,
        daily=daily.daily_status(session, student, now) if ticket.source == PracticeSource.DAILY
        else None)


def ensure_source(value: Any) -> str:
    if value not in PracticeSource.ALL:
        raise Invalid(_("练习方式不正确。"))
    return value

