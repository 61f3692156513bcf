"""The pure rules of practice and gamification: draws, the mistake book, streaks, XP, levels,
mastery and every badge; no database, no HTTP."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from quiz.gamification import rules
from quiz.gamification.mistakes import MistakeState, after_answer
from quiz.gamification.rules import Facts
from quiz.practice.rules import (
    DailyCandidate,
    daily_draw,
    next_practice_question,
    type_weights,
)

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


# --- practice draw ----------------------------------------------------------------------------


def test_unseen_questions_come_first_then_the_one_seen_longest_ago():
    pool = [1, 2, 3, 4]
    seen = {1: at(5), 2: at(1)}
    picked = next_practice_question(pool, seen, [], [], seed="s")
    assert picked in (3, 4)
    # Everything seen: the oldest first, whatever the seed.
    seen = {1: at(5), 2: at(1), 3: at(9), 4: at(7)}
    assert next_practice_question(pool, seen, [], [], seed="a") == 2
    assert next_practice_question(pool, seen, [], [], seed="b") == 2


def test_walking_a_pool_shows_every_question_before_any_repeats():
    pool = list(range(1, 8))
    seen: dict[int, datetime] = {}
    shown = []
    for minute in range(len(pool)):
        q = next_practice_question(pool, seen, [], shown, seed=f"walk{minute}")
        shown.append(q)
        seen[q] = at(minute)
    assert sorted(shown) == pool
    # The eighth is the first one shown, the one seen longest ago.
    assert next_practice_question(pool, seen, [], shown, seed="x") == shown[0]


def test_the_question_just_shown_is_not_repeated_when_there_is_another():
    seen = {1: at(0), 2: at(5)}
    assert next_practice_question([1, 2], seen, [], [1], seed="s") == 2
    assert next_practice_question([1], {1: at(0)}, [], [1], seed="s") == 1


def test_a_mistake_comes_back_after_two_other_questions():
    pool = [1, 2, 3, 4, 5]
    seen = {1: at(0)}
    # Just answered wrong: not straight away, nor right after one other question.
    assert next_practice_question(pool, seen, [1], [1], seed="s") != 1
    assert next_practice_question(pool, seen | {2: at(1)}, [1], [1, 2], seed="s") != 1
    # After two others it comes back, ahead of unseen questions.
    seen |= {2: at(1), 3: at(2)}
    assert next_practice_question(pool, seen, [1], [1, 2, 3], seed="s") == 1


def test_mistakes_outside_the_pool_are_ignored():
    assert next_practice_question([2, 3], {}, [1], [], seed="s") in (2, 3)
    assert next_practice_question([], {}, [1], [], seed="s") is None


def test_mistake_book_needs_two_right_answers_in_a_row():
    state = after_answer(None, correct=False)
    assert state == MistakeState(in_book=True, wrong_count=1, right_in_a_row=0, cleared=False)
    state = after_answer(state, correct=True)
    assert state.right_in_a_row == 1 and not state.cleared
    state = after_answer(state, correct=False)  # a slip resets the run
    assert state.right_in_a_row == 0 and state.wrong_count == 2
    state = after_answer(after_answer(state, correct=True), correct=True)
    assert state.cleared
    # A right answer to a question never got wrong changes nothing.
    assert after_answer(None, correct=True) is None
    # A cleared question wrong again is back in the book.
    again = after_answer(state, correct=False)
    assert again.in_book and not again.cleared and again.wrong_count == 3


# --- daily draw -------------------------------------------------------------------------------


def _bank() -> list[DailyCandidate]:
    return [DailyCandidate(t * 100 + n, code)
            for t, code in enumerate(["weak", "mid", "strong"]) for n in range(30)]


def test_daily_draw_is_five_distinct_questions_and_the_same_for_the_same_seed():
    accuracy = {"weak": 0.2, "mid": 0.6, "strong": 0.95}
    first = daily_draw(_bank(), accuracy, {}, seed="7:2026-11-01")
    assert len(first) == 5 and len(set(first)) == 5
    assert daily_draw(_bank(), accuracy, {}, seed="7:2026-11-01") == first
    assert daily_draw(_bank(), accuracy, {}, seed="7:2026-11-02") != first


def test_daily_draw_weights_the_weakest_types():
    accuracy = {"weak": 0.2, "mid": 0.6, "strong": 0.95}
    weights = type_weights(["weak", "mid", "strong"], accuracy)
    assert weights["weak"] > weights["mid"] > weights["strong"] > 0
    counts: Counter[str] = Counter()
    code_of = {c.question_id: c.scam_type for c in _bank()}
    for day in range(200):
        for q in daily_draw(_bank(), accuracy, {}, seed=f"7:{day}"):
            counts[code_of[q]] += 1
    assert counts["weak"] > counts["mid"] > counts["strong"]
    assert counts["weak"] > 0.5 * sum(counts.values())


def test_daily_draw_treats_unknown_types_as_half_known_and_prefers_unseen():
    assert type_weights(["new"], {})["new"] == pytest.approx(0.5)
    bank = [DailyCandidate(1, "a"), DailyCandidate(2, "a"), DailyCandidate(3, "a")]
    assert daily_draw(bank, {}, {1: at(0), 2: at(1)}, seed="x", size=1) == [3]
    assert sorted(daily_draw(bank, {}, {}, seed="x", size=10)) == [1, 2, 3]  # small bank


# --- streaks ----------------------------------------------------------------------------------


def test_streak_counts_days_in_a_row_and_today_not_done_does_not_break_it():
    today = date(2026, 11, 10)
    days = [today - timedelta(days=n) for n in range(1, 5)]  # the 4 days before today
    assert rules.current_streak(days, today) == 4
    assert rules.current_streak([*days, today], today) == 5
    # A missed day resets: yesterday missing leaves nothing (today not done yet).
    assert rules.current_streak(days[1:], today) == 0
    assert rules.current_streak([today], today) == 1
    assert rules.current_streak([], today) == 0


def test_longest_streak():
    base = date(2026, 10, 1)
    days = [base + timedelta(days=n) for n in (0, 1, 2, 4, 5, 6, 7, 8, 8, 20)]
    assert rules.longest_streak(days) == 5
    assert rules.longest_streak([]) == 0


# --- XP and levels ----------------------------------------------------------------------------


def test_contest_xp_grows_with_the_score_and_pays_improvements_only():
    assert rules.contest_xp(0, 100) == rules.CONTEST_BASE_XP
    assert rules.contest_xp(100, 100) == rules.CONTEST_BASE_XP + rules.CONTEST_SCORE_XP
    assert rules.contest_xp(50, 100) == rules.CONTEST_BASE_XP + rules.CONTEST_SCORE_XP // 2
    assert rules.contest_xp(5, 0) == rules.CONTEST_BASE_XP
    assert rules.contest_top_up(30, 0) == 30
    assert rules.contest_top_up(40, 30) == 10
    assert rules.contest_top_up(20, 30) == 0


def test_practice_xp_is_capped_per_day():
    paid = 0
    for _ in range(100):
        paid += rules.practice_xp(True, paid)
    assert paid == rules.PRACTICE_DAILY_CAP
    assert rules.practice_xp(False, 0) == 0
    assert rules.practice_xp(True, rules.PRACTICE_DAILY_CAP - 1) == 1


def test_levels_have_chinese_names_and_thresholds():
    assert rules.level_for(0).name == "反诈新兵"
    assert rules.level_for(99).number == 1
    assert rules.level_for(100).name == "识骗学徒"
    assert rules.level_for(300).name == "防骗能手"
    assert rules.level_for(700).name == "反诈达人"
    assert rules.level_for(1500).name == "反诈卫士"
    assert rules.level_for(3000).name == "反诈先锋"
    top = rules.level_for(10_000)
    assert top.next_at is None and top.progress == 1.0 and top.to_next == 0
    middle = rules.level_for(200)
    assert middle.progress == pytest.approx(0.5) and middle.to_next == 100
    assert rules.level_for(-5).xp == 0


# --- mastery ----------------------------------------------------------------------------------


def test_mastery_uses_the_latest_answers_and_needs_a_minimum():
    assert not rules.mastery([True] * 4).enough
    assert rules.mastery([True] * 5).mastered
    # Old mistakes fall out of the window: the 20 latest are right.
    assert rules.mastery([True] * 20 + [False] * 30).mastered
    m = rules.mastery([True, False] * 10)
    assert m.accuracy == pytest.approx(0.5) and not m.mastered
    assert rules.mastery([]).accuracy is None


# --- badges -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "earning", "not_yet"), [
    ("first_practice", Facts(practice_answers=1), Facts()),
    ("practice_100", Facts(practice_answers=100), Facts(practice_answers=99)),
    ("first_contest", Facts(contests_finished=1), Facts()),
    ("full_marks", Facts(full_marks_contests=1), Facts(contests_finished=3)),
    ("streak_7", Facts(longest_streak=7), Facts(longest_streak=6)),
    ("mistakes_10", Facts(mistakes_cleared=10), Facts(mistakes_cleared=9)),
    ("all_mastered", Facts(scam_types=3, mastered_types=3),
     Facts(scam_types=3, mastered_types=2)),
    ("first_volunteer", Facts(approved_volunteer_activities=1),
     Facts(approved_volunteer_activities=None)),
])
def test_each_badge_rule(code, earning, not_yet):
    badge = rules.BADGES_BY_CODE[code]
    assert badge.rule(earning)
    assert not badge.rule(not_yet)
    assert code in rules.earned_badges(earning)
    assert code not in rules.earned_badges(earning, already=[code])


def test_no_types_is_not_all_mastered_and_badges_are_one_table():
    assert not rules.BADGES_BY_CODE["all_mastered"].rule(Facts(scam_types=0))
    assert len(rules.BADGES_BY_CODE) == len(rules.BADGES)
    for badge in rules.BADGES:
        assert badge.name and badge.description and len(badge.glyph) == 1
        assert badge.colour.startswith("#")
