"""The figures of item analysis, as Moodle's quiz statistics report defines them, from the
per-pattern sums the database returns.

- facility index: the share of attempts that got the item right (blank counts as wrong);
- discrimination index: Pearson's correlation between the item (1 right, 0 not) and the rest
  of the paper (the attempt's score without this item, as a share of the rest's maximum);
- option spread: how often each option was chosen, and how often the item was left blank.

Flags are raised only once an item has MIN_ATTEMPTS attempts: below that, one lucky class
moves every figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

MIN_ATTEMPTS = 30
TOO_EASY_ABOVE = 0.9
TOO_HARD_BELOW = 0.2
DISCRIMINATES_BELOW = 0.2


class Flag(StrEnum):
    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    NOT_DISCRIMINATING = "not_discriminating"


@dataclass(frozen=True)
class PatternGroup:
    """One row of the query: the attempts that gave one version one answer pattern.

    `chosen` is the sorted option indices (None: left blank); `right` whether that pattern is
    correct; `rest_count`, `rest_sum` and `rest_squares` sum the rest-of-paper share over the
    attempts where the rest has a maximum above zero.
    """

    chosen: tuple[int, ...] | None
    right: bool
    attempts: int
    rest_count: int
    rest_sum: float
    rest_squares: float


@dataclass(frozen=True)
class ItemFigures:
    attempts: int
    right: int
    blanks: int
    option_counts: tuple[int, ...]  # per option index, as written in the bank
    facility: float | None
    discrimination: float | None
    flags: tuple[Flag, ...]


def correlation(n: int, sum_x: float, sum_y: float, sum_xy: float, sum_yy: float,
                sum_xx: float | None = None) -> float | None:
    """Pearson's r from sums; None when either variable is constant (r is undefined).

    For a 0/1 item, x² = x, so `sum_xx` defaults to `sum_x`.
    """
    sum_xx = sum_x if sum_xx is None else sum_xx
    var_x = n * sum_xx - sum_x * sum_x
    var_y = n * sum_yy - sum_y * sum_y
    if n < 2 or var_x <= 1e-12 or var_y <= 1e-12:
        return None
    r = (n * sum_xy - sum_x * sum_y) / math.sqrt(var_x * var_y)
    return max(-1.0, min(1.0, r))


def flags_for(attempts: int, facility: float | None, discrimination: float | None
              ) -> tuple[Flag, ...]:
    """The warnings an item earns; none below MIN_ATTEMPTS attempts."""
    if attempts < MIN_ATTEMPTS or facility is None:
        return ()
    found = []
    if facility > TOO_EASY_ABOVE:
        found.append(Flag.TOO_EASY)
    if facility < TOO_HARD_BELOW:
        found.append(Flag.TOO_HARD)
    if discrimination is None or discrimination < DISCRIMINATES_BELOW:
        found.append(Flag.NOT_DISCRIMINATING)
    return tuple(found)


def item_figures(groups: Iterable[PatternGroup], option_count: int) -> ItemFigures:
    """Combine one version's pattern groups into its figures."""
    groups = list(groups)
    attempts = sum(g.attempts for g in groups)
    right = sum(g.attempts for g in groups if g.right)
    blanks = sum(g.attempts for g in groups if not g.chosen)
    counts = [0] * option_count
    for group in groups:
        for index in group.chosen or ():
            if 0 <= index < option_count:
                counts[index] += group.attempts
    # The correlation uses only attempts whose rest of the paper has a maximum.
    n = sum(g.rest_count for g in groups)
    sum_x = sum(g.rest_count for g in groups if g.right)
    sum_y = sum(g.rest_sum for g in groups)
    sum_xy = sum(g.rest_sum for g in groups if g.right)
    sum_yy = sum(g.rest_squares for g in groups)
    facility = right / attempts if attempts else None
    discrimination = correlation(n, sum_x, sum_y, sum_xy, sum_yy)
    return ItemFigures(attempts=attempts, right=right, blanks=blanks,
                       option_counts=tuple(counts), facility=facility,
                       discrimination=discrimination,
                       flags=flags_for(attempts, facility, discrimination))
