"""Pure leaderboard rules: student and group ranking, neighbours, seasons, name masking."""

from __future__ import annotations

import ast
import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from quiz.contests.results import best_attempt
from quiz.permissions import NameVisibility, masking
from quiz.permissions.masking import mask_name
from quiz.rankings import rules
from quiz.rankings.rules import (
    GroupMember,
    GroupStanding,
    RankedStudent,
    Season,
    StudentResult,
    group_standing,
    neighbours,
    rank_groups,
    rank_students,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)


def result(student_id: int, score: int, time_used: int = 300, finished_minute: int = 0):
    return StudentResult(student_id, score, time_used, T0 + timedelta(minutes=finished_minute))


def order(ranked) -> list[tuple[int, int]]:
    """(rank, student id) per row, for compact assertions."""
    return [(row.rank, row.result.student_id) for row in ranked]


def group_order(ranked) -> list[tuple[int, object]]:
    return [(row.rank, row.standing.key) for row in ranked]


# --- students -------------------------------------------------------------------------------


def test_competition_ranks_share_and_skip():
    ranked = rank_students([result(1, 90), result(2, 80), result(3, 80), result(4, 70)])
    assert order(ranked) == [(1, 1), (2, 2), (2, 3), (4, 4)]


def test_score_beats_time_beats_finish():
    ranked = rank_students(
        [
            result(1, 80, time_used=100, finished_minute=0),  # lower score, fastest, earliest
            result(2, 90, time_used=300, finished_minute=5),  # same score and time, later finish
            result(3, 90, time_used=200, finished_minute=9),  # same score, less time
            result(4, 90, time_used=300, finished_minute=3),  # same score and time, earlier
        ]
    )
    assert order(ranked) == [(1, 3), (2, 4), (3, 2), (4, 1)]


def test_exact_ties_are_listed_by_student_id_whatever_the_input_order():
    rows = [result(7, 50), result(3, 50), result(5, 50), result(1, 60)]
    expected = [(1, 1), (2, 3), (2, 5), (2, 7)]
    for permutation in itertools.permutations(rows):
        assert order(rank_students(permutation)) == expected


def test_finish_times_in_different_zones_compare_as_instants():
    in_shanghai = StudentResult(1, 50, 100, datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI))
    in_utc = StudentResult(2, 50, 100, datetime(2026, 9, 1, 1, 59, tzinfo=UTC))  # 09:59 Shanghai
    assert order(rank_students([in_shanghai, in_utc])) == [(1, 2), (2, 1)]
    same_instant = StudentResult(3, 50, 100, datetime(2026, 9, 1, 2, 0, tzinfo=UTC))
    assert order(rank_students([same_instant, in_shanghai])) == [(1, 1), (1, 3)]


def test_empty_board():
    assert rank_students([]) == []


def test_naive_finish_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        rank_students([StudentResult(1, 10, 10, datetime(2026, 9, 1, 8, 0))])


def test_a_student_listed_twice_is_refused():
    with pytest.raises(ValueError, match="more than once"):
        rank_students([result(1, 10), result(1, 20)])


ATTEMPTS = [
    (80, 100, 4),
    (90, 300, 5),
    (90, 200, 9),
    (90, 300, 3),
    (90, 200, 8),
    (70, 50, 1),
    (None, 0, 0),  # finished with no score recorded: best_attempt counts it as 0
]


@pytest.mark.parametrize("size", [1, 2, 3, 4, len(ATTEMPTS)])
def test_the_best_attempt_is_the_one_that_would_rank_first(size):
    """One student's attempts, each ranked as if by a separate student: whichever subset we
    take, results.best_attempt picks the row rank_students puts first."""
    attempts = [
        SimpleNamespace(
            id=index,
            score=score,
            time_used_seconds=time_used,
            finished_at=T0 + timedelta(minutes=minute),
        )
        for index, (score, time_used, minute) in enumerate(ATTEMPTS)
    ]
    unfinished = SimpleNamespace(id=99, score=100, time_used_seconds=1, finished_at=None)
    for subset in itertools.combinations(attempts, size):
        best = best_attempt([*subset, unfinished])
        ranked = rank_students(
            StudentResult(a.id, a.score or 0, a.time_used_seconds, a.finished_at) for a in subset
        )
        assert ranked[0].result.student_id == best.id


# --- groups ---------------------------------------------------------------------------------


def members(*scores: int | None, first_id: int = 1) -> list[GroupMember]:
    return [GroupMember(first_id + i, s) for i, s in enumerate(scores)]


def test_group_standing_counts_non_participants_as_zero():
    standing = group_standing("1班", members(100, None, 50, 0))
    assert standing == GroupStanding("1班", 4, 3, 37.5, 0.75)


def test_empty_group_standing_is_zero():
    assert group_standing(9, []) == GroupStanding(9, 0, 0, 0.0, 0.0)


def test_group_standing_refuses_a_student_listed_twice():
    with pytest.raises(ValueError, match="more than once"):
        group_standing(1, [GroupMember(1, 10), GroupMember(1, None)])


def test_taking_part_matters_more_than_one_high_score():
    star_and_absent = group_standing("A", members(100, None))
    everyone_took_part = group_standing("B", members(60, 60, first_id=10))
    assert group_order(rank_groups([star_and_absent, everyone_took_part])) == [(1, "B"), (2, "A")]


def test_participation_breaks_a_tie_on_mean():
    # mean 50 both; A: 2 of 2 took part, B: 1 of 2 (100 and a non-participant)
    a = group_standing("A", members(50, 50))
    b = group_standing("B", members(100, None, first_id=10))
    assert group_order(rank_groups([b, a])) == [(1, "A"), (2, "B")]


def test_groups_equal_on_both_share_a_rank_and_list_by_key():
    standings = [
        group_standing("C", members(90, 90)),
        group_standing("B", members(80, 60, first_id=10)),
        group_standing("A", members(70, 70, first_id=20)),
        group_standing("D", members(60, None, first_id=30)),
    ]
    assert group_order(rank_groups(standings)) == [(1, "C"), (2, "A"), (2, "B"), (4, "D")]


def test_float_noise_does_not_split_a_tie():
    one_third = 1 / 3
    noisy_third = 1 - 2 / 3
    assert one_third != noisy_third  # the noise this test is about
    a = GroupStanding("a", 3, 1, one_third, one_third)
    b = GroupStanding("b", 6, 2, noisy_third, noisy_third)
    assert group_order(rank_groups([b, a])) == [(1, "a"), (1, "b")]


def test_equal_means_from_classes_of_different_sizes_tie():
    # 100/3 from a class of three and 200/6 from a class of six
    a = group_standing("a", members(100, None, None))
    b = group_standing("b", members(100, 100, None, None, None, None, first_id=10))
    assert a.participation_rate == b.participation_rate
    assert group_order(rank_groups([b, a])) == [(1, "a"), (1, "b")]


def test_empty_groups_rank_last_even_below_a_class_that_scored_zero():
    zero_class = group_standing("b-zero", members(0, 0))
    nobody_took_part = group_standing("c-absent", members(None, None, first_id=10))
    empty = group_standing("a-empty", [])
    other_empty = GroupStanding("z-empty", 0, 0, 99.0, 1.0)  # whatever its numbers
    ranked = rank_groups([empty, other_empty, nobody_took_part, zero_class])
    assert group_order(ranked) == [(1, "b-zero"), (2, "c-absent"), (3, "a-empty"), (3, "z-empty")]


def test_only_empty_groups():
    assert group_order(rank_groups([group_standing(2, []), group_standing(1, [])])) == [
        (1, 1),
        (1, 2),
    ]


def test_district_flattens_its_schools_students():
    school_a = members(100, None)
    school_b = members(50, 50, 50, first_id=10)
    district = group_standing("海淀区", school_a + school_b)
    assert (district.enrolled, district.participants) == (5, 4)
    assert district.mean_score == pytest.approx(50.0)
    assert district.participation_rate == pytest.approx(0.8)


def test_group_keys_of_mixed_types_order_by_their_text():
    ranked = rank_groups([GroupStanding(k, 1, 1, 10.0, 1.0) for k in (2, "1", 10)])
    assert group_order(ranked) == [(1, "1"), (1, 10), (1, 2)]


# --- neighbours -----------------------------------------------------------------------------

BOARD: list[RankedStudent] = rank_students(result(i, 100 - i) for i in range(1, 11))


def ids(rows) -> list[int]:
    return [row.result.student_id for row in rows]


@pytest.mark.parametrize(
    ("student_id", "around", "expected"),
    [
        (1, 2, [1, 2, 3]),  # top
        (2, 2, [1, 2, 3, 4]),
        (5, 2, [3, 4, 5, 6, 7]),  # middle
        (10, 2, [8, 9, 10]),  # bottom
        (5, 0, [5]),
        (5, 20, list(range(1, 11))),
    ],
)
def test_neighbours(student_id, around, expected):
    assert ids(neighbours(BOARD, student_id, around)) == expected


def test_neighbours_of_a_student_not_ranked():
    assert neighbours(BOARD, 404) == []
    assert neighbours([], 1) == []


def test_neighbours_refuses_a_negative_count():
    with pytest.raises(ValueError):
        neighbours(BOARD, 1, -1)


# --- seasons --------------------------------------------------------------------------------

AUTUMN = Season("2026 秋季学期", date(2026, 9, 1), date(2027, 1, 31))


def test_season_checks():
    assert AUTUMN.check() == []
    assert Season("一天", date(2026, 9, 1), date(2026, 9, 1)).check() == []
    assert Season("  ", date(2026, 9, 1), date(2026, 9, 1)).check() == ["empty_name"]
    assert Season("x", date(2026, 9, 2), date(2026, 9, 1)).check() == ["ends_before_starts"]
    assert Season("", date(2026, 9, 2), date(2026, 9, 1)).check() == [
        "empty_name",
        "ends_before_starts",
    ]


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        # 2026-09-01 00:30 in Shanghai is 2026-08-31 16:30 UTC: the first day, in the city
        (datetime(2026, 8, 31, 16, 30, tzinfo=UTC), True),
        (datetime(2026, 9, 1, 0, 30, tzinfo=SHANGHAI), True),
        # one minute before Shanghai midnight is still August
        (datetime(2026, 8, 31, 15, 59, tzinfo=UTC), False),
        (datetime(2026, 8, 31, 23, 59, 59, tzinfo=SHANGHAI), False),
        (datetime(2026, 9, 1, 0, 0, tzinfo=SHANGHAI), True),
        # the last day counts to its end, in Shanghai
        (datetime(2027, 1, 31, 23, 59, 59, tzinfo=SHANGHAI), True),
        (datetime(2027, 1, 31, 15, 59, 59, tzinfo=UTC), True),
        (datetime(2027, 1, 31, 16, 0, tzinfo=UTC), False),  # 2027-02-01 00:00 Shanghai
        (datetime(2026, 11, 15, 12, 0, tzinfo=UTC), True),
    ],
)
def test_season_contains_by_the_city_date(moment, inside):
    assert AUTUMN.contains(moment, SHANGHAI) is inside


def test_season_date_depends_on_the_zone():
    moment = datetime(2026, 8, 31, 16, 30, tzinfo=UTC)
    assert AUTUMN.contains(moment, SHANGHAI)
    assert not AUTUMN.contains(moment, ZoneInfo("UTC"))


def test_one_day_season_and_naive_moment():
    day = Season("开学日", date(2026, 9, 1), date(2026, 9, 1))
    assert day.contains(datetime(2026, 9, 1, 23, 59, tzinfo=SHANGHAI), SHANGHAI)
    assert not day.contains(datetime(2026, 9, 2, 0, 0, tzinfo=SHANGHAI), SHANGHAI)
    with pytest.raises(ValueError, match="aware"):
        day.contains(datetime(2026, 9, 1, 12, 0), SHANGHAI)


# --- masking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三明", "张*明"),
        ("李四", "李*"),
        ("欧阳小明", "欧**明"),  # compound surname: no special case, only the length rule
        ("司马相如", "司**如"),
        ("王", "*"),
        ("", ""),
        ("   ", ""),
        ("  张三明\t", "张*明"),
        ("艾力·买买提", "艾****提"),
        ("Alice Wang", "A***"),
        ("Ayşe", "A***"),
        ("Ays\u0327e", "A***"),  # decomposed ş is still one letter
        ("Al", "A*"),
        ("Bob", "B**"),
        ("A", "*"),
        (" Li ", "L*"),
        ("Wang 小明", "W***"),  # mixed script: the non-Chinese rule
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def _board(named=(), school_id=None) -> NameVisibility:
    return NameVisibility(frozenset(named), school_id)


def test_board_name_in_own_class_shows_the_real_name():
    shown = _board({3}).name("张三明", class_id=3, school_id=1, school_masks=True)
    assert shown == "张三明"


def test_board_name_outside_the_class_is_masked():
    assert _board({4}, 1).name("张三明", class_id=3, school_id=1, school_masks=True) == "张*明"


def test_board_name_for_staff_is_masked_unless_the_class_is_theirs():
    assert _board(school_id=1).name("张三明", class_id=3, school_id=1, school_masks=True) == (
        "张*明")
    assert _board({3}, 1).name("张三明", class_id=3, school_id=1, school_masks=True) == "张三明"


def test_board_name_when_the_school_turned_masking_off():
    assert _board({4}, 1).name("李四", class_id=3, school_id=1, school_masks=False) == "李四"
    # ... but only to the school's own people, never to another school or the bureau
    assert _board({9}, 2).name("李四", class_id=3, school_id=1, school_masks=False) == "李*"
    assert _board().name("李四", class_id=3, school_id=1, school_masks=False) == "李*"


# --- purity ---------------------------------------------------------------------------------


@pytest.mark.parametrize("module", [rules, masking])
def test_rule_modules_import_neither_flask_nor_the_database(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    roots = {name.split(".")[0] for name in imported}
    assert not roots & {"flask", "flask_sqlalchemy", "sqlalchemy", "quiz"}


# --- season totals ----------------------------------------------------------------------------


def test_season_total_sums_best_scores_and_times_and_keeps_the_latest_finish():
    total = rules.season_total(1, [result(1, 80, 300, 0), result(1, 60, 200, 30)])
    assert total == StudentResult(1, 140, 500, T0 + timedelta(minutes=30))
    assert rules.season_total(1, []) is None
    with pytest.raises(ValueError, match="own"):
        rules.season_total(1, [result(2, 10)])


def test_season_board_rewards_taking_part_and_ties_like_a_contest():
    # 1 and 2 both reach 100 over two contests in the same total time and at the same moment;
    # 3 scored the single best result but took one contest only; 4 took none and is not ranked.
    one = rules.season_total(1, [result(1, 50, 100, 0), result(1, 50, 200, 10)])
    two = rules.season_total(2, [result(2, 70, 250, 10), result(2, 30, 50, 0)])
    three = rules.season_total(3, [result(3, 90, 100, 0)])
    four = rules.season_total(4, [])
    ranked = rank_students(r for r in (three, two, one, four) if r is not None)
    assert order(ranked) == [(1, 1), (1, 2), (3, 3)]


def test_class_board_with_non_participants_and_an_empty_class():
    full = group_standing("7/1", [GroupMember(1, 60), GroupMember(2, 40)])
    half = group_standing("7/2", [GroupMember(3, 100), GroupMember(4, None)])
    empty = group_standing("7/3", [])
    ranked = rank_groups([empty, half, full])
    # equal means (50): the class where everyone took part is ahead; the empty class is last
    assert group_order(ranked) == [(1, "7/1"), (2, "7/2"), (3, "7/3")]
    assert (half.mean_score, half.participation_rate) == (50.0, 0.5)
