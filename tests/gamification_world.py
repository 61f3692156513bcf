"""A small world for practice and gamification tests: two scam-type banks, two schools."""

from __future__ import annotations

import textwrap

from quiz.banks.question_types import QUESTION_TYPES
from quiz.contests.rules.shuffling import present_options
from quiz.extensions import db
from quiz.models import QuestionVersion, Role
from quiz.models.gamification import PracticeAnswer
from tests.contest_world import bank_yaml, import_bank


def build(make, *, per_difficulty: int = 2) -> dict:
    """Banks `alpha` and `beta` (3 × per_difficulty questions each), schools SA and SB."""
    import_bank(textwrap.dedent(bank_yaml("alpha", per_difficulty)), "alpha.yaml")
    import_bank(textwrap.dedent(bank_yaml("beta", per_difficulty)), "beta.yaml")
    school_a = make.school("SA", level="junior")
    school_b = make.school("SB", level="junior")
    class_a1 = make.school_class(school_a, grade=7, name="1班")
    class_a2 = make.school_class(school_a, grade=7, name="2班")
    class_b1 = make.school_class(school_b, grade=7, name="1班")
    return {
        "school_a": school_a, "school_b": school_b,
        "class_a1": class_a1, "class_a2": class_a2, "class_b1": class_b1,
        "teacher": make.staff(Role.TEACHER, school=school_a, classes=[class_a1],
                              username="teacher-a"),
        "teacher_b": make.staff(Role.TEACHER, school=school_b, classes=[class_b1],
                                username="teacher-b"),
        "admin": make.staff(Role.SCHOOL_ADMIN, school=school_a, username="admin-a"),
        "bureau": make.staff(Role.BUREAU_ADMIN, username="bureau"),
        "student": make.student(class_a1, student_no="A001", name="张小明"),
        "student2": make.student(class_a1, student_no="A002", name="李小红"),
        "student_a2": make.student(class_a2, student_no="A201", name="王小刚"),
        "student_b": make.student(class_b1, student_no="B001", name="赵小丽"),
    }


def keys_for(ticket_id: int, right: bool = True) -> list[str]:
    """The option keys of a ticket that answer it right (or wrong), read from the database."""
    db.session.expire_all()
    ticket = db.session.get(PracticeAnswer, ticket_id)
    version = db.session.get(QuestionVersion, ticket.question_version_id)
    texts = QUESTION_TYPES[version.type].display_options(tuple(version.options))
    presented = present_options(seed=ticket.seed, position=0, option_count=len(texts),
                                shuffle=True)
    key_of = {o.index: o.key for o in presented}
    if right:
        return [key_of[i] for i in version.answer]
    wrong = next(i for i in range(len(texts)) if i not in version.answer)
    return [key_of[wrong]]
