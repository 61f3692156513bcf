"""XP, levels, streaks, mastery and badges as plain functions (no Flask, no database).

The numbers are chosen so that taking part in contests matters most and practice helps but
cannot buy a place: practice XP is capped per local day, and a contest pays for its best
attempt only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from quiz.i18n import lazy_gettext as _l

# --- XP -------------------------------------------------------------------------------------------

CONTEST_BASE_XP = 10          # for finishing at all: taking part matters
CONTEST_SCORE_XP = 40         # more for the share of the points earned
PRACTICE_CORRECT_XP = 2       # per practice answer that is right
PRACTICE_DAILY_CAP = 40       # practice XP per local day (20 right answers); grinding stops here
DAILY_SET_XP = 20             # for finishing the day's 每日一练 (not capped: once a day anyway)


def contest_xp(score: int, max_score: int) -> int:
    """XP for a contest result: the base plus the share of the points, rounded."""
    if max_score <= 0:
        return CONTEST_BASE_XP
    share = min(max(score, 0), max_score) / max_score
    return CONTEST_BASE_XP + round(CONTEST_SCORE_XP * share)


def contest_top_up(best_xp: int, already_paid: int) -> int:
    """What a finished attempt adds: only an improvement on the best attempt pays more."""
    return max(best_xp - already_paid, 0)


def practice_xp(correct: bool, paid_today: int) -> int:
    """XP for one practice answer, given the practice XP already paid on the same local day."""
    if not correct:
        return 0
    return max(min(PRACTICE_CORRECT_XP, PRACTICE_DAILY_CAP - paid_today), 0)


# --- levels ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelDef:
    number: int
    name: str
    threshold: int   # XP needed to reach it


LEVELS: tuple[LevelDef, ...] = (
    LevelDef(1, _l("反诈新兵"), 0),
    LevelDef(2, _l("识骗学徒"), 100),
    LevelDef(3, _l("防骗能手"), 300),
    LevelDef(4, _l("反诈达人"), 700),
    LevelDef(5, _l("反诈卫士"), 1500),
    LevelDef(6, _l("反诈先锋"), 3000),
    LevelDef(7, _l("反诈宗师"), 6000),
)


@dataclass(frozen=True)
class Level:
    """Where a student stands: their level, and how far into it towards the next."""

    number: int
    name: str
    xp: int
    floor: int                 # XP at which this level starts
    next_at: int | None        # XP at which the next level starts; None at the top
    next_name: str | None

    @property
    def progress(self) -> float:
        """0..1 through the current level (1 at the top level)."""
        if self.next_at is None:
            return 1.0
        return (self.xp - self.floor) / (self.next_at - self.floor)

    @property
    def to_next(self) -> int:
        return 0 if self.next_at is None else self.next_at - self.xp


def level_for(xp: int) -> Level:
    """The level reached with `xp` XP (negative counts as 0)."""
    xp = max(xp, 0)
    index = max(i for i, level in enumerate(LEVELS) if level.threshold <= xp)
    current = LEVELS[index]
    following = LEVELS[index + 1] if index + 1 < len(LEVELS) else None
    return Level(number=current.number, name=str(current.name), xp=xp, floor=current.threshold,
                 next_at=following.threshold if following else None,
                 next_name=str(following.name) if following else None)


# --- streaks --------------------------------------------------------------------------------------


def current_streak(done_days: Iterable[date], today: date) -> int:
    """Days in a row, ending today or yesterday, on which the daily set was finished.

    Today not done yet does not break the streak (the day is not over); a missed day does.
    """
    days = set(done_days)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def longest_streak(done_days: Iterable[date]) -> int:
    """The longest run of consecutive done days ever."""
    days = sorted(set(done_days))
    best = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return best


# --- mastery --------------------------------------------------------------------------------------

MASTERY_WINDOW = 20       # the latest answers per scam type that count
MASTERY_MIN_ANSWERS = 5   # fewer answers than this: not enough to say
MASTERED_ACCURACY = 0.8


@dataclass(frozen=True)
class Mastery:
    """A student's standing in one scam type, from their latest answers."""

    answers: int            # counted (at most MASTERY_WINDOW)
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    @property
    def enough(self) -> bool:
        return self.answers >= MASTERY_MIN_ANSWERS

    @property
    def mastered(self) -> bool:
        return self.enough and (self.accuracy or 0) >= MASTERED_ACCURACY


def mastery(latest_first: Sequence[bool]) -> Mastery:
    """Mastery from right/wrong outcomes ordered newest first (contests and practice alike)."""
    window = list(latest_first[:MASTERY_WINDOW])
    return Mastery(answers=len(window), correct=sum(1 for right in window if right))


# --- badges ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the badge rules look at; gathered from the database by the service."""

    practice_answers: int = 0
    contests_finished: int = 0
    full_marks_contests: int = 0
    longest_streak: int = 0
    scam_types: int = 0              # scam types the student can practise
    mastered_types: int = 0
    mistakes_cleared: int = 0
    # None when the volunteer feature is not installed: badges about it are never awarded.
    approved_volunteer_activities: int | None = None


@dataclass(frozen=True)
class Badge:
    code: str
    name: str
    description: str
    glyph: str      # one character drawn in the badge's medal (an inline SVG, no emoji font)
    colour: str     # the medal's colour
    rule: Callable[[Facts], bool] = field(repr=False)


BADGES: tuple[Badge, ...] = (
    Badge("first_practice", _l("初次练习"), _l("完成第一道练习题"), "练", "#2b6cb0",
          lambda f: f.practice_answers >= 1),
    Badge("practice_100", _l("百题练手"), _l("累计完成 100 道练习题"), "百", "#6b46c1",
          lambda f: f.practice_answers >= 100),
    Badge("first_contest", _l("初上赛场"), _l("完成第一场反诈知识竞赛"), "赛", "#2f855a",
          lambda f: f.contests_finished >= 1),
    Badge("full_marks", _l("满分答卷"), _l("在一场竞赛中拿到满分"), "满", "#c05621",
          lambda f: f.full_marks_contests >= 1),
    Badge("streak_7", _l("七日连练"), _l("连续 7 天完成每日一练"), "七", "#c53030",
          lambda f: f.longest_streak >= 7),
    Badge("mistakes_10", _l("知错能改"), _l("从错题本中消灭 10 道错题"), "改", "#2c7a7b",
          lambda f: f.mistakes_cleared >= 10),
    Badge("all_mastered", _l("反诈全能"), _l("掌握所有诈骗类型（每类近期正确率 80% 以上）"),
          "全", "#b7791f",
          lambda f: f.scam_types > 0 and f.mastered_types >= f.scam_types),
    Badge("first_volunteer", _l("志愿新星"), _l("参加第一次通过审核的反诈志愿活动"),
          "志", "#b83280",
          lambda f: (f.approved_volunteer_activities or 0) >= 1),
)
BADGES_BY_CODE: dict[str, Badge] = {badge.code: badge for badge in BADGES}


def earned_badges(facts: Facts, already: Iterable[str] = ()) -> list[str]:
    """Codes of badges `facts` earn that are not in `already`, in table order."""
    have = set(already)
    return [badge.code for badge in BADGES if badge.code not in have and badge.rule(facts)]
