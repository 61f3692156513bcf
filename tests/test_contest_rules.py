"""Pure contest rules: drawing, option keys, scoring and timing (no app, no database)."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from quiz.contests.rules import shuffling
from quiz.contests.rules.drawing import (
    Candidate,
    DrawRule,
    NotEnoughQuestions,
    RuleAvailability,
    availability,
    draw,
    fits,
    paper_order,
    shortfalls,
)
from quiz.contests.rules.scoring import (
    DEFAULT_POINTS,
    ScoredItem,
    points_for,
    score_items,
    validate_points,
)
from quiz.contests.rules.shuffling import PresentedOption, indices_for_keys, present_options
from quiz.contests.rules.timing import (
    GRACE_SECONDS,
    ContestState,
    accepts_answer,
    check_window,
    contest_state,
    deadline,
    is_open,
    is_overdue,
    remaining_seconds,
    time_used_seconds,
)

ALL = None
PRIMARY = frozenset({"primary"})
SENIOR = frozenset({"senior"})


def bank(
    scam_type: str,
    difficulty: int,
    count: int,
    *,
    start: int,
    audience: frozenset[str] | None = ALL,
) -> list[Candidate]:
    """`count` candidates with question ids from `start`; version id is 10× the question id."""
    return [
        Candidate(qid, qid * 10, scam_type, difficulty, audience)
        for qid in range(start, start + count)
    ]


def city_bank() -> list[Candidate]:
    return (
        bank("phishing", 1, 6, start=1)
        + bank("phishing", 2, 6, start=101)
        + bank("phishing", 3, 6, start=201)
        + bank("loan", 1, 8, start=301)
        + bank("loan", 2, 8, start=401)
    )


def ids(paper: list[Candidate]) -> list[int]:
    return [c.question_id for c in paper]


# --- drawing ---------------------------------------------------------------------------------


def test_draw_is_reproducible_from_its_seed() -> None:
    rules = [DrawRule("phishing", 5), DrawRule("loan", 4, (1, 2))]
    first = draw(rules, city_bank(), seed="contest-7")
    assert draw(rules, city_bank(), seed="contest-7") == first
    assert len(first) == 9


def test_draw_does_not_depend_on_candidate_order() -> None:
    rules = [DrawRule("phishing", 5), DrawRule("loan", 4)]
    expected = draw(rules, city_bank(), seed="s")
    for shuffle_seed in range(10):
        shuffled = city_bank()
        random.Random(shuffle_seed).shuffle(shuffled)
        assert draw(rules, shuffled, seed="s") == expected
        assert draw(rules, iter(shuffled), seed="s") == expected  # any iterable


def test_draw_differs_across_seeds() -> None:
    rules = [DrawRule("phishing", 5)]
    papers = {tuple(ids(draw(rules, city_bank(), seed=f"attempt-{n}"))) for n in range(10)}
    assert len(papers) > 1


def test_draw_returns_questions_in_rule_order() -> None:
    rules = [DrawRule("loan", 3, (2,)), DrawRule("phishing", 2, (3,)), DrawRule("loan", 2, (1,))]
    paper = draw(rules, city_bank(), seed="order")
    assert [(c.scam_type, c.difficulty) for c in paper] == [
        ("loan", 2), ("loan", 2), ("loan", 2),
        ("phishing", 3), ("phishing", 3),
        ("loan", 1), ("loan", 1),
    ]


def test_overlapping_rules_never_pick_a_question_twice() -> None:
    rules = [
        DrawRule("phishing", 8),  # any difficulty
        DrawRule("phishing", 4, (1, 2)),
        DrawRule("phishing", 6, (2, 3)),
    ]
    for n in range(30):
        paper = draw(rules, city_bank(), seed=f"overlap-{n}")
        assert len(paper) == 18 == len(set(ids(paper)))


def test_overlapping_rules_never_fail_by_bad_luck() -> None:
    # 2 easy and 3 medium: the first rule must leave both easy questions to the second.
    candidates = bank("phishing", 1, 2, start=1) + bank("phishing", 2, 3, start=11)
    rules = [DrawRule("phishing", 3, (1, 2)), DrawRule("phishing", 2, (1,))]
    for n in range(50):
        paper = draw(rules, candidates, seed=f"tight-{n}")
        assert sorted(c.difficulty for c in paper[:3]) == [2, 2, 2]
        assert sorted(ids(paper[3:])) == [1, 2]


def test_draw_reports_every_short_rule() -> None:
    rules = [
        DrawRule("phishing", 7, (1,)),  # 6 available
        DrawRule("loan", 2),  # fine
        DrawRule("dating", 1),  # none at all
    ]
    with pytest.raises(NotEnoughQuestions) as caught:
        draw(rules, city_bank(), seed="x")
    assert caught.value.shortfalls == [
        RuleAvailability(rules[0], 6),
        RuleAvailability(rules[2], 0),
    ]
    assert "phishing" in str(caught.value) and "dating" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_draw_reports_a_rule_left_short_by_an_earlier_overlapping_rule() -> None:
    rules = [DrawRule("loan", 5, (1,)), DrawRule("loan", 5, (1, 2)), DrawRule("loan", 9)]
    # Alone each fits (8, 16 and 16 available); together 19 are needed from 16.
    assert [a.available for a in availability(rules, city_bank())] == [8, 16, 16]
    with pytest.raises(NotEnoughQuestions) as caught:
        draw(rules, city_bank(), seed="x")
    assert caught.value.shortfalls == [RuleAvailability(rules[2], 6, overlapping=True)]
    assert "after earlier rules" in str(caught.value)
    assert shortfalls(rules, city_bank()) == caught.value.shortfalls


def test_shortfall_lists_both_kinds_together() -> None:
    rules = [
        DrawRule("phishing", 4, (3,)),
        DrawRule("phishing", 3, (3,)),
        DrawRule("loan", 9, (1,)),
    ]
    assert shortfalls(rules, city_bank()) == [
        RuleAvailability(rules[1], 2, overlapping=True),
        RuleAvailability(rules[2], 8),
    ]


def test_shortfalls_are_empty_when_the_draw_succeeds() -> None:
    rules = [DrawRule("phishing", 18), DrawRule("loan", 16)]
    assert shortfalls(rules, city_bank()) == []
    assert len(draw(rules, city_bank(), seed="all")) == 34


def test_audience_filters_by_school_level() -> None:
    primary_only = bank("phishing", 1, 3, start=1, audience=PRIMARY)
    senior_only = bank("phishing", 1, 3, start=11, audience=SENIOR)
    everyone = bank("phishing", 1, 2, start=21)
    candidates = primary_only + senior_only + everyone
    rule = [DrawRule("phishing", 5, (1,))]

    senior_paper = draw(rule, candidates, seed="s", levels=SENIOR)
    assert sorted(ids(senior_paper)) == [11, 12, 13, 21, 22]
    primary_paper = draw(rule, candidates, seed="s", levels=PRIMARY)
    assert sorted(ids(primary_paper)) == [1, 2, 3, 21, 22]
    with pytest.raises(NotEnoughQuestions) as caught:
        draw([DrawRule("phishing", 6, (1,))], candidates, seed="s", levels=SENIOR)
    assert caught.value.shortfalls[0].available == 5


def test_city_wide_paper_needs_questions_fitting_every_level() -> None:
    levels = frozenset({"primary", "junior"})
    assert fits(Candidate(1, 10, "loan", 1, None), levels)
    assert fits(Candidate(1, 10, "loan", 1, frozenset({"primary", "junior", "senior"})), levels)
    assert not fits(Candidate(1, 10, "loan", 1, PRIMARY), levels)
    assert not fits(Candidate(1, 10, "loan", 1, frozenset({"junior", "senior"})), levels)
    assert fits(Candidate(1, 10, "loan", 1, PRIMARY), frozenset())  # unrestricted paper

    candidates = (
        bank("loan", 1, 2, start=1, audience=frozenset({"primary", "junior"}))
        + bank("loan", 1, 2, start=11, audience=PRIMARY)
        + bank("loan", 1, 1, start=21)
    )
    assert availability([DrawRule("loan", 3)], candidates, levels) == [
        RuleAvailability(DrawRule("loan", 3), 3)
    ]
    assert sorted(ids(draw([DrawRule("loan", 3)], candidates, seed="c", levels=levels))) == [
        1, 2, 21,
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": 0}, "count"),
        ({"count": -2}, "count"),
        ({"count": True}, "count"),
        ({"count": 2.0}, "count"),
        ({"count": 1, "difficulties": ()}, "empty"),
        ({"count": 1, "difficulties": (0, 1)}, "1, 2 and 3"),
        ({"count": 1, "difficulties": (4,)}, "1, 2 and 3"),
        ({"count": 1, "difficulties": (True,)}, "1, 2 and 3"),
        ({"count": 1, "difficulties": 2}, "list"),
    ],
)
def test_draw_rule_rejects_bad_input(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DrawRule("phishing", **kwargs)


def test_draw_rule_normalises_difficulties() -> None:
    assert DrawRule("loan", 1, [3, 1, 1]).difficulties == (1, 3)  # type: ignore[arg-type]
    assert DrawRule("loan", 1, (3, 1)) == DrawRule("loan", 1, (1, 3))
    with pytest.raises(ValueError, match="scam_type"):
        DrawRule("", 1)


def test_draw_rejects_a_missing_seed_no_rules_and_two_versions_of_one_question() -> None:
    with pytest.raises(ValueError, match="seed"):
        draw([DrawRule("loan", 1)], city_bank(), seed="")
    with pytest.raises(ValueError, match="rule"):
        draw([], city_bank(), seed="s")
    twice = [Candidate(1, 10, "loan", 1, None), Candidate(1, 11, "loan", 1, None)]
    with pytest.raises(ValueError, match="question 1"):
        draw([DrawRule("loan", 1)], twice, seed="s")
    same_twice = [Candidate(1, 10, "loan", 1, None)] * 2
    assert draw([DrawRule("loan", 1)], same_twice, seed="s") == same_twice[:1]


def test_paper_order_is_a_stable_permutation_that_differs_across_seeds() -> None:
    order = paper_order(20, seed="attempt-1")
    assert sorted(order) == list(range(20))
    assert paper_order(20, seed="attempt-1") == order
    orders = {tuple(paper_order(20, seed=f"attempt-{n}")) for n in range(5)}
    assert len(orders) == 5
    assert paper_order(1, seed="x") == [0]
    for bad in (0, -1, True):
        with pytest.raises(ValueError, match="count"):
            paper_order(bad, seed="x")
    with pytest.raises(ValueError, match="seed"):
        paper_order(3, seed="")


def _feasible_by_matching(rules: list[DrawRule], candidates: list[Candidate]) -> bool:
    """Brute force: can every slot of every rule get its own question (Kuhn's matching)?"""
    slots = [rule for rule in rules for _ in range(rule.count)]
    owner: dict[int, int] = {}

    def place(slot: int, seen: set[int]) -> bool:
        for candidate in candidates:
            qid = candidate.question_id
            if slots[slot].matches(candidate) and qid not in seen:
                seen.add(qid)
                if qid not in owner or place(owner[qid], seen):
                    owner[qid] = slot
                    return True
        return False

    return all(place(slot, set()) for slot in range(len(slots)))


def test_draw_property_random_scenarios() -> None:
    """Property: the draw fills every rule exactly, without repeats, whenever any matching can;
    otherwise it reports shortfalls (checked against a brute-force matching)."""
    rng = random.Random(2025)
    levels_choices = [frozenset(), PRIMARY, SENIOR, frozenset({"primary", "junior"})]
    audiences = [None, PRIMARY, SENIOR, frozenset({"primary", "junior"})]
    successes = failures = 0
    for scenario in range(300):
        candidates = [
            Candidate(
                qid, qid * 10, rng.choice(["a", "b"]), rng.randint(1, 3), rng.choice(audiences)
            )
            for qid in rng.sample(range(1, 1000), rng.randint(0, 20))
        ]
        rules = [
            DrawRule(
                rng.choice(["a", "b"]),
                rng.randint(1, 4),
                tuple(rng.sample([1, 2, 3], rng.randint(1, 3))),
            )
            for _ in range(rng.randint(1, 4))
        ]
        levels = rng.choice(levels_choices)
        suitable = [c for c in candidates if fits(c, levels)]
        feasible = _feasible_by_matching(rules, suitable)
        seed = f"scenario-{scenario}"
        if not feasible:
            failures += 1
            with pytest.raises(NotEnoughQuestions) as caught:
                draw(rules, candidates, seed=seed, levels=levels)
            assert caught.value.shortfalls
            assert all(s.available < s.rule.count for s in caught.value.shortfalls)
            continue
        successes += 1
        assert shortfalls(rules, candidates, levels) == []
        paper = draw(rules, candidates, seed=seed, levels=levels)
        assert len(set(ids(paper))) == len(paper) == sum(rule.count for rule in rules)
        assert all(fits(c, levels) for c in paper)
        picks = iter(paper)
        for rule in rules:
            assert all(rule.matches(next(picks)) for _ in range(rule.count))
        reordered = list(reversed(candidates))
        assert draw(rules, reordered, seed=seed, levels=levels) == paper
    assert successes > 50 and failures > 50  # both branches were exercised


# --- option keys -----------------------------------------------------------------------------


def test_option_keys_are_stable_unique_and_opaque() -> None:
    first = present_options(seed="attempt-a", position=0, option_count=4, shuffle=True)
    assert present_options(seed="attempt-a", position=0, option_count=4, shuffle=True) == first
    keys = [option.key for option in first]
    assert len(set(keys)) == 4
    assert all(re.fullmatch(r"[0-9a-f]{8}", key) for key in keys)
    assert sorted(option.index for option in first) == [0, 1, 2, 3]
    assert not set(keys) & {"0", "1", "2", "3", "a", "b", "c", "d", "A", "B", "C", "D"}

    other_attempt = present_options(seed="attempt-b", position=0, option_count=4, shuffle=True)
    other_position = present_options(seed="attempt-a", position=1, option_count=4, shuffle=True)
    assert not set(keys) & {option.key for option in other_attempt}
    assert not set(keys) & {option.key for option in other_position}


def test_keys_do_not_depend_on_shuffling() -> None:
    shuffled = present_options(seed="s", position=3, option_count=5, shuffle=True)
    written = present_options(seed="s", position=3, option_count=5, shuffle=False)
    assert [option.index for option in written] == [0, 1, 2, 3, 4]
    assert {(o.key, o.index) for o in shuffled} == {(o.key, o.index) for o in written}


def test_shuffling_changes_the_order_across_attempts() -> None:
    orders = {
        tuple(o.index for o in present_options(
            seed=f"attempt-{n}", position=0, option_count=6, shuffle=True))
        for n in range(10)
    }
    assert len(orders) > 1
    assert all(sorted(order) == list(range(6)) for order in orders)


def test_option_keys_stay_unique_when_short_keys_clash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shuffling, "KEY_LENGTH", 1)
    clashed = 0
    for n in range(20):
        options = present_options(seed=f"s{n}", position=0, option_count=6, shuffle=True)
        keys = [option.key for option in options]
        assert len(set(keys)) == 6
        if len(keys[0]) > 1:
            clashed += 1
            assert len({key[:1] for key in keys}) < 6  # lengthened only because of a clash
        assert len({len(key) for key in keys}) == 1
    assert clashed  # 6 options in 16 one-character keys clash most of the time


def test_indices_for_keys() -> None:
    options = present_options(seed="s", position=0, option_count=4, shuffle=True)
    by_index = {option.index: option.key for option in options}
    assert indices_for_keys(options, [by_index[2]]) == (2,)
    assert indices_for_keys(options, [by_index[3], by_index[0]]) == (0, 3)
    assert indices_for_keys(options, []) == ()
    assert indices_for_keys(options, ["zzzzzzzz"]) is None  # not hex: never a key
    assert indices_for_keys(options, [by_index[1], "nope"]) is None
    assert indices_for_keys(options, [by_index[1], by_index[1]]) is None
    assert indices_for_keys(options, by_index[1]) is None  # a bare string, not a list
    assert indices_for_keys(options, [["x"]]) is None  # type: ignore[list-item]
    assert indices_for_keys(options, [1]) is None  # type: ignore[list-item]
    assert indices_for_keys([PresentedOption("k", 0)], ["k"]) == (0,)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": "", "position": 0, "option_count": 2}, "seed"),
        ({"seed": "s", "position": -1, "option_count": 2}, "position"),
        ({"seed": "s", "position": 0, "option_count": 0}, "option_count"),
    ],
)
def test_present_options_rejects_bad_input(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        present_options(shuffle=True, **kwargs)


def test_present_options_property_random_attempts() -> None:
    """Property: for any seed, position and option count, every option appears once with a
    unique key, and the keys name exactly their options."""
    rng = random.Random(7)
    for _ in range(300):
        seed = f"{rng.getrandbits(64):x}"
        count = rng.randint(1, 6)
        position = rng.randint(0, 99)
        options = present_options(
            seed=seed, position=position, option_count=count, shuffle=rng.random() < 0.5
        )
        assert sorted(o.index for o in options) == list(range(count))
        assert len({o.key for o in options}) == count
        chosen = rng.sample(options, rng.randint(1, count))
        assert indices_for_keys(options, [o.key for o in chosen]) == tuple(
            sorted(o.index for o in chosen)
        )


# --- scoring ---------------------------------------------------------------------------------


def test_scoring_single_multiple_and_true_false() -> None:
    items = [
        ScoredItem("single", 1, (2,), (2,)),  # right: 5
        ScoredItem("single", 2, (2,), (1,)),  # wrong
        ScoredItem("multiple", 3, (0, 2), (2, 0)),  # right in any order: 15
        ScoredItem("multiple", 3, (0, 2), (0,)),  # partly right: nothing
        ScoredItem("multiple", 2, (0, 2), (0, 1, 2)),  # one too many: nothing
        ScoredItem("true_false", 1, (1,), (1,)),  # right: 5
        ScoredItem("true_false", 2, (0,), (1,)),  # wrong
        ScoredItem("true_false", 2, (0,), None),  # unanswered
        ScoredItem("single", 1, (0,), ()),  # nothing chosen
    ]
    score = score_items(items)
    assert score.score == 25
    assert score.max_score == 5 + 10 + 15 + 15 + 10 + 5 + 10 + 10 + 5
    assert (score.correct, score.total) == (3, 9)
    assert score.per_item == (True, False, True, False, False, True, False, False, False)


def test_scoring_an_empty_or_all_unanswered_paper_is_zero_never_negative() -> None:
    assert score_items([]).score == 0
    unanswered = score_items([ScoredItem("single", 3, (1,), None)] * 3)
    assert (unanswered.score, unanswered.max_score, unanswered.correct) == (0, 45, 0)


def test_scoring_with_custom_points_from_json() -> None:
    points = {"1": 1, "2": 2, "3": 100}
    items = [
        ScoredItem("single", 1, (0,), (0,)),
        ScoredItem("single", 2, (0,), (0,)),
        ScoredItem("single", 3, (0,), (0,)),
    ]
    score = score_items(items, points)
    assert (score.score, score.max_score, score.correct) == (103, 103, 3)
    assert points_for(3, points) == 100
    assert points_for(2, DEFAULT_POINTS) == 10


def test_scoring_rejects_unknown_types_and_difficulties() -> None:
    with pytest.raises(ValueError, match="question type"):
        score_items([ScoredItem("essay", 1, (0,), (0,))])
    with pytest.raises(ValueError, match="difficulty"):
        score_items([ScoredItem("single", 4, (0,), (0,))])
    with pytest.raises(ValueError, match="difficulty"):
        points_for(4, DEFAULT_POINTS)


def test_validate_points_accepts_ints_and_digit_strings() -> None:
    assert validate_points({"3": 30, "1": 10, "2": 20}) == {1: 10, 2: 20, 3: 30}
    assert validate_points({1: 1, 2: 1, 3: 100}) == {1: 1, 2: 1, 3: 100}
    assert validate_points(DEFAULT_POINTS) == {1: 5, 2: 10, 3: 15}


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ({1: 5, 2: 10}, "missing difficulty 3"),
        ({}, "missing difficulty 1, 2, 3"),
        ({1: 5, 2: 10, 3: 15, 4: 20}, "unknown difficulty 4"),
        ({"1": 5, "2": 10, "3": 15, "x": 1}, "unknown difficulty 'x'"),
        ({" 1": 5, "2": 10, "3": 15}, "unknown difficulty"),
        ({True: 5, 2: 10, 3: 15}, "unknown difficulty True"),
        ({1: 5, "1": 6, 2: 10, 3: 15}, "twice"),
        ({1: 0, 2: 10, 3: 15}, "between 1 and 100"),
        ({1: 5, 2: 101, 3: 15}, "between 1 and 100"),
        ({1: 5, 2: 10, 3: 1000}, "between 1 and 100"),
        ({1: 5.0, 2: 10, 3: 15}, "whole number"),
        ({1: "5", 2: 10, 3: 15}, "whole number"),
        ({1: True, 2: 10, 3: 15}, "whole number"),
        ([5, 10, 15], "must map"),
    ],
)
def test_validate_points_errors(points: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_points(points)  # type: ignore[arg-type]


# --- timing ----------------------------------------------------------------------------------

T0 = datetime(2025, 9, 1, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_deadline_is_duration_plus_extra_capped_by_closing() -> None:
    closes = at(3600)
    assert deadline(
        started_at=at(0), duration_seconds=600, extra_seconds=0, closes_at=closes
    ) == at(600)
    assert deadline(
        started_at=at(0), duration_seconds=600, extra_seconds=300, closes_at=closes
    ) == at(900)
    assert deadline(
        started_at=at(3300), duration_seconds=600, extra_seconds=0, closes_at=closes
    ) == closes
    assert deadline(
        started_at=at(3000), duration_seconds=600, extra_seconds=300, closes_at=closes
    ) == closes


def test_deadline_works_across_time_zones() -> None:
    shanghai = timezone(timedelta(hours=8))
    started = datetime(2025, 9, 1, 8, 0, tzinfo=shanghai)
    assert deadline(
        started_at=started, duration_seconds=600, extra_seconds=0, closes_at=at(300)
    ) == at(300)


def test_answers_are_accepted_up_to_exactly_the_grace() -> None:
    end = at(600)
    assert GRACE_SECONDS == 5
    assert accepts_answer(now=at(599), deadline=end)
    assert accepts_answer(now=end, deadline=end)
    assert accepts_answer(now=at(605), deadline=end)
    assert not accepts_answer(now=at(605) + timedelta(microseconds=1), deadline=end)
    assert not accepts_answer(now=at(606), deadline=end)
    assert not accepts_answer(now=at(601), deadline=end, grace_seconds=0)
    assert not is_overdue(now=at(605), deadline=end)
    assert is_overdue(now=at(606), deadline=end)


def test_remaining_seconds_rounds_up_and_never_goes_negative() -> None:
    end = at(600)
    assert remaining_seconds(now=at(0), deadline=end) == 600
    assert remaining_seconds(now=at(0.5), deadline=end) == 600
    assert remaining_seconds(now=at(599.999), deadline=end) == 1
    assert remaining_seconds(now=end, deadline=end) == 0
    assert remaining_seconds(now=at(700), deadline=end) == 0


def test_time_used_is_capped_at_the_deadline() -> None:
    end = at(600)
    assert time_used_seconds(started_at=at(0), finished_at=at(125.9), deadline=end) == 125
    assert time_used_seconds(started_at=at(0), finished_at=at(603), deadline=end) == 600
    assert time_used_seconds(started_at=at(0), finished_at=at(9999), deadline=end) == 600
    assert time_used_seconds(started_at=at(10), finished_at=at(5), deadline=end) == 0


def test_is_open_includes_opening_and_excludes_closing() -> None:
    window = {"opens_at": at(0), "closes_at": at(3600)}
    assert not is_open(now=at(-0.001), **window)
    assert is_open(now=at(0), **window)
    assert is_open(now=at(3599.999), **window)
    assert not is_open(now=at(3600), **window)


def test_contest_state_follows_the_window_unless_cancelled() -> None:
    window = {"opens_at": at(0), "closes_at": at(3600)}
    assert contest_state(now=at(-0.001), **window) is ContestState.SCHEDULED
    assert contest_state(now=at(0), **window) is ContestState.OPEN
    assert contest_state(now=at(3599.999), **window) is ContestState.OPEN
    assert contest_state(now=at(3600), **window) is ContestState.CLOSED
    for now in (-10, 10, 4000):  # cancelled before, during or after the window
        assert contest_state(now=at(now), cancelled_at=at(-20), **window) is (
            ContestState.CANCELLED)
    assert ContestState.OPEN == "open"  # templates compare the state with strings


@pytest.mark.parametrize(
    ("opens", "closes", "duration", "problems"),
    [
        (0, 3600, 600, []),
        (0, 300, 600, []),  # longer than the window: allowed, deadlines are capped
        (0, 3600, 60, []),
        (0, 3600, 10800, []),
        (3600, 0, 600, ["closes_before_opens"]),
        (0, 0, 600, ["closes_before_opens"]),
        (0, 3600, 59, ["duration_too_short"]),
        (0, 3600, 0, ["duration_too_short"]),
        (0, 3600, -5, ["duration_too_short"]),
        (0, 3600, 10801, ["duration_too_long"]),
        (0, 3600, 600.0, ["duration_not_integer"]),
        (10, 0, True, ["closes_before_opens", "duration_not_integer"]),
    ],
)
def test_check_window(opens: int, closes: int, duration: int, problems: list[str]) -> None:
    assert check_window(opens_at=at(opens), closes_at=at(closes), duration_seconds=duration) == (
        problems
    )


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2025, 9, 1, 8, 0)
    with pytest.raises(ValueError, match="opens_at"):
        check_window(opens_at=naive, closes_at=at(60), duration_seconds=600)
    with pytest.raises(ValueError, match="closes_at"):
        deadline(started_at=at(0), duration_seconds=60, extra_seconds=0, closes_at=naive)
    with pytest.raises(ValueError, match="now"):
        accepts_answer(now=naive, deadline=at(0))
    with pytest.raises(ValueError, match="now"):
        remaining_seconds(now=naive, deadline=at(0))
    with pytest.raises(ValueError, match="finished_at"):
        time_used_seconds(started_at=at(0), finished_at=naive, deadline=at(0))
    with pytest.raises(ValueError, match="now"):
        is_open(now=naive, opens_at=at(0), closes_at=at(1))
    with pytest.raises(ValueError, match="opens_at"):
        contest_state(now=at(0), opens_at=naive, closes_at=at(1))


def test_negative_durations_and_grace_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        deadline(started_at=at(0), duration_seconds=60, extra_seconds=-1, closes_at=at(99))
    with pytest.raises(ValueError, match="negative"):
        accepts_answer(now=at(0), deadline=at(0), grace_seconds=-1)


@pytest.mark.parametrize(("paper", "attempts", "reveal", "leaks"), [
    ("shared", 2, "after_finish", True),
    ("shared", 2, "after_close", False),
    ("shared", 1, "after_finish", False),
    ("per_student", 3, "after_finish", False),  # each attempt draws a new paper
])
def test_which_settings_hand_out_the_keys(paper, attempts, reveal, leaks):
    from quiz.contests.creation import reveal_leaks_the_paper

    assert reveal_leaks_the_paper(paper, attempts, reveal) is leaks
