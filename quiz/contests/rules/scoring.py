"""Marking an attempt: points per difficulty, all or nothing per question.

A multiple-choice answer scores only when exactly right and nothing is ever taken away, so
guessing is never punished and a partly right answer is still a wrong one, as in the
competition's paper version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from quiz.banks.question_types import QUESTION_TYPES

DEFAULT_POINTS: Mapping[int, int] = MappingProxyType({1: 5, 2: 10, 3: 15})
# A question is worth 1 to 100 points: every question counts, and no contest can weigh so much
# more than another that its raw points swamp a comparison (seasons compare percentages anyway).
MIN_POINTS, MAX_POINTS = 1, 100

_DIFFICULTY_KEYS: Mapping[object, int] = MappingProxyType(
    {1: 1, 2: 2, 3: 3, "1": 1, "2": 2, "3": 3}
)


@dataclass(frozen=True)
class ScoredItem:
    """One question of a finished attempt: its type, difficulty, answer and the student's."""

    qtype: str
    difficulty: int
    answer: tuple[int, ...]
    given: tuple[int, ...] | None  # None: unanswered


@dataclass(frozen=True)
class Score:
    """The marks of an attempt, with whether each question (in paper order) was right."""

    score: int
    max_score: int
    correct: int
    total: int
    per_item: tuple[bool, ...]


def validate_points(points: Mapping[int, int] | Mapping[str, int]) -> dict[int, int]:
    """Points per difficulty as {1: n, 2: n, 3: n}; keys may be digit strings as JSON gives them.

    Exactly the three difficulties, each worth a whole number from MIN_POINTS to MAX_POINTS, so
    every question of a paper has a price and no score can overflow or go negative.
    """
    if not isinstance(points, Mapping):
        raise ValueError("points must map difficulties 1, 2 and 3 to whole numbers")
    result: dict[int, int] = {}
    for key, value in points.items():
        difficulty = _DIFFICULTY_KEYS.get(key) if isinstance(key, int | str) else None
        if difficulty is None or isinstance(key, bool):
            raise ValueError(f"points has an unknown difficulty {key!r}; use 1, 2 and 3")
        if difficulty in result:
            raise ValueError(f"points gives difficulty {difficulty} twice")
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"points for difficulty {difficulty} must be a whole number")
        if not MIN_POINTS <= value <= MAX_POINTS:
            raise ValueError(f"points for difficulty {difficulty} must be between "
                             f"{MIN_POINTS} and {MAX_POINTS}")
        result[difficulty] = value
    missing = sorted(set(_DIFFICULTY_KEYS.values()) - result.keys())
    if missing:
        raise ValueError(f"points is missing difficulty {', '.join(map(str, missing))}")
    return dict(sorted(result.items()))


def points_for(difficulty: int, points: Mapping[int, int] | Mapping[str, int]) -> int:
    """What a question of `difficulty` is worth; accepts {"1": 5} as stored JSON gives it."""
    for key in (difficulty, str(difficulty)):
        if key in points:
            return points[key]
    raise ValueError(f"no points are set for difficulty {difficulty!r}")


def score_items(
    items: Sequence[ScoredItem],
    points: Mapping[int, int] | Mapping[str, int] = DEFAULT_POINTS,
) -> Score:
    """Mark every question: full points when exactly right, none when wrong or unanswered."""
    table = validate_points(points)
    score = max_score = correct = 0
    per_item: list[bool] = []
    for item in items:
        try:
            question_type = QUESTION_TYPES[item.qtype]
        except KeyError:
            raise ValueError(f"unknown question type {item.qtype!r}") from None
        worth = points_for(item.difficulty, table)
        right = bool(item.given) and question_type.is_correct(item.answer, item.given)
        max_score += worth
        if right:
            score += worth
            correct += 1
        per_item.append(right)
    return Score(score, max_score, correct, len(per_item), tuple(per_item))
