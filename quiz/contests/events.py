"""What else changes when an attempt is finished, in the same transaction as its score.

Boards, XP and badges follow a finish at once because they are written in the transaction that
finishes the attempt: nothing is recomputed later and no cache has to be emptied. Every finish
(by the student, by the deadline, by `contests close-overdue`) goes through `attempt_finished`.

The features that follow a finish subscribe here (the app factory wires them, in a fixed
order), so contests does not import them: rankings, gamification and reports read contests,
never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from quiz.models import Attempt

FinishHandler = Callable[[Session, Attempt, datetime], None]

_handlers: list[FinishHandler] = []


def subscribe(handler: FinishHandler) -> None:
    """Run `handler` on every finish, after those subscribed before it (once, however often
    the app factory runs)."""
    if handler not in _handlers:
        _handlers.append(handler)


def handlers() -> tuple[FinishHandler, ...]:
    return tuple(_handlers)


def attempt_finished(session: Session, attempt: Attempt, now: datetime) -> None:
    """Called by `quiz.contests.attempts.finish` after the score is written, before the commit.

    `attempt` carries its score, max_score, correct, time_used_seconds and finished_at.
    """
    for handler in _handlers:
        handler(session, attempt, now)
