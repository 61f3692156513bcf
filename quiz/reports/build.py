"""One participation report for the command line, the API and the pages: the same figures
wherever it is asked for. Queries are grouped in the database (quiz.reports.queries), rolled up
in Python over a few thousand rows (quiz.reports.rollup)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from quiz.reports import queries
from quiz.reports.queries import AccuracyRow, ClassRow, ContestRow, StudentRow
from quiz.reports.rollup import Rollup, roll_up
from quiz.reports.scope import ReportScope
from quiz.volunteers.tallies import DistrictTally, SchoolTally, district_tallies, school_tallies

Progress = Callable[[str, float], None]


@dataclass
class Report:
    scope: ReportScope
    zone: ZoneInfo
    classes: list[ClassRow]
    contests: list[ContestRow]
    figures: Rollup
    accuracy: list[AccuracyRow]
    scam_types: dict[int, tuple[str, str]]  # id → (code, name)
    volunteer_schools: list[SchoolTally]
    volunteer_districts: list[DistrictTally]
    students: list[tuple[int, str, str, int]] | None  # named classes' students, or None
    student_results: list[StudentRow]

    @property
    def has_student_sheet(self) -> bool:
        return self.students is not None


class _Steps:
    """Times each step for the command line's progress lines."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.started = time.perf_counter()

    def done(self, label: str) -> None:
        if self.progress is not None:
            now = time.perf_counter()
            self.progress(label, now - self.started)
            self.started = now


def build_report(session: Session, scope: ReportScope, zone: ZoneInfo,
                 progress: Progress | None = None) -> Report:
    """Every figure of the report for `scope` (see quiz.reports.rollup for their meaning)."""
    filters, ids = scope.filters, scope.school_ids
    steps = _Steps(progress)
    if session.get_bind().dialect.name == "postgresql":
        # Compiling these few grouped queries with LLVM costs more (~0.1 s) than it saves.
        session.execute(text("SET LOCAL jit = off"))
    classes = queries.class_rows(session, ids)
    contests = queries.contests(session, filters, zone)
    steps.done("classes and contests")
    best = queries.best_by_contest_class(session, filters, zone, ids)
    if len(contests) > 1:
        participants = queries.participants_by_class(session, filters, zone, ids)
    else:  # one contest: its best attempts per class are already the distinct students
        participants = {b.class_id: b.taken for b in best}
    figures = roll_up(classes, contests, best, participants)
    steps.done("participation and scores")
    accuracy = queries.accuracy_by_school_type(session, filters, zone, ids)
    names = queries.scam_type_names(session, sorted({a.scam_type_id for a in accuracy}))
    steps.done("accuracy by scam type")
    tally_filter = {"school_ids": ids, "date_from": filters.date_from,
                    "date_to": filters.date_to}
    volunteer_schools = school_tallies(session, **tally_filter)
    volunteer_districts = district_tallies(session, **tally_filter)
    steps.done("volunteer work")
    students = None
    results: list[StudentRow] = []
    if scope.student_class_ids is not None:
        students = queries.active_students(session, scope.student_class_ids)
        results = queries.student_rows(session, filters, zone, scope.student_class_ids)
        steps.done("students of own classes")
    return Report(scope, zone, classes, contests, figures, accuracy, names, volunteer_schools,
                  volunteer_districts, students, results)
