"""Which practice question comes next and the day's 每日一练 (the mistake book's rule is in
quiz.gamification.mistakes).

Plain functions over ids and dates: the service loads what the student has seen and passes it
in, so every rule is tested without a database. Draws are reproducible from a seed.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

MISTAKE_GAP = 2             # a wrong question comes back after at least this many others
DAILY_SIZE = 5
UNKNOWN_ACCURACY = 0.5       # a scam type never answered counts as half known
MIN_WEIGHT = 0.1             # even a strong type keeps a small chance in the daily set


def _rng(seed: str) -> random.Random:
    # Reproducible by design (a reload shows the same draw); nothing secret depends on it.
    return random.Random(hashlib.sha256(seed.encode()).hexdigest())  # noqa: S311


def next_practice_question(
    candidates: Sequence[int],
    last_seen: Mapping[int, datetime],
    open_mistakes: Sequence[int],
    recent: Sequence[int],
    seed: str,
) -> int | None:
    """The next question id to practise, or None when there is nothing to draw from.

    1. A question in the mistake book (open, among the candidates) comes back once at least
       MISTAKE_GAP other questions were shown since it was last shown; the one seen longest
       ago first.
    2. Otherwise a question never seen (in practice or a contest), at random.
    3. Otherwise the question seen longest ago, never the one just shown when there is another.

    `recent` lists the latest shown question ids, newest last.
    """
    pool = list(dict.fromkeys(candidates))
    if not pool:
        return None
    in_pool = set(pool)
    blocked = set(recent[-MISTAKE_GAP:]) if MISTAKE_GAP else set()
    due = [q for q in dict.fromkeys(open_mistakes) if q in in_pool and q not in blocked]
    if due:
        return min(due, key=lambda q: (last_seen.get(q, datetime.min), q))
    unseen = sorted(q for q in pool if q not in last_seen)
    if unseen:
        return _rng(seed).choice(unseen)
    just_shown = recent[-1] if recent else None
    choices = [q for q in pool if q != just_shown] or pool
    return min(choices, key=lambda q: (last_seen[q], q))


@dataclass(frozen=True)
class DailyCandidate:
    question_id: int
    scam_type: str


def type_weights(type_codes: Sequence[str], accuracy: Mapping[str, float | None]
                 ) -> dict[str, float]:
    """Weight per scam type for the daily draw: the weaker the student, the heavier.

    weight = max(1 - accuracy, MIN_WEIGHT); a type without answers counts as UNKNOWN_ACCURACY.
    """
    weights = {}
    for code in type_codes:
        known = accuracy.get(code)
        value = UNKNOWN_ACCURACY if known is None else known
        weights[code] = max(1.0 - value, MIN_WEIGHT)
    return weights


def daily_draw(
    candidates: Sequence[DailyCandidate],
    accuracy: Mapping[str, float | None],
    last_seen: Mapping[int, datetime],
    seed: str,
    size: int = DAILY_SIZE,
) -> list[int]:
    """The day's questions: `size` ids, scam types picked by `type_weights`, deterministic.

    The seed is the student and the local date, so a student gets the same set all day. Each
    pick takes an unseen question of the drawn type if there is one, else the one seen longest
    ago; a type with nothing left drops out. Fewer than `size` only when the bank is that small.
    """
    rng = _rng(seed)
    by_type: dict[str, list[int]] = {}
    for candidate in sorted(candidates, key=lambda c: (c.scam_type, c.question_id)):
        by_type.setdefault(candidate.scam_type, []).append(candidate.question_id)
    chosen: list[int] = []
    while len(chosen) < size and by_type:
        weights = type_weights(sorted(by_type), accuracy)
        codes = list(weights)
        code = rng.choices(codes, weights=[weights[c] for c in codes])[0]
        left = by_type[code]
        unseen = [q for q in left if q not in last_seen]
        if unseen:
            pick = rng.choice(unseen)
        else:
            pick = min(left, key=lambda q: (last_seen[q], q))
        chosen.append(pick)
        left.remove(pick)
        if not left:
            del by_type[code]
    return chosen
