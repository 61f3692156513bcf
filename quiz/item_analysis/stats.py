"""Item statistics from the database, set-based.

The figures of quiz.item_analysis.rules need, per question version and answer pattern (the
sorted option indices chosen, so whether it is right is fixed within a group), the count of
attempts and a few sums. quiz.item_analysis.tallies keeps those per contest and school as each
attempt finishes; this module sums them over the contests and banks asked for — a few
thousand rows for a whole city, however many attempts there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from quiz.banks.question_types import QUESTION_TYPES
from quiz.item_analysis.rules import Flag, ItemFigures, PatternGroup, item_figures
from quiz.models import Question, QuestionVersion, ScamType
from quiz.models.item_tallies import ItemTally

SORT_KEYS = ("code", "attempts", "facility", "discrimination", "blanks")


@dataclass(frozen=True)
class ItemRow:
    """One question version with its figures, as pages, exports and the API show it."""

    version_id: int
    code: str
    version: int
    scam_type_code: str
    scam_type_name: str
    type: str
    difficulty: int
    stem: str
    options: tuple[str, ...]  # as students see them (true/false: 正确, 错误)
    answer: tuple[int, ...]
    figures: ItemFigures

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.figures.flags

    def option_share(self, index: int) -> float | None:
        attempts = self.figures.attempts
        return self.figures.option_counts[index] / attempts if attempts else None


def pattern_groups(session: Session, *, scam_types: Select | None = None,
                   contest_id: int | None = None) -> dict[int, list[PatternGroup]]:
    """Per question version, its answer-pattern groups over finished attempts, summed from
    the running totals (quiz.item_analysis.tallies) over schools and contests.

    `scam_types` (a select of ScamType) narrows to those banks' versions; `contest_id` to one
    contest's attempts.
    """
    query = (
        select(ItemTally.question_version_id, ItemTally.pattern, ItemTally.is_right,
               func.sum(ItemTally.attempts), func.sum(ItemTally.rest_count),
               func.sum(ItemTally.rest_sum), func.sum(ItemTally.rest_squares))
        .group_by(ItemTally.question_version_id, ItemTally.pattern, ItemTally.is_right)
    )
    if contest_id is not None:
        query = query.where(ItemTally.contest_id == contest_id)
    if scam_types is not None:
        banks = scam_types.with_only_columns(ScamType.id).order_by(None)
        query = query.where(ItemTally.question_version_id.in_(
            select(QuestionVersion.id).join(Question, Question.id == QuestionVersion.question_id)
            .where(Question.scam_type_id.in_(banks))))
    groups: dict[int, list[PatternGroup]] = defaultdict(list)
    for version_id, pattern, right, attempts, rest_count, rest_sum, rest_squares in (
            session.execute(query)):
        chosen = tuple(sorted(int(i) for i in pattern.split(","))) if pattern else None
        groups[version_id].append(PatternGroup(
            chosen=chosen, right=bool(right), attempts=int(attempts),
            rest_count=int(rest_count), rest_sum=float(rest_sum),
            rest_squares=float(rest_squares)))
    return groups


def item_rows(session: Session, *, scam_types: Select | None = None,
              contest_id: int | None = None) -> list[ItemRow]:
    """Every question version asked in a finished attempt (of the banks and contest given),
    with its figures, by question code and version."""
    groups = pattern_groups(session, scam_types=scam_types, contest_id=contest_id)
    if not groups:
        return []
    rows = []
    details = session.execute(
        select(QuestionVersion, Question.code, ScamType.code, ScamType.name)
        .join(Question, Question.id == QuestionVersion.question_id)
        .join(ScamType, ScamType.id == Question.scam_type_id)
        .where(QuestionVersion.id.in_(list(groups))))
    for version, code, type_code, type_name in details:
        options = QUESTION_TYPES[version.type].display_options(tuple(version.options))
        rows.append(ItemRow(
            version_id=version.id, code=code, version=version.version,
            scam_type_code=type_code, scam_type_name=type_name, type=version.type,
            difficulty=version.difficulty, stem=version.stem, options=options,
            answer=tuple(version.answer), figures=item_figures(groups[version.id], len(options))))
    return sort_rows(rows, "code")


def sort_rows(rows: Sequence[ItemRow], key: str, descending: bool = False) -> list[ItemRow]:
    """Rows in the order a maintainer asked for; items without a figure go last either way."""
    if key == "code":
        return sorted(rows, key=lambda r: (r.code, r.version), reverse=descending)
    value = {
        "attempts": lambda r: r.figures.attempts,
        "facility": lambda r: r.figures.facility,
        "discrimination": lambda r: r.figures.discrimination,
        "blanks": lambda r: r.figures.blanks,
    }[key]
    known = [r for r in rows if value(r) is not None]
    unknown = [r for r in rows if value(r) is None]
    known.sort(key=lambda r: (value(r), r.code, r.version), reverse=descending)
    return known + sorted(unknown, key=lambda r: (r.code, r.version))
