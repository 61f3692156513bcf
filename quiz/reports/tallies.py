"""Accuracy per contest, school and scam type, kept as running totals.

The bureau's report and dashboard show how often each scam type's questions were answered
right, per school and district. Counting that from the answers means joining every saved answer
to its attempt item (two million of each in a city): over a second per report. So each finish
adds its attempt's answers to `accuracy_tally` in the finishing transaction (called from
quiz.contests.events), and `rebuild_accuracy_tallies` recomputes the table from the answers
(the migration that made the table, the city generator, and tests comparing both ways).

Counts are of saved answers (a question left blank has none), by the school the student was in
when they finished, and they stay when a student is later deactivated: they describe what was
answered, not who is enrolled now.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from quiz.models import Answer, Attempt, AttemptItem, Question, QuestionVersion, Student
from quiz.models.accuracy import AccuracyTally


def _grouped(*conditions) -> Select:
    """(contest, school, scam type) → answered, correct over the answers matching `conditions`."""
    return (
        select(Attempt.contest_id, Student.school_id, Question.scam_type_id, func.count(),
               func.count().filter(Answer.is_correct.is_(True)))
        .select_from(Answer)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(AttemptItem, and_(AttemptItem.attempt_id == Answer.attempt_id,
                                AttemptItem.position == Answer.position))
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .join(Student, Student.id == Attempt.student_id)
        .where(*conditions)
        .group_by(Attempt.contest_id, Student.school_id, Question.scam_type_id))


COLUMNS = ["contest_id", "school_id", "scam_type_id", "answered", "correct"]


def on_attempt_finished(session: Session, attempt: Attempt, now: datetime) -> None:
    """The finish hook (quiz.contests.events), inside the finishing transaction."""
    record_attempt(session, attempt.id)


def record_attempt(session: Session, attempt_id: int) -> None:
    """Add one just-finished attempt's answers to the totals (one statement)."""
    session.flush()  # the finish marked each answer right or wrong on the ORM objects
    dialect_insert = sqlite.insert if session.get_bind().dialect.name == "sqlite" \
        else postgresql.insert
    statement = dialect_insert(AccuracyTally).from_select(
        COLUMNS, _grouped(Answer.attempt_id == attempt_id))
    statement = statement.on_conflict_do_update(
        index_elements=["contest_id", "school_id", "scam_type_id"],
        set_={"answered": AccuracyTally.answered + statement.excluded.answered,
              "correct": AccuracyTally.correct + statement.excluded.correct})
    session.execute(statement)


def rebuild_accuracy_tallies(session: Session) -> None:
    """Recompute every total from the answers of finished attempts. Does not commit."""
    session.execute(delete(AccuracyTally))
    session.execute(insert(AccuracyTally).from_select(
        COLUMNS, _grouped(Attempt.finished_at.is_not(None))))
