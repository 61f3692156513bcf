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

from sqlalchemy import (
    JSON,
    bindparam,
    exists,
    func,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz.banks.question_types import QUESTION_TYPES
from quiz.contests import events
from quiz.contests.papers import draw_paper, rules_of
from quiz.contests.rules import scoring, timing
from quiz.contests.rules.drawing import paper_order
from quiz.contests.rules.shuffling import PresentedOption, indices_for_keys, present_options
from quiz.contests.worker_cache import version_views
from quiz.errors import Conflict, Invalid, NotFound
from quiz.i18n import _
from quiz.models import (
    Answer,
    Attempt,
    AttemptItem,
    Contest,
    ContestClass,
    ContestSchool,
    ExtraTime,
    PaperMode,
    QuestionVersion,
    RevealPolicy,
    School,
    SchoolClass,
    Student,
    UTCDateTime,
)

GRACE = timedelta(seconds=timing.GRACE_SECONDS)


# --- reading ------------------------------------------------------------------------------------


def open_attempt(session: Session, contest_id: int, student_id: int) -> Attempt | None:
    return session.scalar(select(Attempt).where(
        Attempt.contest_id == contest_id, Attempt.student_id == student_id,
        Attempt.finished_at.is_(None)))


def is_overdue(attempt: Attempt, now: datetime) -> bool:
    return attempt.finished_at is None and timing.is_overdue(now=now, deadline=attempt.deadline_at)


def may_reveal(attempt: Attempt, contest: Contest, now: datetime) -> bool:
    """Answers and explanations: only after finishing, and under after_close once it closed."""
    if attempt.finished_at is None:
        return False
    return contest.reveal == RevealPolicy.AFTER_FINISH or now >= contest.closes_at


# --- an attempt as the API shows it -------------------------------------------------------------


@dataclass(frozen=True)
class PaperItem:
    position: int
    version_id: int
    points: int


@dataclass(frozen=True)
class Paper:
    """An attempt with its questions and saved answers, read without ORM objects."""

    id: int
    contest_id: int
    seed: str
    shuffle: bool
    deadline_at: datetime
    finished: bool
    items: tuple[PaperItem, ...]
    answers: dict[int, list[int]]  # position: chosen display indices


def paper_of(session: Session, attempt: Attempt, shuffle: bool) -> Paper:
    """The attempt's paper: its items and saved answers in two queries."""
    items = tuple(PaperItem(*row) for row in session.execute(
        select(AttemptItem.position, AttemptItem.question_version_id, AttemptItem.points)
        .where(AttemptItem.attempt_id == attempt.id).order_by(AttemptItem.position)))
    answers = dict(session.execute(
        select(Answer.position, Answer.chosen).where(Answer.attempt_id == attempt.id)).all())
    return Paper(id=attempt.id, contest_id=attempt.contest_id, seed=attempt.seed,
                 shuffle=shuffle, deadline_at=attempt.deadline_at,
                 finished=attempt.finished_at is not None, items=items, answers=answers)


# --- starting -----------------------------------------------------------------------------------


def start_or_resume(session: Session, contest: Contest, student: Student, now: datetime
                    ) -> Attempt:
    """The student's open attempt, or a new one; commits when it creates one."""
    paper = begin(session, contest, student, now)
    return session.get(Attempt, paper.id)


def begin(session: Session, contest: Contest, student: Student, now: datetime) -> Paper:
    """`start_or_resume` as a Paper: a new attempt costs a handful of statements.

    The race rules are those of the database: the one-open-attempt index and the unique
    attempt number make two simultaneous starts come out as one attempt, which the loser
    resumes. Commits when it creates or finishes an attempt.
    """
    contest_id, shuffle, student_id = contest.id, contest.shuffle_options, student.id
    used, open_id, extra_seconds, level = _state(session, contest_id, student)
    if open_id is not None:
        current = session.get(Attempt, open_id)
        if current is not None and is_overdue(current, now):
            finish(session, current, now)
        elif current is not None:
            return paper_of(session, current, shuffle)
    if timing.state_of(contest, now) is not timing.ContestState.OPEN:
        raise Conflict(_("竞赛未开放或已结束。"))
    if used >= contest.max_attempts:
        # A start racing ours may have created the attempt between our two reads.
        current = open_attempt(session, contest_id, student_id)
        if current is not None:
            return paper_of(session, current, shuffle)
        raise Conflict(_("你的答题次数已用完。"))
    try:
        paper = _new_paper(session, contest, student_id, used + 1, extra_seconds or 0, level,
                           now)
        session.commit()
    except IntegrityError:
        # Another tab or request started one at the same moment: theirs is ours.
        session.rollback()
        current = open_attempt(session, contest_id, student_id)
        if current is None:
            raise Conflict(_("你的答题次数已用完。")) from None
        return paper_of(session, current, shuffle)
    return paper


def _state(session: Session, contest_id: int, student: Student
           ) -> tuple[int, int | None, int | None, str | None]:
    """Attempts used, the open attempt's id, extra seconds and the school's level: one query."""
    return tuple(session.execute(_STATE_QUERY, {
        "contest_id": contest_id, "student_id": student.id, "school_id": student.school_id,
    }).one())


def _state_query() -> Any:
    contest_id, student_id = bindparam("contest_id"), bindparam("student_id")
    mine = (Attempt.contest_id == contest_id, Attempt.student_id == student_id)
    return select(
        select(func.count(Attempt.id)).where(*mine).scalar_subquery(),
        select(Attempt.id).where(*mine, Attempt.finished_at.is_(None)).scalar_subquery(),
        select(ExtraTime.extra_seconds).where(
            ExtraTime.contest_id == contest_id, ExtraTime.student_id == student_id
        ).scalar_subquery(),
        select(School.level).where(School.id == bindparam("school_id")).scalar_subquery(),
    )


_STATE_QUERY = _state_query()  # built once: every start runs it


def _new_paper(session: Session, contest: Contest, student_id: int, number: int,
               extra_seconds: int, level: str | None, now: datetime) -> Paper:
    """Draw and store a new attempt: one row for it, one multi-row insert for its items."""
    seed = secrets.token_hex(16)
    deadline = timing.deadline(
        started_at=now, duration_seconds=contest.duration_seconds,
        extra_seconds=extra_seconds, closes_at=contest.closes_at)
    if contest.paper_mode == PaperMode.SHARED:
        shared = [item.question_version_id for item in contest.paper]
        version_ids = [shared[i] for i in paper_order(len(shared), seed=seed)]
        difficulties = {version_id: view.difficulty
                        for version_id, view in version_views(session, version_ids).items()}
    else:
        drawn = draw_paper(session, rules_of(contest), seed=seed, levels=frozenset({level}),
                           school_id=contest.owner_school_id)
        version_ids = [candidate.version_id for candidate in drawn]
        difficulties = {candidate.version_id: candidate.difficulty for candidate in drawn}
        # Read now what presenting them needs, while the connection is ours (usually cached).
        version_views(session, version_ids)
    items = tuple(
        PaperItem(position=position, version_id=version_id,
                  points=scoring.points_for(difficulties[version_id], contest.points))
        for position, version_id in enumerate(version_ids, start=1))
    connection = session.connection()
    attempt_id = connection.execute(insert(Attempt).values(
        contest_id=contest.id, student_id=student_id, number=number, seed=seed,
        started_at=now, deadline_at=deadline, total=len(items)
    ).returning(Attempt.id)).scalar_one()
    values: dict[str, int] = {"attempt_id": attempt_id}
    for n, item in enumerate(items):
        values |= {f"p{n}": item.position, f"v{n}": item.version_id, f"s{n}": item.points}
    connection.execute(_items_statement(len(items)), values)
    return Paper(id=attempt_id, contest_id=contest.id, seed=seed,
                 shuffle=contest.shuffle_options, deadline_at=deadline, finished=False,
                 items=items, answers={})


_ITEMS_STATEMENTS: dict[int, Any] = {}


def _items_statement(count: int) -> Any:
    """One multi-row INSERT for a paper's items, written once per paper size.

    As text: SQLAlchemy does not cache a multi-row `.values([...])` and would compile it for
    every start; an executemany would send a statement per row.
    """
    statement = _ITEMS_STATEMENTS.get(count)
    if statement is None:
        rows = ", ".join(f"(:attempt_id, :p{n}, :v{n}, :s{n})" for n in range(count))
        statement = _ITEMS_STATEMENTS.setdefault(count, text(
            f"INSERT INTO {AttemptItem.__tablename__} "  # noqa: S608 (names and counts only)
            f"(attempt_id, position, question_version_id, points) VALUES {rows}"))
    return statement


def visible_contest_for_student(session: Session, contest_id: int, student: Student
                                ) -> Contest | None:
    """The contest when the student may see it, in one query.

    The rule of `eligibility.includes_student` (kept in step with it by the API tests): not
    cancelled; the student's school in scope (or city-wide); the grade among the contest's
    grades, if it names any; the class among its classes, if it names any.
    """
    row = session.execute(_VISIBLE_QUERY, {
        "contest_id": contest_id, "school_id": student.school_id, "class_id": student.class_id,
    }).first()
    if row is None:
        return None
    contest, in_school, has_classes, in_class, grade = row
    if contest.cancelled_at is not None or not (contest.city_wide or in_school):
        return None
    if contest.grades and grade not in contest.grades:
        return None
    return contest if in_class or not has_classes else None


def set_extra_time(session: Session, contest: Contest, student: Student, minutes: int,
                   now: datetime) -> None:
    """Grant a student extra minutes (accommodations); an attempt in progress gets them too.

    Its deadline is recomputed from its start, still capped by the contest's closing. An
    attempt already past its deadline and grace is finished first, with what it saved: extra
    time never reopens an attempt (its answers may already have been revealed). Commits.
    """
    current = open_attempt(session, contest.id, student.id)
    if current is not None and is_overdue(current, now):
        finish(session, current, now)
        current = None
    extra = session.get(ExtraTime, (contest.id, student.id))
    if extra is None:
        extra = ExtraTime(contest_id=contest.id, student_id=student.id, extra_seconds=0)
        session.add(extra)
    extra.extra_seconds = minutes * 60
    if current is not None:
        current.deadline_at = timing.deadline(
            started_at=current.started_at, duration_seconds=contest.duration_seconds,
            extra_seconds=extra.extra_seconds, closes_at=contest.closes_at)
    session.commit()


def _visible_query() -> Any:
    class_id = bindparam("class_id")
    return select(
        Contest,
        exists().where(ContestSchool.contest_id == Contest.id,
                       ContestSchool.school_id == bindparam("school_id")),
        exists().where(ContestClass.contest_id == Contest.id),
        exists().where(ContestClass.contest_id == Contest.id, ContestClass.class_id == class_id),
        select(SchoolClass.grade).where(SchoolClass.id == class_id).scalar_subquery(),
    ).where(Contest.id == bindparam("contest_id"))


_VISIBLE_QUERY = _visible_query()  # built once: every start runs it


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


def show(session: Session, paper: Paper
         ) -> tuple[list[PresentedQuestion], dict[int, list[str]]]:
    """The questions as a player sees them (no answer, no explanation) and what has been
    saved, {question id: [keys]} in the attempt's own keys."""
    versions = version_views(session, [item.version_id for item in paper.items])
    questions, saved = [], {}
    for item in paper.items:
        version = versions[item.version_id]
        texts = version.display_options()
        presented = present_options(seed=paper.seed, position=item.position,
                                    option_count=len(texts), shuffle=paper.shuffle)
        questions.append(PresentedQuestion(
            id=item.position, type=version.type, stem=version.stem,
            dialogue=list(version.dialogue), points=item.points,
            options=[{"key": option.key, "text": texts[option.index]} for option in presented],
        ))
        chosen = paper.answers.get(item.position)
        if chosen is not None:
            key_of = {option.index: option.key for option in presented}
            saved[item.position] = [key_of[index] for index in chosen]
    return questions, saved


def present(session: Session, attempt: Attempt, contest: Contest) -> list[PresentedQuestion]:
    """The questions as a player sees them: no answer, no explanation."""
    return show(session, paper_of(session, attempt, contest.shuffle_options))[0]


def saved_answers(session: Session, attempt: Attempt, contest: Contest) -> dict[int, list[str]]:
    """{question id: [keys]} of what has been saved, in the attempt's own keys."""
    return show(session, paper_of(session, attempt, contest.shuffle_options))[1]


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
        raise Invalid(_("答案中有不属于这道题的选项。"), fields={"answer": [_("未知或重复的选项")]})
    problem = QUESTION_TYPES[version.type].check_given(len(texts), chosen)
    if problem:
        raise Invalid(problem, fields={"answer": [problem]})
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
