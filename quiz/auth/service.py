"""Checking credentials: one answer for an unknown account and a wrong password."""

from __future__ import annotations

from sqlalchemy import select

from quiz.auth import identity
from quiz.extensions import db
from quiz.models import School, StaffUser, Student, utcnow
from quiz.passwords import burn_time_like_a_check


def authenticate_student(school_code: str, student_no: str, password: str) -> Student | None:
    student = db.session.scalar(
        select(Student)
        .join(School, School.id == Student.school_id)
        .where(School.code == identity.school_code(school_code),
               Student.student_no == identity.student_no(student_no))
    )
    if student is None or not student.active:
        burn_time_like_a_check(password, for_student=True)
        return None
    if not student.check_password(password):
        return None
    student.last_login_at = utcnow()
    return student


def authenticate_staff(username: str, password: str) -> StaffUser | None:
    staff = db.session.scalar(
        select(StaffUser).where(StaffUser.username == identity.staff_username(username)))
    if staff is None or not staff.active:
        burn_time_like_a_check(password, for_student=False)
        return None
    if not staff.check_password(password):
        return None
    staff.last_login_at = utcnow()
    return staff
