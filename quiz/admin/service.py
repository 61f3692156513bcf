"""Password resets and login slips."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.models import SchoolClass, Student
from quiz.passwords import make_initial_password


@dataclass(frozen=True)
class Slip:
    school_code: str
    school_name: str
    class_label: str
    student_no: str
    name: str
    password: str


def reset_password(student: Student) -> str:
    """Give the student a new initial password and return it (shown once, never stored)."""
    password = make_initial_password()
    student.set_password(password)
    return password


def issue_slips(school_class: SchoolClass, *, include_logged_in: bool) -> list[Slip]:
    """New initial passwords for a class, one slip each.

    Passwords are kept only as hashes, so printing slips means issuing new ones; students who
    have already logged in (and may have chosen their own) are left out unless asked for.
    """
    slips = []
    for student in school_class.students:
        if not student.active or (student.last_login_at is not None and not include_logged_in):
            continue
        slips.append(Slip(
            school_code=school_class.school.code, school_name=school_class.school.name,
            class_label=school_class.label, student_no=student.student_no, name=student.name,
            password=reset_password(student),
        ))
    return slips
