"""A small world for volunteer tests: two schools in two districts, staff, students (teams,
members and activities come from the factories: make.team, make.member, make.activity)."""

from __future__ import annotations

from quiz.models import Role
from tests.contest_world import staff


def build(make) -> dict:
    d1 = make.district("东湖区")
    d2 = make.district("西山区")
    school_a = make.school("VA", name="东湖第一中学", district=d1)
    school_b = make.school("VB", name="西山实验中学", district=d2)
    class_a1 = make.school_class(school_a, grade=7, name="1班")
    class_a2 = make.school_class(school_a, grade=8, name="2班")
    class_b1 = make.school_class(school_b, grade=7, name="1班")
    return {
        "d1": d1, "d2": d2, "school_a": school_a, "school_b": school_b,
        "class_a1": class_a1, "class_a2": class_a2, "class_b1": class_b1,
        **staff(make, school_a, class_a1, school_b, class_b1),
        "teacher_a2": make.staff(Role.TEACHER, school=school_a, classes=[class_a2],
                                 username="teacher-a2"),
        "admin_b": make.staff(Role.SCHOOL_ADMIN, school=school_b, username="admin-b"),
        "s1": make.student(class_a1, student_no="A001", name="张小明"),
        "s2": make.student(class_a1, student_no="A002", name="李小红"),
        "s3": make.student(class_a2, student_no="A101", name="王小刚"),
        "sb": make.student(class_b1, student_no="B001", name="赵小丽"),
    }
