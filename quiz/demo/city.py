"""The demo city: two districts, four schools, their classes, 360 students and their staff.

Idempotent: everything is looked up by its code, username or student number first, so running
it twice adds nothing.
"""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.models import District, Role, School, SchoolClass, StaffUser, Student
from quiz.passwords import hash_password

# Published in the README: the demo city is for trying the app, never for real pupils.
STAFF_PASSWORD = "demo-2026"  # noqa: S105
STUDENT_PASSWORD = "123456"  # noqa: S105
STUDENTS_PER_CLASS = 30

# (district, code, name, level, classes as (grade, name))
SCHOOLS = [
    ("东湖区", "DH01", "东湖区实验小学", "primary", [(5, "1班"), (5, "2班"), (6, "1班")]),
    ("东湖区", "DH02", "东湖区第一初级中学", "junior", [(7, "1班"), (7, "2班"), (8, "1班")]),
    ("西山区", "XS01", "西山区第二高级中学", "senior", [(10, "1班"), (10, "2班"), (11, "1班")]),
    ("西山区", "XS02", "西山区职业技术学校", "vocational", [(10, "1班"), (10, "2班"), (11, "1班")]),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "子涵浩宇欣怡梓轩雨桐思远佳琪俊杰嘉怡一诺明轩诗涵宇航梦瑶晨曦若曦子墨天佑雅琪家豪"


def _student_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


class _Maker:
    """Looks a row up by its natural key and adds it only if missing, counting what it added."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.created = 0

    def get_or_create(self, model, lookup: dict, **values):
        obj = self.session.scalar(select(model).filter_by(**lookup))
        if obj is None:
            obj = model(**lookup, **values)
            self.session.add(obj)
            self.session.flush()
            self.created += 1
        return obj


def build(session: Session, now: datetime) -> int:
    """Districts, schools, classes, students and staff; no existing row is touched. Returns how
    many rows were added (`now` is unused: the city has no dates, but every builder takes it)."""
    make = _Maker(session)
    student_hash = hash_password(STUDENT_PASSWORD, for_student=True)
    staff_hash = hash_password(STAFF_PASSWORD, for_student=False)
    make.get_or_create(StaffUser, {"username": "bureau"}, name="市教育局管理员",
                       role=Role.BUREAU_ADMIN.value, password_hash=staff_hash)
    for district_name, code, name, level, class_specs in SCHOOLS:
        district = make.get_or_create(District, {"name": district_name})
        school = make.get_or_create(School, {"code": code}, name=name, level=level,
                                    district=district)
        make.get_or_create(StaffUser, {"username": f"{code.lower()}-admin"},
                           name=f"{name}管理员", role=Role.SCHOOL_ADMIN.value, school=school,
                           password_hash=staff_hash)
        rng = random.Random(code)  # noqa: S311 (same names on every machine and run)
        for index, (grade, class_name) in enumerate(class_specs, start=1):
            school_class = make.get_or_create(SchoolClass, {
                "school_id": school.id, "grade": grade, "name": class_name})
            teacher = make.get_or_create(
                StaffUser, {"username": f"{code.lower()}-t{index}"},
                name=f"{rng.choice(SURNAMES)}老师", role=Role.TEACHER.value, school=school,
                password_hash=staff_hash)
            if school_class not in teacher.classes:
                teacher.classes.append(school_class)
            for number in range(1, STUDENTS_PER_CLASS + 1):
                student_no = f"{grade:02d}{index:02d}{number:02d}"
                make.get_or_create(Student, {"school_id": school.id, "student_no": student_no},
                                   name=_student_name(rng), school_class=school_class,
                                   password_hash=student_hash)
    return make.created
