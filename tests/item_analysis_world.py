"""A class of 40 playing a five-question paper whose items behave differently, for the item
analysis tests (tests/test_item_analysis.py, tests/browser)."""

from __future__ import annotations

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import ContestPaperItem
from tests.contest_world import build as build_world

STUDENTS = 40


def build(make) -> dict:
    """The contest world, 40 more students in class a1 and the bureau's five-question contest."""
    world = build_world(make)
    class_a1 = world["class_a1"]
    world["class"] = [make.student(class_a1, student_no=f"S{i:03d}", name=f"学生{i}")
                      for i in range(STUDENTS)]
    world["contest"] = make.contest(world["bureau"], title="全市赛", school_codes=["SA"],
                                    draw=[("demo", 5, (1,))])
    world["paper"] = [item.question_version_id for item in db.session.scalars(
        select(ContestPaperItem).where(ContestPaperItem.contest_id == world["contest"].id)
        .order_by(ContestPaperItem.position))]
    return world


def play_everyone(make, world, students=None):
    """Student i of 40: the easy item right for all, the hard one only for the top two, three
    items right from a rising ability, the first five students leave the hard item blank."""
    easy, hard, *graded = world["paper"]
    cutoffs = dict(zip(graded, (10, 20, 30), strict=True))
    for i, student in enumerate(students or world["class"]):
        def choose(version, i=i):
            if version.id == easy:
                return True
            if version.id == hard:
                return None if i < 5 else i >= STUDENTS - 2
            return i >= cutoffs[version.id]
        make.played(world["contest"], student, choose)
