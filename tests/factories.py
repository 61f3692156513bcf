"""Test factories: tests say `make.student(school=...)` and get a committed row."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy.orm import Session

from quiz.models import District, Role, School, SchoolClass, StaffUser, Student

DEFAULT_PASSWORD = "pass-1234"


class Factory:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._seq = itertools.count(1)

    def _save(self, obj: Any) -> Any:
        self.session.add(obj)
        self.session.commit()
        return obj

    def district(self, name: str | None = None) -> District:
        return self._save(District(name=name or f"测试区{next(self._seq)}"))

    def school(self, code: str | None = None, *, name: str | None = None, level: str = "junior",
               district: District | None = None) -> School:
        n = next(self._seq)
        return self._save(School(
            code=code or f"S{n:03d}", name=name or f"测试学校{n}", level=level,
            district=district or self.district(),
        ))

    def school_class(self, school: School | None = None, *, grade: int = 7,
                     name: str | None = None) -> SchoolClass:
        return self._save(SchoolClass(
            school=school or self.school(), grade=grade, name=name or f"{next(self._seq)}班",
        ))

    def student(self, school_class: SchoolClass | None = None, *, student_no: str | None = None,
                name: str = "张小明", password: str = DEFAULT_PASSWORD) -> Student:
        school_class = school_class or self.school_class()
        student = Student(
            school=school_class.school, school_class=school_class,
            student_no=student_no or f"2026{next(self._seq):04d}", name=name,
        )
        student.set_password(password)
        return self._save(student)

    def staff(self, role: Role | str = Role.TEACHER, *, school: School | None = None,
              username: str | None = None, classes: list[SchoolClass] = (),
              password: str = DEFAULT_PASSWORD, name: str = "王老师") -> StaffUser:
        role = Role(role)
        if school is None and role is not Role.BUREAU_ADMIN:
            school = classes[0].school if classes else self.school()
        staff = StaffUser(
            username=username or f"{role.value}{next(self._seq)}", name=name, role=role.value,
            school=school, classes=list(classes),
        )
        staff.set_password(password)
        return self._save(staff)
