"""Drawing a contest paper from the question banks.

A contest's draw rules ask for so many questions of one scam type and a set of difficulties.
The draw is reproducible from a seed (a shared paper is drawn once from the contest's seed, a
per-student paper from the attempt's), never repeats a question when rules overlap, and fails
with every shortfall listed rather than handing out a short paper.

Candidates of the same scam type and difficulty (a "cell") are interchangeable for every rule,
so whether the rules can all be met is a small supply-and-demand problem over cells; it is
solved exactly (Hall's condition / min cut) so that overlapping rules never fail by bad luck.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from quiz.banks.candidates import Candidate, Cell
from quiz.banks.candidates import fits as fits_audience

VALID_DIFFICULTIES: frozenset[int] = frozenset({1, 2, 3})


@dataclass(frozen=True)
class DrawRule:
    """Take `count` questions of `scam_type` whose difficulty is one of `difficulties`.

    Validated on construction so an impossible rule cannot reach the draw; `difficulties` is
    normalised to a sorted tuple without repeats so equal rules compare equal.
    """

    scam_type: str
    count: int
    difficulties: tuple[int, ...] = (1, 2, 3)

    def __post_init__(self) -> None:
        if not isinstance(self.scam_type, str) or not self.scam_type:
            raise ValueError("scam_type must be a non-empty scam type code")
        if not isinstance(self.count, int) or isinstance(self.count, bool) or self.count < 1:
            raise ValueError(f"count must be a whole number of at least 1, got {self.count!r}")
        try:
            wanted = list(self.difficulties)
        except TypeError:
            raise ValueError("difficulties must be a list of 1, 2 and/or 3") from None
        if not wanted:
            raise ValueError("difficulties must not be empty")
        for value in wanted:
            if isinstance(value, bool) or value not in VALID_DIFFICULTIES:
                raise ValueError(f"difficulties may only contain 1, 2 and 3, got {value!r}")
        object.__setattr__(self, "difficulties", tuple(sorted(set(wanted))))

    @property
    def cells(self) -> frozenset[Cell]:
        """The (scam type, difficulty) cells this rule may take questions from."""
        return frozenset((self.scam_type, d) for d in self.difficulties)

    def matches(self, candidate: Candidate) -> bool:
        """Whether the rule may take `candidate`, audience aside."""
        return candidate.cell in self.cells


@dataclass(frozen=True)
class RuleAvailability:
    """How many questions a rule could take.

    `available` counts the rule's candidates ignoring other rules; in a shortfall flagged
    `overlapping`, it is instead what is left once the earlier rules have taken theirs, because
    the rule has enough on its own and only runs short by sharing questions with them.
    """

    rule: DrawRule
    available: int
    overlapping: bool = False


class NotEnoughQuestions(ValueError):
    """The banks cannot fill the rules; `shortfalls` lists every rule that runs short.

    The message is plain English for logs; callers build the translated text for people from
    `shortfalls`, since a pure module has no locale.
    """

    def __init__(self, shortfalls: Sequence[RuleAvailability]) -> None:
        self.shortfalls: list[RuleAvailability] = list(shortfalls)
        parts = []
        for item in self.shortfalls:
            levels = ",".join(str(d) for d in item.rule.difficulties)
            after = " after earlier rules" if item.overlapping else ""
            parts.append(
                f"{item.rule.scam_type} (difficulty {levels}) needs {item.rule.count}, "
                f"{item.available} available{after}"
            )
        super().__init__("not enough questions: " + "; ".join(parts))


def fits(candidate: Candidate, levels: frozenset[str]) -> bool:
    """Whether a question suits every school level in `levels` (quiz.banks.candidates.fits)."""
    return fits_audience(candidate.audience, levels)


def availability(
    rules: Sequence[DrawRule],
    candidates: Iterable[Candidate],
    levels: frozenset[str] = frozenset(),
) -> list[RuleAvailability]:
    """For each rule in order, how many suitable candidates it could take on its own."""
    supply = _supply(_prepare(candidates, levels))
    return [RuleAvailability(rule, _pool_size(rule, supply)) for rule in rules]


def shortfalls(
    rules: Sequence[DrawRule],
    candidates: Iterable[Candidate],
    levels: frozenset[str] = frozenset(),
) -> list[RuleAvailability]:
    """Every rule that cannot be filled: short on its own, or short once earlier rules took theirs.

    Empty when `draw` will succeed with any seed, so a contest form can check its rules before
    anything is drawn.
    """
    return _shortfalls(list(rules), _supply(_prepare(candidates, levels)))


def draw(
    rules: Sequence[DrawRule],
    candidates: Iterable[Candidate],
    *,
    seed: str,
    levels: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Draw a paper: the questions of each rule in rule order, none twice.

    The same seed and the same set of candidates give the same paper whatever order the
    database returned them in. Rules are filled in the order given; each question is picked at
    random among what is left for its rule, except that a pick which would leave a later rule
    short is avoided, so overlapping rules succeed whenever the banks can fill them at all.
    Raises NotEnoughQuestions listing every short rule otherwise.
    """
    rules = list(rules)
    if not rules:
        raise ValueError("a paper needs at least one draw rule")
    _check_seed(seed)
    buckets: dict[Cell, list[Candidate]] = {}
    for candidate in _prepare(candidates, levels):
        buckets.setdefault(candidate.cell, []).append(candidate)
    short = _shortfalls(rules, _supply_of(buckets))
    if short:
        raise NotEnoughQuestions(short)

    rng = random.Random(f"draw:{seed}")  # noqa: S311 (reproducible by design; the seed is secret)
    paper: list[Candidate] = []
    for number, rule in enumerate(rules):
        for taken in range(rule.count):
            still_needed = [(rule, rule.count - taken - 1)]
            still_needed += [(later, later.count) for later in rules[number + 1:]]
            bucket = buckets[_pick_cell(rule, buckets, still_needed, rng)]
            paper.append(bucket.pop(rng.randrange(len(bucket))))
    return paper


def paper_order(count: int, *, seed: str) -> list[int]:
    """One student's own order of a shared paper: a permutation of range(count).

    Seeded from the attempt so a reload shows the same order, while neighbours in a classroom
    see the same questions in different orders.
    """
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ValueError(f"count must be a whole number of at least 1, got {count!r}")
    _check_seed(seed)
    order = list(range(count))
    random.Random(f"order:{seed}").shuffle(order)  # noqa: S311 (reproducible from the seed)
    return order


def _check_seed(seed: str) -> None:
    """Refuse a missing seed: a default would silently give every student the same draw."""
    if not isinstance(seed, str) or not seed:
        raise ValueError("seed must be a non-empty string")


def _prepare(candidates: Iterable[Candidate], levels: frozenset[str]) -> list[Candidate]:
    """Suitable candidates sorted by question id, so the database's order never matters.

    A question offered twice as the same candidate is kept once; offered as two different
    versions it is a caller's mistake (only the current version may be drawn) and is refused.
    """
    by_question: dict[int, Candidate] = {}
    for candidate in candidates:
        kept = by_question.setdefault(candidate.question_id, candidate)
        if kept != candidate:
            raise ValueError(
                f"question {candidate.question_id} is offered as two different candidates"
            )
    return [
        by_question[question_id]
        for question_id in sorted(by_question)
        if fits(by_question[question_id], levels)
    ]


def _supply(candidates: Iterable[Candidate]) -> dict[Cell, int]:
    """How many candidates each cell holds."""
    supply: dict[Cell, int] = {}
    for candidate in candidates:
        supply[candidate.cell] = supply.get(candidate.cell, 0) + 1
    return supply


def _supply_of(buckets: Mapping[Cell, list[Candidate]]) -> dict[Cell, int]:
    """How many candidates are left in each cell."""
    return {cell: len(bucket) for cell, bucket in buckets.items()}


def _pool_size(rule: DrawRule, supply: Mapping[Cell, int]) -> int:
    """How many candidates the rule could take if it were alone."""
    return sum(supply.get(cell, 0) for cell in rule.cells)


def _max_fill(demands: Sequence[tuple[DrawRule, int]], supply: Mapping[Cell, int]) -> int:
    """The most questions the demands can get together, each question used once.

    Rules of different scam types never compete, and within one scam type there are at most
    three cells, so the min cut is found by trying every set T of cells: pay the supply of T
    plus the demand of every rule that also needs a cell outside T.
    """
    groups: dict[str, list[tuple[frozenset[Cell], int]]] = {}
    for rule, amount in demands:
        groups.setdefault(rule.scam_type, []).append((rule.cells, amount))
    total = 0
    for group in groups.values():
        universe = sorted(frozenset().union(*(cells for cells, _ in group)))
        total += min(
            sum(supply.get(cell, 0) for cell in cut)
            + sum(amount for cells, amount in group if not cells <= set(cut))
            for size in range(len(universe) + 1)
            for cut in combinations(universe, size)
        )
    return total


def _shortfalls(rules: Sequence[DrawRule], supply: Mapping[Cell, int]) -> list[RuleAvailability]:
    """Every rule that runs short, alone or after the rules before it took what they need.

    Filling rules in order is a greedy choice that never takes back what an earlier rule got,
    so what is left for a rule is the joint maximum with it minus the maximum without it.
    """
    short: list[RuleAvailability] = []
    # Rules of different scam types never compete, so each type keeps its own tally.
    earlier: dict[str, list[tuple[DrawRule, int]]] = {}
    filled: dict[str, int] = {}
    for rule in rules:
        same_type = earlier.setdefault(rule.scam_type, [])
        alone = _pool_size(rule, supply)
        if alone < rule.count:
            short.append(RuleAvailability(rule, alone))
        else:
            left = _max_fill([*same_type, (rule, alone)], supply) - filled.get(rule.scam_type, 0)
            if left < rule.count:
                short.append(RuleAvailability(rule, left, overlapping=True))
        same_type.append((rule, rule.count))
        filled[rule.scam_type] = _max_fill(same_type, supply)
    return short


def _pick_cell(
    rule: DrawRule,
    buckets: Mapping[Cell, list[Candidate]],
    still_needed: Sequence[tuple[DrawRule, int]],
    rng: random.Random,
) -> Cell:
    """The cell of the rule's next question: chosen in proportion to what is left in each, so
    every remaining candidate is equally likely, among the cells that leave `still_needed`
    fillable."""
    options = sorted(cell for cell in rule.cells if buckets.get(cell))
    if len(options) == 1:
        return options[0]  # the shortfall check guarantees a choice that keeps the draw fillable
    # Only rules of the same scam type compete for these cells.
    still_needed = [(other, n) for other, n in still_needed if other.scam_type == rule.scam_type]
    needed = sum(amount for _, amount in still_needed)
    while options:
        sizes = [len(buckets[cell]) for cell in options]
        ticket = rng.randrange(sum(sizes))
        index = 0
        while ticket >= sizes[index]:
            ticket -= sizes[index]
            index += 1
        cell = options[index]
        after = _supply_of(buckets)
        after[cell] -= 1
        if _max_fill(still_needed, after) == needed:
            return cell
        options.remove(cell)
    # Unreachable: the shortfall check proved a full fill exists before drawing began.
    raise RuntimeError(f"no question left for rule {rule}")
