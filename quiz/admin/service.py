"""Password resets and login slips."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from quiz.auth.accounts import give_initial_password
from quiz.models import SchoolClass, Student


@dataclass(frozen=True)
class Slip:
    school_code: str
    school_name: str
    class_label: str
    student_no: str
    name: str
    password: str


def reset_password(session: Session, student: Student, now: datetime) -> str:
    """Give the student a new initial password and return it (shown once, never stored).

    The student is logged out everywhere (their old sessions and API tokens end) and must
    choose their own password at the next login."""
    return give_initial_password(session, student, now)


def issue_slips(session: Session, school_class: SchoolClass, now: datetime, *,
                include_logged_in: bool) -> list[Slip]:
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
            password=reset_password(session, student, now),
        ))
    return slips
