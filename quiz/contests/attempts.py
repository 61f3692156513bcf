"""The attempt lifecycle: start or resume, save an answer, finish; safe under concurrency.

The database decides every race. A second tab, a reload or a restarted server finds the open
attempt; two simultaneous starts meet the one-open-attempt index and the loser resumes the
winner's attempt. An answer is one upsert that only lands while its attempt is open and within
the deadline's grace; a finish first claims the attempt row (`finished_at`), so a save racing
it either lands before the score is taken or is refused, and two finishes give one result.
Attempts past their deadline are finished lazily by whoever reads them; no background job is
needed (`close_overdue` exists for a timer all the same).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz.banks.question_types import QUESTION_TYPES
from quiz.contests import events
from quiz.contests.errors import Conflict, Invalid, NotFound
from quiz.contests.papers import draw_paper, rules_of
from quiz.contests.rules import scoring, timing
from quiz.contests.rules.drawing import paper_order
from quiz.contests.rules.shuffling import PresentedOption, indices_for_keys, present_options
from quiz.i18n import _
from quiz.models import (
    Answer,
    Attempt,
    AttemptItem,
    Contest,
    ExtraTime,
    PaperMode,
    QuestionVersion,
    RevealPolicy,
    School,
    Student,
    UTCDateTime,
)

GRACE = timedelta(seconds=timing.GRACE_SECONDS)


# --- reading ------------------------------------------------------------------------------------


def open_attempt(session: Session, contest_id: int, student_id: int) -> Attempt | None:
    return session.scalar(select(Attempt).where(
        Attempt.contest_id == contest_id, Attempt.student_id == student_id,
        Attempt.finished_at.is_(None)))


def attempts_used(session: Session, contest_id: int, student_id: int) -> int:
    return session.scalar(select(func.count(Attempt.id)).where(
        Attempt.contest_id == contest_id, Attempt.student_id == student_id)) or 0


def is_overdue(attempt: Attempt, now: datetime) -> bool:
    return attempt.finished_at is None and timing.is_overdue(now=now, deadline=attempt.deadline_at)


def may_reveal(attempt: Attempt, contest: Contest, now: datetime) -> bool:
    """Answers and explanations: only after finishing, and under after_close once it closed."""
    if attempt.finished_at is None:
        return False
    return contest.reveal == RevealPolicy.AFTER_FINISH or now >= contest.closes_at


# --- starting -----------------------------------------------------------------------------------


def start_or_resume(session: Session, contest: Contest, student: Student, now: datetime
                    ) -> Attempt:
    """The student's open attempt, or a new one; commits when it creates one."""
    current = open_attempt(session, contest.id, student.id)
    if current is not None and is_overdue(current, now):
        finish(session, current, now)
        current = None
    if current is not None:
        return current
    if contest.cancelled_at is not None or not timing.is_open(
            now=now, opens_at=contest.opens_at, closes_at=contest.closes_at):
        raise Conflict(_("竞赛未开放或已结束。"))
    used = attempts_used(session, contest.id, student.id)
    if used >= contest.max_attempts:
        # A start racing ours may have created the attempt between our two reads.
        current = open_attempt(session, contest.id, student.id)
        if current is not None:
            return current
        raise Conflict(_("你的答题次数已用完。"))
    try:
        attempt = _new_attempt(session, contest, student, used + 1, now)
        session.commit()
    except IntegrityError:
        # Another tab or request started one at the same moment: theirs is ours.
        session.rollback()
        current = open_attempt(session, contest.id, student.id)
        if current is None:
            raise Conflict(_("你的答题次数已用完。")) from None
        return current
    return attempt


def _new_attempt(session: Session, contest: Contest, student: Student, number: int,
                 now: datetime) -> Attempt:
    seed = secrets.token_hex(16)
    extra = session.get(ExtraTime, (contest.id, student.id))
    deadline = timing.deadline(
        started_at=now, duration_seconds=contest.duration_seconds,
        extra_seconds=extra.extra_seconds if extra else 0, closes_at=contest.closes_at)
    version_ids = _paper_for(session, contest, student, seed)
    difficulties = dict(session.execute(
        select(QuestionVersion.id, QuestionVersion.difficulty)
        .where(QuestionVersion.id.in_(version_ids))).all())
    attempt = Attempt(contest_id=contest.id, student_id=student.id, number=number, seed=seed,
                      started_at=now, deadline_at=deadline, total=len(version_ids))
    attempt.items = [
        AttemptItem(position=position, question_version_id=version_id,
                    points=scoring.points_for(difficulties[version_id], contest.points))
        for position, version_id in enumerate(version_ids, start=1)
    ]
    session.add(attempt)
    session.flush()
    return attempt


def _paper_for(session: Session, contest: Contest, student: Student, seed: str) -> list[int]:
    if contest.paper_mode == PaperMode.SHARED:
        shared = [item.question_version_id for item in contest.paper]
        return [shared[i] for i in paper_order(len(shared), seed=seed)]
    level = session.scalar(select(School.level).where(School.id == student.school_id))
    drawn = draw_paper(session, rules_of(contest), seed=seed, levels=frozenset({level}),
                       school_id=contest.owner_school_id)
    return [candidate.version_id for candidate in drawn]


def set_extra_time(session: Session, contest: Contest, student: Student, minutes: int) -> None:
    """Grant a student extra minutes (accommodations); an attempt in progress gets them too.

    Its deadline is recomputed from its start, still capped by the contest's closing. Commits.
    """
    extra = session.get(ExtraTime, (contest.id, student.id))
    if extra is None:
        extra = ExtraTime(contest_id=contest.id, student_id=student.id, extra_seconds=0)
        session.add(extra)
    extra.extra_seconds = minutes * 60
    current = open_attempt(session, contest.id, student.id)
    if current is not None:
        current.deadline_at = timing.deadline(
            started_at=current.started_at, duration_seconds=contest.duration_seconds,
            extra_seconds=extra.extra_seconds, closes_at=contest.closes_at)
    session.commit()


# --- presenting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PresentedQuestion:
    id: int                      # the position in the attempt, 1-based
    type: str
    stem: str
    dialogue: list[dict[str, str]]
    options: list[dict[str, str]]  # {"key", "text"}, in this attempt's order
    points: int


def _presented(attempt: Attempt, contest: Contest, item: AttemptItem,
               version: QuestionVersion) -> tuple[list[PresentedOption], tuple[str, ...]]:
    texts = QUESTION_TYPES[version.type].display_options(tuple(version.options))
    return present_options(seed=attempt.seed, position=item.position, option_count=len(texts),
                           shuffle=contest.shuffle_options), texts


def versions_of(session: Session, attempt: Attempt) -> dict[int, QuestionVersion]:
    ids = [item.question_version_id for item in attempt.items]
    return {v.id: v for v in session.scalars(select(QuestionVersion).where(
        QuestionVersion.id.in_(ids)))}


def present(session: Session, attempt: Attempt, contest: Contest) -> list[PresentedQuestion]:
    """The questions as a player sees them: no answer, no explanation."""
    versions = versions_of(session, attempt)
    questions = []
    for item in attempt.items:
        version = versions[item.question_version_id]
        presented, texts = _presented(attempt, contest, item, version)
        questions.append(PresentedQuestion(
            id=item.position, type=version.type, stem=version.stem,
            dialogue=list(version.dialogue or []), points=item.points,
            options=[{"key": option.key, "text": texts[option.index]} for option in presented],
        ))
    return questions


def saved_answers(session: Session, attempt: Attempt, contest: Contest) -> dict[int, list[str]]:
    """{question id: [keys]} of what has been saved, in the attempt's own keys."""
    versions = versions_of(session, attempt)
    by_position = {item.position: item for item in attempt.items}
    result = {}
    for answer in session.scalars(select(Answer).where(Answer.attempt_id == attempt.id)):
        item = by_position[answer.position]
        presented, _texts = _presented(attempt, contest, item, versions[item.question_version_id])
        key_of = {option.index: option.key for option in presented}
        result[answer.position] = [key_of[index] for index in answer.chosen]
    return result


def review(session: Session, attempt: Attempt, contest: Contest) -> list[dict[str, Any]]:
    """Per question: right or wrong, both answers as this attempt's keys, the explanation.

    Callers check `may_reveal` first; this reveals answers.
    """
    versions = versions_of(session, attempt)
    answers = {a.position: a for a in session.scalars(
        select(Answer).where(Answer.attempt_id == attempt.id))}
    rows = []
    for item in attempt.items:
        version = versions[item.question_version_id]
        presented, _texts = _presented(attempt, contest, item, version)
        key_of = {option.index: option.key for option in presented}
        answer = answers.get(item.position)
        rows.append({
            "question_id": item.position,
            "correct": bool(answer and answer.is_correct),
            "your_answer": [key_of[i] for i in answer.chosen] if answer else [],
            "correct_answer": [key_of[i] for i in version.answer],
            "explanation": version.explanation,
        })
    return rows


# --- saving -------------------------------------------------------------------------------------


def save_answer(session: Session, attempt: Attempt, contest: Contest, question_id: Any,
                keys: Any, now: datetime) -> None:
    """Save the latest choice for one question; repeating a save is harmless. Commits."""
    # The one item with its version in one query: this is the hottest path of a contest.
    row = session.execute(
        select(AttemptItem, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .where(AttemptItem.attempt_id == attempt.id, AttemptItem.position == question_id)
    ).first() if isinstance(question_id, int) else None
    if row is None:
        raise NotFound(_("这道题不在本次答题中。"))
    item, version = row
    if attempt.finished_at is not None:
        raise Conflict(_("本次答题已交卷，不能再修改答案。"))
    if not timing.accepts_answer(now=now, deadline=attempt.deadline_at):
        raise Conflict(_("答题时间已到，答案未保存。"))
    presented, texts = _presented(attempt, contest, item, version)
    chosen = indices_for_keys(presented, keys)
    if chosen is None:
        raise Invalid(_("答案中有不属于这道题的选项。"), {"answer": [_("未知或重复的选项")]})
    problem = QUESTION_TYPES[version.type].check_given(len(texts), chosen)
    if problem:
        raise Invalid(problem, {"answer": [problem]})
    stored = sorted(chosen)
    if not _upsert_if_open(session, attempt.id, item.position, stored, now):
        session.rollback()
        raise Conflict(_("本次答题已交卷或时间已到，答案未保存。"))
    session.commit()


def _upsert_if_open(session: Session, attempt_id: int, position: int, chosen: list[int],
                    now: datetime) -> bool:
    """One statement: insert or replace the answer, only while the attempt is open.

    The attempt row is read FOR SHARE (PostgreSQL), so a finish that has claimed the attempt
    makes this wait and then find it finished; SQLite serialises writers anyway.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    open_attempt_row = (
        select(Attempt.id, literal(position), literal(chosen, type_=JSON),
               literal(now, type_=UTCDateTime()))
        .where(Attempt.id == attempt_id, Attempt.finished_at.is_(None),
               Attempt.deadline_at >= now - GRACE)
    )
    if dialect == "postgresql":
        open_attempt_row = open_attempt_row.with_for_update(read=True)
    statement = insert(Answer).from_select(
        ["attempt_id", "position", "chosen", "saved_at"], open_attempt_row)
    statement = statement.on_conflict_do_update(
        index_elements=["attempt_id", "position"],
        set_={"chosen": statement.excluded.chosen, "saved_at": statement.excluded.saved_at})
    # RETURNING rather than rowcount: drivers disagree on rowcount for INSERT … SELECT.
    return session.execute(statement.returning(Answer.position)).first() is not None


# --- finishing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    score: int
    max_score: int
    correct: int
    total: int
    time_used_seconds: int


def result_of(attempt: Attempt) -> Result:
    return Result(score=attempt.score or 0, max_score=attempt.max_score or 0,
                  correct=attempt.correct or 0, total=attempt.total,
                  time_used_seconds=attempt.time_used_seconds or 0)


def finish(session: Session, attempt: Attempt, now: datetime) -> Result:
    """Finish and score the attempt with what was saved; idempotent. Commits."""
    finished_at = min(now, attempt.deadline_at)
    claimed = session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.finished_at.is_(None))
        .values(finished_at=finished_at)
    ).rowcount == 1
    if not claimed:
        session.rollback()
        session.refresh(attempt)
        return result_of(attempt)
    versions = versions_of(session, attempt)
    answers = {a.position: a for a in session.scalars(
        select(Answer).where(Answer.attempt_id == attempt.id))}
    items = [
        scoring.ScoredItem(
            qtype=versions[item.question_version_id].type,
            difficulty=versions[item.question_version_id].difficulty,
            answer=tuple(versions[item.question_version_id].answer),
            given=tuple(answers[item.position].chosen) if item.position in answers else None)
        for item in attempt.items
    ]
    score = scoring.score_items(items, contest_points(session, attempt))
    for item, correct in zip(attempt.items, score.per_item, strict=True):
        if item.position in answers:
            answers[item.position].is_correct = correct
    session.execute(update(Attempt).where(Attempt.id == attempt.id).values(
        score=score.score, max_score=score.max_score, correct=score.correct,
        time_used_seconds=timing.time_used_seconds(
            started_at=attempt.started_at, finished_at=finished_at,
            deadline=attempt.deadline_at)))
    session.refresh(attempt)
    events.attempt_finished(session, attempt, now)
    session.commit()
    return result_of(attempt)


def contest_points(session: Session, attempt: Attempt) -> dict:
    """Points per difficulty; fixed once the contest opens (it can be edited only before)."""
    return session.scalar(select(Contest.points).where(Contest.id == attempt.contest_id))


def close_overdue(session: Session, now: datetime, contest_id: int | None = None) -> int:
    """Finish every attempt past its deadline (and grace); returns how many."""
    query = select(Attempt).where(Attempt.finished_at.is_(None), Attempt.deadline_at < now - GRACE)
    if contest_id is not None:
        query = query.where(Attempt.contest_id == contest_id)
    overdue = session.scalars(query).all()
    for attempt in overdue:
        finish(session, attempt, now)
    return len(overdue)
