"""XP payments, badges, streaks and mastery read from and written to the database.

Writes are idempotent by construction: an XP payment is an INSERT … ON CONFLICT DO NOTHING on
(student, reason, source), a badge on (student, badge), so a finish or an answer handled twice,
or by two threads at once, pays once. Nothing here commits: callers own the transaction (the
contest finish, the practice answer), so XP and the thing that earned it land together.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from quiz.banks.candidates import scam_types_for_student
from quiz.clock import city_today
from quiz.gamification import rules
from quiz.gamification.mistakes import MistakeState, after_answer
from quiz.models import (
    Answer,
    Attempt,
    AttemptItem,
    Contest,
    Question,
    QuestionVersion,
    RevealPolicy,
    Student,
)
from quiz.models.gamification import (
    DailySet,
    MistakeBookEntry,
    PracticeAnswer,
    StudentBadge,
    XpEntry,
)


def insert_ignoring_duplicates(session: Session, model: Any, values: dict[str, Any]) -> bool:
    """INSERT that does nothing on a unique clash; True when the row was written."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # RETURNING tells whether the row landed: psycopg reports no rowcount for this statement.
    table = model.__table__
    first_key = next(iter(table.primary_key.columns))
    statement = insert(table).values(**values).on_conflict_do_nothing().returning(first_key)
    return session.execute(statement).first() is not None


# --- XP ---------------------------------------------------------------------------------------


def grant_xp(session: Session, student_id: int, amount: int, reason: str, source_ref: str,
             now: datetime) -> int:
    """Pay `amount` once per (student, reason, source_ref); returns what was paid now."""
    if amount <= 0:
        return 0
    written = insert_ignoring_duplicates(session, XpEntry, {
        "student_id": student_id, "amount": amount, "reason": reason, "source_ref": source_ref,
        "local_date": city_today(now), "created_at": now})
    return amount if written else 0


def total_xp(session: Session, student_id: int) -> int:
    return session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(XpEntry.student_id == student_id)
    ) or 0


def _lock_student(session: Session, student_id: int) -> None:
    """Serialise one student's capped payments (PostgreSQL row lock; SQLite writes are serial)."""
    session.execute(select(Student.id).where(Student.id == student_id).with_for_update())


def grant_practice_xp(session: Session, student_id: int, answer_id: int, correct: bool,
                      now: datetime) -> int:
    """XP for one practice answer within the day's cap."""
    if not correct:
        return 0
    _lock_student(session, student_id)
    paid_today = session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(
            XpEntry.student_id == student_id, XpEntry.reason == "practice",
            XpEntry.local_date == city_today(now))) or 0
    amount = rules.practice_xp(True, paid_today)
    return grant_xp(session, student_id, amount, "practice", f"answer:{answer_id}", now)


def on_attempt_finished(session: Session, attempt: Attempt, now: datetime) -> None:
    """The finish hook (quiz.contests.events), inside the finishing transaction."""
    contest_finished(session, attempt, now)


def contest_finished(session: Session, attempt: Attempt, now: datetime) -> None:
    """The finish hook: contest XP for the best attempt, the mistake book, badges.

    Called inside the finishing transaction; a second call for the same attempt pays nothing.
    """
    contest = session.get(Contest, attempt.contest_id)
    best = rules.contest_xp(attempt.score or 0, attempt.max_score or 0)
    prefix = f"contest:{attempt.contest_id}:"
    already = session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(
            XpEntry.student_id == attempt.student_id, XpEntry.reason == "contest",
            XpEntry.source_ref.startswith(prefix))) or 0
    grant_xp(session, attempt.student_id, rules.contest_top_up(best, already), "contest",
             f"{prefix}attempt:{attempt.id}", now)
    # The mistake book shows answers, so it learns a contest's mistakes only when the contest
    # itself reveals them at once; after_close contests would leak them before closing.
    if contest is not None and contest.reveal == RevealPolicy.AFTER_FINISH:
        _book_contest_mistakes(session, attempt, now)
    student = session.get(Student, attempt.student_id)
    if student is not None:
        award_badges(session, student, now)


def _book_contest_mistakes(session: Session, attempt: Attempt, now: datetime) -> None:
    """Every question answered wrong or left blank goes into (or back into) the mistake book:
    two reads and one multi-row upsert, whatever the paper's length (the finish stays cheap)."""
    answered = dict(session.execute(
        select(Answer.position, Answer.is_correct).where(Answer.attempt_id == attempt.id)).all())
    wrong: dict[int, int] = {}
    for position, question_id, scam_type_id in session.execute(
            select(AttemptItem.position, Question.id, Question.scam_type_id)
            .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
            .join(Question, Question.id == QuestionVersion.question_id)
            .where(AttemptItem.attempt_id == attempt.id)):
        if answered.get(position) is not True:
            wrong[question_id] = scam_type_id
    if not wrong:
        return
    table = MistakeBookEntry.__table__
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table).values([
        {"student_id": attempt.student_id, "question_id": question_id,
         "scam_type_id": scam_type_id, "wrong_count": 1, "right_in_a_row": 0,
         "first_wrong_at": now, "last_wrong_at": now, "cleared_at": None}
        for question_id, scam_type_id in wrong.items()])
    # The same as rules.after_answer(state, correct=False) for a row already in the book.
    session.execute(insert.on_conflict_do_update(
        index_elements=["student_id", "question_id"],
        set_={"wrong_count": table.c.wrong_count + 1, "right_in_a_row": 0,
              "last_wrong_at": insert.excluded.last_wrong_at, "cleared_at": None}))


# --- mistake book -----------------------------------------------------------------------------


def record_mistake_outcome(session: Session, student_id: int, question_id: int,
                           scam_type_id: int, *, correct: bool, now: datetime
                           ) -> MistakeState | None:
    """Move the question's mistake-book row by one answer (rules.after_answer)."""
    if not correct:
        insert_ignoring_duplicates(session, MistakeBookEntry, {
            "student_id": student_id, "question_id": question_id, "scam_type_id": scam_type_id,
            "wrong_count": 0, "right_in_a_row": 0, "first_wrong_at": now, "last_wrong_at": now})
    entry = session.get(MistakeBookEntry, (student_id, question_id), with_for_update=True,
                        populate_existing=True)
    if entry is None:
        return None
    before = MistakeState(in_book=True, wrong_count=entry.wrong_count,
                          right_in_a_row=entry.right_in_a_row, cleared=entry.cleared_at is not None)
    after = after_answer(before, correct)
    if after is None or after == before:
        return after
    entry.wrong_count = after.wrong_count
    entry.right_in_a_row = after.right_in_a_row
    if not correct:
        entry.last_wrong_at = now
        entry.cleared_at = None
    elif after.cleared:
        entry.cleared_at = now
    return after


def open_mistakes(session: Session, student_id: int) -> list[MistakeBookEntry]:
    return list(session.scalars(
        select(MistakeBookEntry).where(MistakeBookEntry.student_id == student_id,
                                       MistakeBookEntry.cleared_at.is_(None))
        .order_by(MistakeBookEntry.last_wrong_at.desc())))


def open_mistake_count(session: Session, student_id: int) -> int:
    return session.scalar(select(func.count()).select_from(MistakeBookEntry).where(
        MistakeBookEntry.student_id == student_id, MistakeBookEntry.cleared_at.is_(None))) or 0


# --- streaks ----------------------------------------------------------------------------------


def done_days(session: Session, student_id: int) -> list[date]:
    return list(session.scalars(
        select(DailySet.local_date).where(DailySet.student_id == student_id,
                                          DailySet.done_at.is_not(None))))


# --- mastery ----------------------------------------------------------------------------------


def outcomes_by_type(session: Session, student_id: int) -> dict[int, list[bool]]:
    """Right/wrong per scam type id, newest first, from practice and finished contests."""
    practice = session.execute(
        select(PracticeAnswer.scam_type_id, PracticeAnswer.is_correct, PracticeAnswer.answered_at)
        .where(PracticeAnswer.student_id == student_id, PracticeAnswer.answered_at.is_not(None)))
    contest = session.execute(
        select(Question.scam_type_id, Answer.is_correct, Answer.saved_at)
        .join(AttemptItem, (AttemptItem.attempt_id == Answer.attempt_id)
              & (AttemptItem.position == Answer.position))
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(Attempt.student_id == student_id, Attempt.finished_at.is_not(None),
               Answer.is_correct.is_not(None)))
    rows = sorted([*practice, *contest], key=lambda row: row[2], reverse=True)
    by_type: dict[int, list[bool]] = defaultdict(list)
    for scam_type_id, correct, _at in rows:
        by_type[scam_type_id].append(bool(correct))
    return by_type


def mastery_by_type(session: Session, student_id: int) -> dict[int, rules.Mastery]:
    return {type_id: rules.mastery(outcomes)
            for type_id, outcomes in outcomes_by_type(session, student_id).items()}


# --- badges -----------------------------------------------------------------------------------


def _approved_volunteer_activities(session: Session, student_id: int) -> int | None:
    """Approved activities the student took part in; None while that feature does not exist."""
    from quiz.models import volunteers

    activity = getattr(volunteers, "Activity", None)
    participant = getattr(volunteers, "ActivityParticipant", None)
    if activity is None or participant is None:
        return None
    return session.scalar(
        select(func.count()).select_from(participant)
        .join(activity, activity.id == participant.activity_id)
        .where(participant.student_id == student_id, activity.status == "approved")) or 0


def gather_facts(session: Session, student: Student, now: datetime,
                 with_mastery: bool = True) -> rules.Facts:
    """Everything the badge rules read, for one student (a handful of indexed queries).

    Mastery is the dearest fact; `with_mastery=False` leaves it out (counted as none mastered)
    for a student who already holds the only badge that reads it.
    """
    practice_answers = session.scalar(
        select(func.count()).select_from(PracticeAnswer).where(
            PracticeAnswer.student_id == student.id, PracticeAnswer.answered_at.is_not(None))) or 0
    finished = session.execute(
        select(Attempt.score, Attempt.max_score).where(
            Attempt.student_id == student.id, Attempt.finished_at.is_not(None))).all()
    mastery = mastery_by_type(session, student.id) if with_mastery else {}
    mastered = {type_id for type_id, m in mastery.items() if m.mastered}
    # Listing the practicable types is the dearest query; with nothing mastered yet the
    # badge cannot be earned whatever the list holds, so it is skipped.
    type_ids = ([t.id for t in scam_types_for_student(session, student)] if mastered
                else list(mastery))
    cleared = session.scalar(
        select(func.count()).select_from(MistakeBookEntry).where(
            MistakeBookEntry.student_id == student.id,
            MistakeBookEntry.cleared_at.is_not(None))) or 0
    return rules.Facts(
        practice_answers=practice_answers,
        contests_finished=len(finished),
        full_marks_contests=sum(1 for score, top in finished if top and score == top),
        longest_streak=rules.longest_streak(done_days(session, student.id)),
        scam_types=len(type_ids),
        mastered_types=len(mastered & set(type_ids)),
        mistakes_cleared=cleared,
        approved_volunteer_activities=_approved_volunteer_activities(session, student.id),
    )


def badges_of(session: Session, student_id: int) -> dict[str, datetime]:
    return dict(session.execute(
        select(StudentBadge.badge_code, StudentBadge.awarded_at)
        .where(StudentBadge.student_id == student_id)).all())


def award_badges(session: Session, student: Student, now: datetime) -> list[str]:
    """Award every badge the student now qualifies for; returns the codes new this time.

    Safe to call from anywhere (a finish, a practice answer, a volunteer approval) and any
    number of times: an awarded badge is one row keyed by (student, badge). Does not commit.
    """
    have = badges_of(session, student.id)
    new = []
    facts = gather_facts(session, student, now, with_mastery="all_mastered" not in have)
    for code in rules.earned_badges(facts, have):
        if insert_ignoring_duplicates(session, StudentBadge, {
                "student_id": student.id, "badge_code": code, "awarded_at": now}):
            new.append(code)
    return new
