"""Class figures rolled up to schools, districts, the city and each contest.

Pure: plain rows in (from quiz.reports.queries), plain figures out.

What the figures mean (the README and the sheets say the same):
- 在册学生 (enrolled): active students of the classes that at least one selected contest is
  for; 参与学生 (participants): those of them who finished at least one selected contest.
- 应参赛人次 / 实参赛人次: (student, contest) pairs a contest is for / pairs with a finished
  attempt. With one contest they equal the students.
- 平均分(参与者): mean best score over the pairs that took part; 平均分(在册，未参与计0):
  the same sum over every pair the contests were for, non-participants counting 0 (how
  classes and schools are ranked, DESIGN.md §2); 得分率: best scores over their maxima.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from quiz.reports.queries import BestRow, ClassRow, ContestRow


@dataclass
class Figures:
    schools: int = 0
    classes: int = 0
    enrolled: int = 0
    participants: int = 0
    expected: int = 0
    taken: int = 0
    score_sum: int = 0
    max_sum: int = 0
    school_ids: set[int] = field(default_factory=set, repr=False)

    def add(self, other: Figures) -> None:
        self.school_ids |= other.school_ids
        self.schools = len(self.school_ids)
        self.classes += other.classes
        self.enrolled += other.enrolled
        self.participants += other.participants
        self.expected += other.expected
        self.taken += other.taken
        self.score_sum += other.score_sum
        self.max_sum += other.max_sum

    @property
    def rate(self) -> float | None:
        return self.participants / self.enrolled if self.enrolled else None

    @property
    def mean_participants(self) -> float | None:
        return self.score_sum / self.taken if self.taken else None

    @property
    def mean_enrolled(self) -> float | None:
        return self.score_sum / self.expected if self.expected else None

    @property
    def score_rate(self) -> float | None:
        return self.score_sum / self.max_sum if self.max_sum else None


@dataclass
class Rollup:
    classes: dict[int, Figures]     # class id → figures (reached classes only)
    schools: dict[int, Figures]
    districts: dict[int, Figures]
    city: Figures
    contests: dict[int, Figures]    # contest id → figures


def roll_up(classes: Iterable[ClassRow], contests: Iterable[ContestRow],
            best: Iterable[BestRow], participants: dict[int, int]) -> Rollup:
    """Figures per reached class, then summed upwards; per contest over the same classes."""
    contests = list(contests)
    by_class: dict[int, Figures] = {}
    info: dict[int, ClassRow] = {}
    reached_by: dict[int, list[int]] = {}
    for row in classes:
        reaching = [c.id for c in contests if c.reaches(row)]
        if not reaching:
            continue
        info[row.class_id] = row
        reached_by[row.class_id] = reaching
        by_class[row.class_id] = Figures(
            schools=1, classes=1, enrolled=row.enrolled,
            participants=min(participants.get(row.class_id, 0), row.enrolled),
            expected=row.enrolled * len(reaching), school_ids={row.school_id})
    per_contest: dict[int, Figures] = {c.id: Figures() for c in contests}
    for class_id, contest_ids in reached_by.items():
        row = info[class_id]
        for contest_id in contest_ids:
            per_contest[contest_id].add(Figures(schools=1, classes=1, enrolled=row.enrolled,
                                                expected=row.enrolled,
                                                school_ids={row.school_id}))
    for b in best:
        if b.class_id not in by_class or b.contest_id not in per_contest:
            continue  # a student who since moved to a class the contests were not for
        figures = by_class[b.class_id]
        figures.taken += b.taken
        figures.score_sum += b.score_sum
        figures.max_sum += b.max_sum
        contest = per_contest[b.contest_id]
        contest.participants += b.taken
        contest.taken += b.taken
        contest.score_sum += b.score_sum
        contest.max_sum += b.max_sum
    schools: dict[int, Figures] = {}
    districts: dict[int, Figures] = {}
    city = Figures()
    for class_id, figures in by_class.items():
        row = info[class_id]
        schools.setdefault(row.school_id, Figures()).add(figures)
        districts.setdefault(row.district_id, Figures()).add(figures)
        city.add(figures)
    return Rollup(by_class, schools, districts, city, per_contest)
