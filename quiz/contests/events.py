"""What else changes when an attempt is finished, in the same transaction as its score.

Boards, XP and badges follow a finish at once because they are written in the transaction that
finishes the attempt: nothing is recomputed later and no cache has to be emptied. Every finish
(by the student, by the deadline, by `contests close-overdue`) goes through `attempt_finished`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from quiz.gamification.service import contest_finished
from quiz.models import Attempt
from quiz.rankings.standings import record_finish
from quiz.reports.tallies import record_attempt


def attempt_finished(session: Session, attempt: Attempt, now: datetime) -> None:
    """Called by `quiz.contests.attempts.finish` after the score is written, before the commit.

    `attempt` carries its score, max_score, correct, time_used_seconds and finished_at.
    """
    record_finish(session, attempt)  # every contest and season board (quiz.rankings.standings)
    contest_finished(session, attempt, now)  # XP, mistake book, badges (quiz.gamification)
    record_attempt(session, attempt.id)  # accuracy per scam type for reports (quiz.reports)
