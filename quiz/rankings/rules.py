"""Ranking rules for leaderboards: students, groups (class, school, district) and seasons.

Pure functions over dataclasses: no Flask, no database. The orders are written down once, in
the docstrings of `rank_students` and `rank_groups`; every board (per contest or per season, for
a class, a school, a district or the city) ranks through these two functions.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

# Group means and rates are compared after rounding to this many decimals, so that the same
# value reached by two different float computations (1/3 and 1 - 2/3) ties instead of ranking
# one group above the other by a difference of 1e-17. Scores are whole points, so six decimals
# are far finer than any real difference between two groups.
GROUP_DECIMALS = 6

_Item = TypeVar("_Item")
_Ranked = TypeVar("_Ranked")


@dataclass(frozen=True)
class StudentResult:
    """One student's best finished attempt in a contest (or season)."""

    student_id: int
    score: int
    time_used_seconds: int
    finished_at: datetime  # timezone-aware


@dataclass(frozen=True)
class RankedStudent:
    rank: int
    result: StudentResult


@dataclass(frozen=True)
class GroupMember:
    """An enrolled student of a class, school or district."""

    student_id: int
    best_score: int | None  # None: never started (counts as 0, so taking part matters)


@dataclass(frozen=True)
class GroupStanding:
    key: Hashable  # class id, school id or district id
    enrolled: int
    participants: int
    mean_score: float  # over enrolled students, non-participants counting 0
    participation_rate: float  # participants / enrolled


@dataclass(frozen=True)
class RankedGroup:
    rank: int
    standing: GroupStanding


def rank_students(results: Iterable[StudentResult]) -> list[RankedStudent]:
    """Rank students, best first.

    Order: score descending, then time used ascending, then finish time ascending: the same
    order as `quiz.contests.results.best_attempt`, so the attempt that counts for a student is
    the one that would rank highest. Students equal on all three share a rank and the next rank
    skips (competition ranking: 1, 2, 2, 4); tied rows are listed by student id ascending so the
    output never depends on the input order.

    Raises ValueError for a naive `finished_at` (finish times from different sources must
    compare in one time line) or for a student listed twice (the caller picks the best attempt
    first; two rows for one student would take two places on the board).
    """
    results = list(results)
    seen: set[int] = set()
    for result in results:
        if result.finished_at.tzinfo is None or result.finished_at.utcoffset() is None:
            raise ValueError(f"student {result.student_id}: finished_at must be timezone-aware")
        if result.student_id in seen:
            raise ValueError(f"student {result.student_id} is listed more than once")
        seen.add(result.student_id)
    ordered = sorted(
        results, key=lambda r: (-r.score, r.time_used_seconds, r.finished_at, r.student_id)
    )
    return _competition_ranks(
        ordered,
        key=lambda r: (r.score, r.time_used_seconds, r.finished_at),
        make=RankedStudent,
    )


def group_standing(key: Hashable, members: Iterable[GroupMember]) -> GroupStanding:
    """A class's, school's or district's figures from its enrolled students.

    The mean is over everyone enrolled, a student who never started counting 0, so a class
    where everyone takes part beats one where a single student scores high. A district passes
    all students of its schools as members. An empty group has mean and rate 0.0.
    Raises ValueError for a student listed twice (they would count double).
    """
    scores: dict[int, int | None] = {}
    for member in members:
        if member.student_id in scores:
            raise ValueError(f"student {member.student_id} is listed more than once")
        scores[member.student_id] = member.best_score
    enrolled = len(scores)
    if enrolled == 0:
        return GroupStanding(key, 0, 0, 0.0, 0.0)
    participants = sum(1 for score in scores.values() if score is not None)
    total = sum(score or 0 for score in scores.values())
    return GroupStanding(key, enrolled, participants, total / enrolled, participants / enrolled)


def rank_groups(standings: Iterable[GroupStanding]) -> list[RankedGroup]:
    """Rank classes, schools or districts, best first.

    Order: mean score descending, then participation rate descending, both compared after
    rounding to GROUP_DECIMALS decimals (an exact comparison of the rounded values, no
    tolerance), so float noise never splits a tie. Groups equal on both share a rank and the
    next rank skips (1, 2, 2, 4); tied rows are listed by str(key) so the output is
    deterministic.

    Groups with no enrolled students come after every other group, whatever their figures, and
    share the rank after the last real group: an empty class has mean 0 and rate 0 and would
    otherwise tie with (or, by key, even list above) a real class whose students all scored 0.
    """
    standings = list(standings)
    real = sorted(
        (s for s in standings if s.enrolled > 0),
        key=lambda s: (
            -round(s.mean_score, GROUP_DECIMALS),
            -round(s.participation_rate, GROUP_DECIMALS),
            str(s.key),
        ),
    )
    empty = sorted((s for s in standings if s.enrolled <= 0), key=lambda s: str(s.key))
    ranked = _competition_ranks(
        real,
        key=lambda s: (
            round(s.mean_score, GROUP_DECIMALS),
            round(s.participation_rate, GROUP_DECIMALS),
        ),
        make=RankedGroup,
    )
    last = len(real) + 1
    return ranked + [RankedGroup(last, s) for s in empty]


SEASON_POINTS_PER_CONTEST = 100


def season_points(score: int, max_score: int) -> int:
    """What a contest result adds to a season: its share of the paper's maximum as a whole
    number from 0 to 100, rounded half up.

    Seasons add percentages, not raw points, so a contest of 1,000 points a question (or of 70
    questions) weighs no more than a 10-question quiz. Integer arithmetic, so the SQL rebuild
    (quiz.rankings.standings.season_points_sql) gives the very same numbers.
    """
    if max_score <= 0:
        return 0
    score = min(max(score, 0), max_score)
    return (score * 2 * SEASON_POINTS_PER_CONTEST + max_score) // (2 * max_score)


def season_total(student_id: int, bests: Iterable[StudentResult]) -> StudentResult | None:
    """A student's season result from their best result in each of the season's counted
    contests, each result's score given in season points (`season_points`).

    The season score is the sum of those points, so taking part in more contests counts;
    time used is summed too, and the finish time is that of the latest of them (the moment the
    total was reached). Season boards rank these with `rank_students`, the same order and
    tie-breaks as a contest board. None when the student finished none of the contests.
    Raises ValueError for a result of another student.
    """
    bests = list(bests)
    if not bests:
        return None
    if any(best.student_id != student_id for best in bests):
        raise ValueError("every result must be the student's own")
    return StudentResult(
        student_id=student_id,
        score=sum(best.score for best in bests),
        time_used_seconds=sum(best.time_used_seconds for best in bests),
        finished_at=max(best.finished_at for best in bests),
    )


def neighbours(
    ranked: Sequence[RankedStudent], student_id: int, around: int = 2
) -> list[RankedStudent]:
    """The student's row with up to `around` rows above and below it ("your place in the
    city"), fewer at the top or bottom of the board; [] when the student is not ranked."""
    if around < 0:
        raise ValueError("around must not be negative")
    for index, row in enumerate(ranked):
        if row.result.student_id == student_id:
            return list(ranked[max(0, index - around) : index + around + 1])
    return []


def _competition_ranks(
    ordered: Sequence[_Item],
    *,
    key: Callable[[_Item], object],
    make: Callable[[int, _Item], _Ranked],
) -> list[_Ranked]:
    """Competition ranks for rows already in order: a row equal to the previous one by `key`
    shares its rank, otherwise its rank is its 1-based position (1, 2, 2, 4)."""
    ranked: list[_Ranked] = []
    previous: object = None
    rank = 0
    for position, item in enumerate(ordered, start=1):
        current = key(item)
        if position == 1 or current != previous:
            rank = position
        previous = current
        ranked.append(make(rank, item))
    return ranked


@dataclass(frozen=True)
class Season:
    """A named run of dates (e.g. a school term) whose contests make one season board."""

    name: str
    starts_on: date
    ends_on: date  # inclusive

    def check(self) -> list[str]:
        """Problems that make the season unusable, as codes: "empty_name" for a blank name,
        "ends_before_starts" when the last day is before the first (one day is fine)."""
        problems = []
        if not self.name.strip():
            problems.append("empty_name")
        if self.ends_on < self.starts_on:
            problems.append("ends_before_starts")
        return problems

    def contains(self, moment: datetime, zone: ZoneInfo) -> bool:
        """Whether `moment` falls on one of the season's days, both ends included, as the date
        is in `zone` (the city's, e.g. Asia/Shanghai): a finish at 00:30 Shanghai time on the
        first day counts, although in UTC it is still the day before.
        Raises ValueError for a naive `moment`, which has no date until it has a zone."""
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("moment must be timezone-aware")
        return self.starts_on <= moment.astimezone(zone).date() <= self.ends_on
