"""Who a contest is for, and which contests a user may see.

A contest's scope is its schools (every school when city-wide), optionally narrowed to grades
and to classes. Staff see the contests whose scope touches what they may see; students see
those whose scope includes them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, exists, or_, select

from quiz.i18n import _
from quiz.models import (
    Contest,
    ContestClass,
    ContestSchool,
    Role,
    School,
    SchoolClass,
    StaffUser,
    Student,
    teacher_class,
)
from quiz.permissions.names import NameVisibility


def includes_student(contest: Contest, student: Student) -> bool:
    """True when the student is in the contest's scope."""
    if contest.cancelled_at is not None:
        return False
    if not contest.city_wide and student.school_id not in {s.school_id for s in contest.schools}:
        return False
    if contest.grades and student.school_class.grade not in contest.grades:
        return False
    class_ids = {c.class_id for c in contest.classes}
    return not class_ids or student.class_id in class_ids


def contests_for_student(student: Student) -> Select[tuple[Contest]]:
    """Contests whose scope includes the student (any state; callers filter by time)."""
    in_school = or_(
        Contest.city_wide.is_(True),
        exists().where(ContestSchool.contest_id == Contest.id,
                       ContestSchool.school_id == student.school_id),
    )
    no_classes = ~exists().where(ContestClass.contest_id == Contest.id)
    in_class = exists().where(ContestClass.contest_id == Contest.id,
                              ContestClass.class_id == student.class_id)
    query = select(Contest).where(Contest.cancelled_at.is_(None), in_school,
                                  or_(no_classes, in_class))
    # Grades are a short JSON list; checked in Python (a JSON "contains" differs per database).
    return query.order_by(Contest.opens_at.desc())


def contests_for_staff(user: StaffUser) -> Select[tuple[Contest]]:
    """Contests a staff member may see: the bureau all; school staff those touching their school."""
    query = select(Contest).order_by(Contest.opens_at.desc())
    if user.role == Role.BUREAU_ADMIN:
        return query
    touches_school = or_(
        Contest.city_wide.is_(True),
        Contest.owner_school_id == user.school_id,
        exists().where(ContestSchool.contest_id == Contest.id,
                       ContestSchool.school_id == user.school_id),
    )
    return query.where(touches_school)


def may_manage(user: Any, contest: Contest) -> bool:
    """Who may edit, cancel or see every result: its creator, their school admin, the bureau."""
    if not isinstance(user, StaffUser) or not user.active:
        return False
    if user.role == Role.BUREAU_ADMIN:
        return True
    if contest.owner_school_id != user.school_id:
        return False
    return user.role == Role.SCHOOL_ADMIN or contest.created_by_id == user.id


def may_view(user: Any, contest: Contest) -> bool:
    if isinstance(user, Student):
        return includes_student(contest, user)
    if not isinstance(user, StaffUser) or not user.active:
        return False
    if user.role == Role.BUREAU_ADMIN or contest.city_wide:
        return True
    return contest.owner_school_id == user.school_id or user.school_id in {
        s.school_id for s in contest.schools}


def scope_refusals(creator: StaffUser, *, city_wide: bool, schools: list[School],
                   classes: list[SchoolClass], taught_ids: set[int]) -> list[str]:
    """Why `creator` may not run a contest for this scope (empty: they may).

    The bureau runs city-wide contests and contests for any schools; school staff run their own
    school's. A teacher runs one for the classes they teach, for grades or for the whole school
    (a 德育处 teacher runs the school's); they see names only for the classes they teach.
    """
    role = Role(creator.role)
    if role is Role.BUREAU_ADMIN:
        return []
    if city_wide:
        return [_("只有教育局可以创建全市竞赛。")]
    refusals = []
    if any(s.id != creator.school_id for s in schools):
        refusals.append(_("只能为本校创建竞赛。"))
    if role is Role.TEACHER and classes and not {c.id for c in classes} <= taught_ids:
        refusals.append(_("只能选择自己任教的班级；不选班级即为按年级或全校。"))
    return refusals


def eligible_students(contest: Contest) -> Select[tuple[Student]]:
    """Every student the contest is for (enrolled, whether or not they take part)."""
    query = select(Student).join(SchoolClass, SchoolClass.id == Student.class_id).where(
        Student.active.is_(True))
    if not contest.city_wide:
        query = query.where(Student.school_id.in_([s.school_id for s in contest.schools]))
    if contest.grades:
        query = query.where(SchoolClass.grade.in_(contest.grades))
    if contest.classes:
        query = query.where(Student.class_id.in_([c.class_id for c in contest.classes]))
    return query


def result_class_ids(user: StaffUser, names: NameVisibility) -> set[int] | None:
    """The classes a staff member's view of contest results covers (None: every class of the
    contest). The bureau sees every class, as counts; school staff the classes they see by
    name (a teacher the classes they teach, a school admin the school)."""
    if user.role == Role.BUREAU_ADMIN:
        return None
    return set(names.named_class_ids)


def taught_class_ids(user: StaffUser, session) -> set[int]:
    return set(session.scalars(
        select(teacher_class.c.class_id).where(teacher_class.c.staff_id == user.id)))

