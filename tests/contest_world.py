"""A small world for contest tests: a bank, two schools, a teacher and students."""

from __future__ import annotations

from datetime import datetime, timedelta

from quiz import clock
from quiz.models import Contest, Role


def build(make, *, questions_per_difficulty: int = 6) -> dict:
    make.bank("demo", questions_per_difficulty, filename="bank.yaml")
    return people(make)


def people(make, *, second_class: tuple[int, str] = (8, "1班"),
           second_student_no: str = "A101") -> dict:
    """Schools SA and SB, three classes, their staff and four students (no questions)."""
    school_a = make.school("SA", level="junior")
    school_b = make.school("SB", level="junior")
    grade, name = second_class
    class_a1 = make.school_class(school_a, grade=7, name="1班")
    class_a2 = make.school_class(school_a, grade=grade, name=name)
    class_b1 = make.school_class(school_b, grade=7, name="1班")
    return {
        "school_a": school_a, "school_b": school_b,
        "class_a1": class_a1, "class_a2": class_a2, "class_b1": class_b1,
        **staff(make, school_a, class_a1, school_b, class_b1),
        "student": make.student(class_a1, student_no="A001", name="张小明"),
        "student2": make.student(class_a1, student_no="A002", name="李小红"),
        "student_a2": make.student(class_a2, student_no=second_student_no, name="王小刚"),
        "student_b": make.student(class_b1, student_no="B001", name="赵小丽"),
    }


def staff(make, school_a, class_a1, school_b, class_b1) -> dict:
    """A teacher of each school's first class, school A's admin and the bureau."""
    return {
        "teacher": make.staff(Role.TEACHER, school=school_a, classes=[class_a1],
                              username="teacher-a"),
        "teacher_b": make.staff(Role.TEACHER, school=school_b, classes=[class_b1],
                                username="teacher-b"),
        "admin": make.staff(Role.SCHOOL_ADMIN, school=school_a, username="admin-a"),
        "bureau": make.staff(Role.BUREAU_ADMIN, username="bureau"),
    }


# What contest_body draws, for make.contest: five questions, three easy.
BODY_DRAW = [("demo", 3, (1,)), ("demo", 2, (2, 3))]


def contest_body(now: datetime, **overrides) -> dict:
    body = {
        "title": "反诈知识竞赛第一场",
        "scope": {"schools": ["SA"], "classes": []},
        "opens_at": (now - timedelta(minutes=1)).isoformat(),
        "closes_at": (now + timedelta(hours=1)).isoformat(),
        "duration_seconds": 600,
        "draw": [{"scam_type": "demo", "count": 3, "difficulty": [1]},
                 {"scam_type": "demo", "count": 2, "difficulty": [2, 3]}],
    }
    body.update(overrides)
    return body


def open_contest(make, world, **spec) -> Contest:
    """School A's admin's contest of four demo questions, open since five minutes ago."""
    spec.setdefault("opens_at", clock.now() - timedelta(minutes=5))
    return make.contest(world["admin"], title="开放中的竞赛", draw=[("demo", 4)],
                        school_codes=["SA"], **spec)


def form_data(world, clock, **overrides) -> dict:
    start = (clock.current + timedelta(hours=8, minutes=5))  # Asia/Shanghai wall time, roughly
    data = {
        "title": "班级反诈小测",
        "opens_at": start.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (start + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "15",
        "classes": [str(world["class_a1"].id)],
        "rules-0-scam_type": "demo", "rules-0-count": "4",
        "rules-0-easy": "y", "rules-0-medium": "y",
        "paper": "shared", "shuffle_options": "y", "max_attempts": "1",
        "reveal": "after_finish", "points_easy": "5", "points_medium": "10", "points_hard": "15",
    }
    data.update(overrides)
    return data
