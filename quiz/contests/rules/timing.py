"""Contest windows, contest state and attempt deadlines; the server's clock is the only one
that counts.

Every datetime must be timezone-aware (the database gives UTC), so that a naive local time
can never shift a deadline by eight hours; a naive one raises ValueError.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Protocol

# Answers up to this many seconds after the deadline are still accepted: a phone on a weak
# signal may send an answer chosen in the last second a few seconds late.
GRACE_SECONDS = 5
MIN_DURATION_SECONDS = 60  # one minute: shorter is a mistake, not a contest
MAX_DURATION_SECONDS = 3 * 60 * 60  # three hours: longer than any school period

_SECOND = timedelta(seconds=1)
_MICROSECOND = timedelta(microseconds=1)


def deadline(
    *, started_at: datetime, duration_seconds: int, extra_seconds: int, closes_at: datetime
) -> datetime:
    """When an attempt ends: its duration plus any extra time granted, but never after the
    contest closes, so a late start gets less time rather than a later finish."""
    _require_aware(started_at=started_at, closes_at=closes_at)
    if duration_seconds < 0 or extra_seconds < 0:
        raise ValueError("duration_seconds and extra_seconds must not be negative")
    own_end = started_at + timedelta(seconds=duration_seconds + extra_seconds)
    return min(own_end, closes_at)


def accepts_answer(
    *, now: datetime, deadline: datetime, grace_seconds: int = GRACE_SECONDS
) -> bool:
    """Whether an answer arriving at `now` still counts: up to and including the grace."""
    _require_aware(now=now, deadline=deadline)
    if grace_seconds < 0:
        raise ValueError("grace_seconds must not be negative")
    return now <= deadline + timedelta(seconds=grace_seconds)


def is_overdue(*, now: datetime, deadline: datetime, grace_seconds: int = GRACE_SECONDS) -> bool:
    """Whether an unfinished attempt may be finished automatically: only once the grace is
    over, so an answer still in flight is not refused by an early automatic finish."""
    return not accepts_answer(now=now, deadline=deadline, grace_seconds=grace_seconds)


def remaining_seconds(*, now: datetime, deadline: datetime) -> int:
    """Whole seconds left, rounded up so a client shows 1 until time is really up; never
    negative."""
    _require_aware(now=now, deadline=deadline)
    left = (deadline - now) // _MICROSECOND
    return max(0, -(-left // 1_000_000))


def time_used_seconds(*, started_at: datetime, finished_at: datetime, deadline: datetime) -> int:
    """Whole seconds (rounded down) from start to finish, counted only up to the deadline so an
    automatic or in-grace finish never ranks below a finish on time; never negative."""
    _require_aware(started_at=started_at, finished_at=finished_at, deadline=deadline)
    used = (min(finished_at, deadline) - started_at) // _SECOND
    return max(0, used)


def is_open(*, now: datetime, opens_at: datetime, closes_at: datetime) -> bool:
    """Whether the window is open: from `opens_at` inclusive to `closes_at` exclusive."""
    return contest_state(now=now, opens_at=opens_at, closes_at=closes_at) is ContestState.OPEN


class ContestState(enum.StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


def contest_state(*, now: datetime, opens_at: datetime, closes_at: datetime,
                  cancelled_at: datetime | None = None) -> ContestState:
    """Where a contest stands at `now`: cancelled whenever it was cancelled (a cancelled contest
    never opens again); otherwise scheduled before `opens_at`, open from `opens_at` inclusive to
    `closes_at` exclusive (attempts may start), closed from `closes_at`."""
    _require_aware(now=now, opens_at=opens_at, closes_at=closes_at)
    if cancelled_at is not None:
        return ContestState.CANCELLED
    if now < opens_at:
        return ContestState.SCHEDULED
    return ContestState.OPEN if now < closes_at else ContestState.CLOSED


class Window(Protocol):
    opens_at: datetime
    closes_at: datetime
    cancelled_at: datetime | None


def state_of(contest: Window, now: datetime) -> ContestState:
    """`contest_state` of anything with a contest's three times (a Contest row)."""
    return contest_state(now=now, opens_at=contest.opens_at, closes_at=contest.closes_at,
                         cancelled_at=contest.cancelled_at)


def check_window(*, opens_at: datetime, closes_at: datetime, duration_seconds: int) -> list[str]:
    """Problems with a contest's window and duration, as keys for the caller to translate.

    `closes_before_opens`: closes_at is not after opens_at. `duration_not_integer`,
    `duration_too_short` (< MIN_DURATION_SECONDS), `duration_too_long`
    (> MAX_DURATION_SECONDS). A duration longer than the window is allowed: each deadline is
    capped at closes_at, which is what a teacher opening a contest late in a lesson expects.
    """
    _require_aware(opens_at=opens_at, closes_at=closes_at)
    problems: list[str] = []
    if closes_at <= opens_at:
        problems.append("closes_before_opens")
    if not isinstance(duration_seconds, int) or isinstance(duration_seconds, bool):
        problems.append("duration_not_integer")
    elif duration_seconds < MIN_DURATION_SECONDS:
        problems.append("duration_too_short")
    elif duration_seconds > MAX_DURATION_SECONDS:
        problems.append("duration_too_long")
    return problems


def _require_aware(**values: datetime) -> None:
    """Refuse naive datetimes, which would be compared in an unknown zone."""
    for name, value in values.items():
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")
