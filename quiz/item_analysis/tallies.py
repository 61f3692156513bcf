"""Item analysis totals, kept as running sums per contest, school, version and answer pattern.

Computing the figures from the answers means joining every attempt item to its attempt and its
answer: two million rows for a city, several seconds per page. So each finish adds its
attempt's items to `item_tally` in the finishing transaction (subscribed in the app factory,
quiz.contests.events), and `rebuild_item_tallies` recomputes the table from the attempts with
the very same grouped query (the migration that made the table, the city generator, and tests
comparing both ways). Schools are in the key so that finishes of different schools never wait
on each other's rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Select, String, and_, case, cast, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from quiz.models import Answer, Attempt, AttemptItem, Student
from quiz.models.item_tallies import ItemTally

COLUMNS = ["contest_id", "school_id", "question_version_id", "pattern", "is_right", "attempts",
           "rest_count", "rest_sum", "rest_squares"]


def pattern_text(chosen) -> object:
    """The stored answer (a sorted JSON list) as the tally's pattern, "0,2"; "" when blank."""
    text = cast(chosen, String)
    return func.coalesce(func.replace(func.replace(func.replace(text, "[", ""), "]", ""),
                                      " ", ""), "")


def _grouped(*conditions) -> Select:
    earned = case((Answer.is_correct.is_(True), AttemptItem.points), else_=0)
    rest_max = Attempt.max_score - AttemptItem.points
    # Both sides as floats: dividing by an integer makes PostgreSQL compute in NUMERIC.
    rest = case((rest_max > 0, cast(Attempt.score - earned, Float) / cast(rest_max, Float)),
                else_=None)
    items = (
        select(Attempt.contest_id, Student.school_id,
               AttemptItem.question_version_id.label("version_id"),
               pattern_text(Answer.chosen).label("pattern"),
               func.coalesce(Answer.is_correct, False).label("is_right"), rest.label("rest"))
        .select_from(AttemptItem)
        .join(Attempt, and_(Attempt.id == AttemptItem.attempt_id,
                            Attempt.finished_at.is_not(None), Attempt.score.is_not(None)))
        .join(Student, Student.id == Attempt.student_id)
        .outerjoin(Answer, and_(Answer.attempt_id == AttemptItem.attempt_id,
                                Answer.position == AttemptItem.position))
        .where(*conditions)
    ).subquery()
    key = (items.c.contest_id, items.c.school_id, items.c.version_id, items.c.pattern)
    # Whether a pattern is right is fixed for a version, so grouping by it too adds no group.
    return (select(*key, items.c.is_right, func.count(), func.count(items.c.rest),
                   func.coalesce(func.sum(items.c.rest), 0.0),
                   func.coalesce(func.sum(items.c.rest * items.c.rest), 0.0))
            .group_by(*key, items.c.is_right).order_by(*key))


def on_attempt_finished(session: Session, attempt: Attempt, now: datetime) -> None:
    """The finish hook: add one just-finished attempt's items to the totals (one statement,
    its rows in key order so two finishes of one school never deadlock)."""
    session.flush()  # the finish marked each answer right or wrong on the ORM objects
    dialect_insert = (sqlite.insert if session.get_bind().dialect.name == "sqlite"
                      else postgresql.insert)
    statement = dialect_insert(ItemTally).from_select(
        COLUMNS, _grouped(Attempt.id == attempt.id))
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["contest_id", "school_id", "question_version_id", "pattern"],
        set_={"attempts": ItemTally.attempts + excluded.attempts,
              "rest_count": ItemTally.rest_count + excluded.rest_count,
              "rest_sum": ItemTally.rest_sum + excluded.rest_sum,
              "rest_squares": ItemTally.rest_squares + excluded.rest_squares})
    session.execute(statement)


def rebuild_item_tallies(session: Session) -> None:
    """Recompute every total from the finished attempts. Does not commit."""
    session.execute(delete(ItemTally))
    session.execute(insert(ItemTally).from_select(COLUMNS, _grouped()))
