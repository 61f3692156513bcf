"""What the practice pages show besides the practice session itself (quiz.practice.service):
the student's mistake book."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from quiz.contests.open_contests import questions_ahead
from quiz.models import Question, QuestionVersion, ScamType, Student
from quiz.models.gamification import MistakeBookEntry


def mistake_book(session: Session, student: Student, now: datetime
                 ) -> list[Row[tuple[MistakeBookEntry, Question, QuestionVersion, ScamType]]]:
    """A student's open mistakes with the question, its current version and scam type, the
    latest wrong answer first; questions retired, or that a contest may still ask the student,
    are left out (their answers would leak)."""
    rows = session.execute(
        select(MistakeBookEntry, Question, QuestionVersion, ScamType)
        .join(Question, Question.id == MistakeBookEntry.question_id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(ScamType, ScamType.id == MistakeBookEntry.scam_type_id)
        .where(MistakeBookEntry.student_id == student.id,
               MistakeBookEntry.cleared_at.is_(None), Question.retired_at.is_(None))
        .order_by(MistakeBookEntry.last_wrong_at.desc())).all()
    ahead = questions_ahead(session, student, now)
    return [row for row in rows
            if not ahead.holds(row[1].id, (row[3].code, row[2].difficulty))]
