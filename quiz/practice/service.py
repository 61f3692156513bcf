"""Practice by scam type, the mistake book and 每日一练: handing out questions and marking them.

A question is handed out as a `PracticeAnswer` row (a "ticket") whose secret seed makes the
option keys, exactly as a contest attempt's seed does; the client sees keys and texts, never
which is right. Answering claims the ticket once (`answered_at IS NULL` in the UPDATE), and
only then is the answer with its explanation sent back. Everything the student may draw from
is the city's banks and their school's own, current versions of questions not retired, that
fit the student's school level; questions on the paper of a contest that has not closed are
held back, so practice never shows a live contest's answers.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, cast, func, select, update
from sqlalchemy.orm import Session

from quiz.banks.question_types import QUESTION_TYPES
from quiz.contests.errors import Invalid, NotFound
from quiz.contests.rules.shuffling import PresentedOption, indices_for_keys, present_options
from quiz.gamification import rules as game_rules
from quiz.gamification import service as game
from quiz.i18n import _
from quiz.models import (
    Attempt,
    AttemptItem,
    Contest,
    ContestPaperItem,
    Question,
    QuestionVersion,
    ScamType,
    Student,
)
from quiz.models.gamification import DailySet, PracticeAnswer, PracticeSource
from quiz.practice import rules
from quiz.scopes import banks_for_school


@dataclass(frozen=True)
class Candidate:
    question_id: int
    version_id: int
    scam_type_id: int
    scam_type_code: str


def _fits(level: str, own: list[str] | None, type_audience: list[str] | None) -> bool:
    audience = own or type_audience
    return not audience or level in audience


@lru_cache(maxsize=256)
def _audience(raw: str | None) -> tuple[str, ...] | None:
    """An audience read as text: a bank has a handful of distinct values, so decoding each
    once instead of once per question row keeps drawing cheap (JSON decoding dominated)."""
    if raw is None:
        return None
    value = json.loads(raw)
    return tuple(value) if value else None


def _audience_text(column, name: str):
    return cast(column, Text).label(name)


def _live_paper_questions(session: Session, now: datetime) -> set[int]:
    """Questions on shared papers of contests not yet closed (kept out of practice)."""
    return set(session.scalars(
        select(QuestionVersion.question_id)
        .join(ContestPaperItem, ContestPaperItem.question_version_id == QuestionVersion.id)
        .join(Contest, Contest.id == ContestPaperItem.contest_id)
        .where(Contest.closes_at > now, Contest.cancelled_at.is_(None))))


def candidates(session: Session, student: Student, now: datetime,
               scam_type_id: int | None = None) -> list[Candidate]:
    """Every question the student may practise now (of one scam type, if given)."""
    query = (
        select(Question.id, QuestionVersion.id, ScamType.id, ScamType.code,
               _audience_text(QuestionVersion.audience, "own_audience"),
               _audience_text(ScamType.audience, "type_audience"))
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(ScamType, ScamType.id == Question.scam_type_id)
        .where(Question.retired_at.is_(None), banks_for_school(student.school_id))
        .order_by(Question.id))
    if scam_type_id is not None:
        query = query.where(ScamType.id == scam_type_id)
    held_back = _live_paper_questions(session, now)
    level = student.school.level
    return [Candidate(qid, vid, tid, code)
            for qid, vid, tid, code, own, type_audience in session.execute(query)
            if qid not in held_back and _fits(level, _audience(own), _audience(type_audience))]


def practice_types(session: Session, student: Student, code: str | None = None
                   ) -> list[ScamType]:
    """Scam types the student can practise: visible to them, fitting their age, not empty
    (only the one with `code`, if given: a cheaper query than listing them all)."""
    level = student.school.level
    query = (
        select(ScamType.id, _audience_text(QuestionVersion.audience, "own_audience"),
               _audience_text(ScamType.audience, "type_audience"))
        .join(Question, Question.scam_type_id == ScamType.id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.retired_at.is_(None), banks_for_school(student.school_id))
        .distinct())
    if code is not None:
        query = query.where(ScamType.code == code)
    rows = session.execute(query)
    ids = {type_id for type_id, own_raw, type_raw in rows
           if _fits(level, _audience(own_raw), _audience(type_raw))}
    if not ids:
        return []
    return list(session.scalars(
        select(ScamType).where(ScamType.id.in_(ids)).order_by(ScamType.name)))


def practice_type_ids(session: Session, student: Student) -> list[int]:
    return [t.id for t in practice_types(session, student)]


def scam_type_for(session: Session, student: Student, code: str) -> ScamType:
    """The scam type `code` if the student may practise it, else NotFound."""
    for scam_type in practice_types(session, student, code):
        return scam_type
    raise NotFound(_("没有找到这个诈骗类型的练习题，请从列表中选择。"))


def last_seen(session: Session, student_id: int) -> dict[int, datetime]:
    """When the student last met each question: answered in practice or drawn in a contest."""
    seen: dict[int, datetime] = {}
    practice = session.execute(
        select(PracticeAnswer.question_id, func.max(PracticeAnswer.answered_at))
        .where(PracticeAnswer.student_id == student_id, PracticeAnswer.answered_at.is_not(None))
        .group_by(PracticeAnswer.question_id))
    contest = session.execute(
        select(QuestionVersion.question_id, func.max(Attempt.started_at))
        .join(AttemptItem, AttemptItem.question_version_id == QuestionVersion.id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.student_id == student_id)
        .group_by(QuestionVersion.question_id))
    for question_id, at in [*practice, *contest]:
        if at is not None:
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
            seen[question_id] = max(seen.get(question_id, at), at)
    return seen


def _recent(session: Session, student_id: int) -> list[int]:
    rows = session.scalars(
        select(PracticeAnswer.question_id).where(
            PracticeAnswer.student_id == student_id, PracticeAnswer.answered_at.is_not(None))
        .order_by(PracticeAnswer.answered_at.desc(), PracticeAnswer.id.desc())
        .limit(rules.MISTAKE_GAP))
    return list(reversed(rows.all()))


# --- 每日一练 -------------------------------------------------------------------------------------


def _day_bounds(day) -> tuple[datetime, datetime]:
    zone = game.city_zone()
    start = datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
    return start, start + timedelta(days=1)


def accuracy_by_code(session: Session, student_id: int) -> dict[str, float | None]:
    codes = dict(session.execute(select(ScamType.id, ScamType.code)).all())
    return {codes[type_id]: m.accuracy
            for type_id, m in game.mastery_by_type(session, student_id).items() if type_id in codes}


def daily_set(session: Session, student: Student, now: datetime) -> DailySet | None:
    """Today's set, drawn on first use (same questions all day); None when nothing to draw."""
    day = game.local_date(now)
    existing = session.get(DailySet, (student.id, day))
    if existing is not None:
        return existing
    pool = candidates(session, student, now)
    code_of = {c.question_id: c.scam_type_code for c in pool}
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
    start, end = _day_bounds(the_set.local_date)
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
    day = game.local_date(now)
    today = session.get(DailySet, (student.id, day))
    streak = game_rules.current_streak(game.done_days(session, student.id), day)
    if today is None:
        return DailyStatus(0, rules.DAILY_SIZE, False, streak)
    answered = len(daily_answered(session, student.id, today))
    return DailyStatus(answered, len(today.question_ids), today.done_at is not None, streak)


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
        the_set = daily_set(session, student, now)
        if the_set is None:
            return None
        answered = daily_answered(session, student.id, the_set)
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
        list(by_id), last_seen(session, student.id), mistakes, _recent(session, student.id),
        seed=f"practice:{student.id}:{now.isoformat()}")
    return by_id.get(picked) if picked is not None else None


def next_question(session: Session, student: Student, source: str, scam_type: ScamType | None,
                  now: datetime) -> PracticeAnswer | None:
    """The ticket to show: the unanswered one of this kind (a reload), or a new draw. Commits."""
    if source == PracticeSource.DAILY:
        # The set fixes the question; a ticket shown earlier today for it is reused.
        picked = _pick(session, student, source, scam_type, now)
        if picked is None:
            return None
        start, _end = _day_bounds(game.local_date(now))
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
        if pending is not None:
            question = session.get(Question, pending.question_id)
            if question is not None and question.retired_at is None:
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
        bonus = _maybe_finish_daily(session, student, now)
    badges = game.award_badges(session, student, now)
    session.commit()
    session.refresh(ticket)
    mistake = "none"
    if state is not None:
        mistake = ("added" if not correct else "cleared" if state.cleared else "progress")
    return _outcome_of(
        ticket, version, xp=xp, daily_bonus=bonus, mistake=mistake, new_badges=badges,
        daily=daily_status(session, student, now) if ticket.source == PracticeSource.DAILY
        else None)


def _maybe_finish_daily(session: Session, student: Student, now: datetime) -> int:
    day = game.local_date(now)
    the_set = session.get(DailySet, (student.id, day))
    if the_set is None or the_set.done_at is not None:
        return 0
    if len(daily_answered(session, student.id, the_set)) < len(set(the_set.question_ids)):
        return 0
    finished = session.execute(
        update(DailySet).where(DailySet.student_id == student.id, DailySet.local_date == day,
                               DailySet.done_at.is_(None))
        .values(done_at=now)).rowcount == 1
    if not finished:
        return 0
    return game.grant_xp(session, student.id, game_rules.DAILY_SET_XP, "daily",
                         f"daily:{day.isoformat()}", now)


def ensure_source(value: Any) -> str:
    if value not in PracticeSource.ALL:
        raise Invalid(_("练习方式不正确。"))
    return value

