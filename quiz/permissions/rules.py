"""Who may do what: the one place that answers "may this user see / change this object".

Scopes: a bureau admin has the city, but as aggregates: it may look at every school, class and
student record, yet it never sees students' names or numbers and never changes a class or a
student (rosters, password resets and login slips are the school's). A school admin has their
school; a teacher changes their own classes and their students and may only look at the rest of
their school, by counts: names, student numbers and last logins (`Action.NAMES`) only for the
classes they teach. A student sees and changes only themselves (and sees their own class and
school, their classmates by name). Question banks: the city's are
the bureau's and every staff member reads them; a school's own bank is its staff's alone.
Views, the API and the CLI all ask `can`; the table-driven test in tests/test_permissions.py
walks the whole matrix.

Pure: no Flask imports; it reads plain attributes of the objects it is given.
"""

from __future__ import annotations

import enum
from typing import Any

from quiz.models import (
    Attempt,
    Contest,
    District,
    Question,
    QuestionVersion,
    Role,
    ScamType,
    School,
    SchoolClass,
    StaffUser,
    Student,
)
from quiz.models.audit import AuditEntry
from quiz.models.volunteers import Activity, VolunteerTeam
from quiz.permissions import contests, volunteers


class Action(enum.StrEnum):
    VIEW = "view"
    CHANGE = "change"
    NAMES = "names"  # see the students of a class (or one student) by name and number
    REVIEW = "review"  # approve or reject a volunteer activity


class Area(enum.StrEnum):
    """A part of the site rather than one object: what menus, links and page variants ask
    (`can(user, "view", Area.CITY)`, in a template `can('view', 'city')`)."""

    STAFF_PAGES = "staff_pages"  # contests, banks, reports, mastery: every active staff member
    CITY = "city"  # city-wide figures and choices (districts, any school, seasons): the bureau
    WHOLE_SCHOOL = "whole_school"  # every class of the school as one's own: the school admin
    AUDIT_LOG = "audit_log"  # the bureau (the city's) and a school admin (their school's)
    QUESTION_REPORTS = "question_reports"  # students' error reports on the city's banks
    OWN_VOLUNTEERING = "own_volunteering"  # logging one's own outreach: students
    SCHOOL_WORK = "school_work"  # the school's own work (rosters, its volunteer team): its staff
    SCHOOL_BOARDS = "school_boards"  # boards of one's own school: everyone who has a school


_AREA_ROLES: dict[Area, frozenset[Role]] = {
    Area.STAFF_PAGES: frozenset({Role.BUREAU_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER}),
    Area.CITY: frozenset({Role.BUREAU_ADMIN}),
    Area.WHOLE_SCHOOL: frozenset({Role.SCHOOL_ADMIN}),
    Area.AUDIT_LOG: frozenset({Role.BUREAU_ADMIN, Role.SCHOOL_ADMIN}),
    Area.QUESTION_REPORTS: frozenset({Role.BUREAU_ADMIN}),
    Area.OWN_VOLUNTEERING: frozenset({Role.STUDENT}),
    Area.SCHOOL_WORK: frozenset({Role.SCHOOL_ADMIN, Role.TEACHER}),
    Area.SCHOOL_BOARDS: frozenset({Role.SCHOOL_ADMIN, Role.TEACHER, Role.STUDENT}),
}

BANK_OBJECTS = (ScamType, Question, QuestionVersion)


def can(user: Any, action: Action | str, obj: Any) -> bool:
    """True when `user` may perform `action` on `obj`; False for anything not granted."""
    action = Action(action)
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if isinstance(obj, str):
        return action is Action.VIEW and _area_can(user, Area(obj))
    if action is Action.NAMES and not isinstance(obj, SchoolClass | Student):
        return False  # names are a property of a class's students, nothing else
    if isinstance(obj, Activity | VolunteerTeam | AuditEntry):
        return _school_record_can(user, action, obj)
    if isinstance(obj, Contest):
        return _contest_can(user, action, obj)
    if isinstance(obj, Attempt):
        return _attempt_can(user, action, obj)
    if isinstance(user, Student):
        return _student_can(user, action, obj)
    if isinstance(user, StaffUser) and user.active:
        role = Role(user.role)
        if role is Role.BUREAU_ADMIN:
            return _bureau_can(action, obj)
        if role is Role.SCHOOL_ADMIN:
            return _school_admin_can(user, action, obj)
        if role is Role.TEACHER:
            return _teacher_can(user, action, obj)
    return False


def _area_can(user: Any, area: Area) -> bool:
    if isinstance(user, StaffUser) and not user.active:
        return False
    if not isinstance(user, StaffUser | Student):
        return False
    return Role(user.role) in _AREA_ROLES[area]


def _contest_can(user: Any, action: Action, contest: Contest) -> bool:
    """View: the students it is for, staff whose school it touches, the bureau. Change (edit,
    cancel, extend time, every class's results): its creator, their school admin, the bureau.
    Who is named in its results is the classes' rule (NAMES on each class)."""
    if action is Action.VIEW:
        return contests.may_view(user, contest)
    if action is Action.CHANGE:
        return contests.may_manage(user, contest)
    return False


def _attempt_can(user: Any, action: Action, attempt: Attempt) -> bool:
    """An attempt is a named record: its student answers it; staff see (and, if they manage
    the contest, change) the attempts of students they see by name. The bureau never does."""
    if isinstance(user, Student):
        return action in (Action.VIEW, Action.CHANGE) and attempt.student_id == user.id
    if action is Action.VIEW:
        allowed = contests.may_view(user, attempt.contest)
    elif action is Action.CHANGE:
        allowed = contests.may_manage(user, attempt.contest)
    else:
        return False
    return allowed and can(user, Action.NAMES, attempt.student)


def _school_record_can(user: Any, action: Action, obj: Any) -> bool:
    """Volunteer activities and teams (run by the school's staff, school-wide) and audit
    entries (the bureau reads all, a school admin their school's)."""
    if isinstance(obj, AuditEntry):
        if not isinstance(user, StaffUser) or not user.active or action is not Action.VIEW:
            return False
        return user.role == Role.BUREAU_ADMIN or (
            user.role == Role.SCHOOL_ADMIN and obj.school_id == user.school_id)
    if isinstance(obj, Activity):
        if action is Action.VIEW:
            return volunteers.may_view_activity(user, obj, [p.student_id
                                                            for p in obj.participants])
        if action is Action.REVIEW:
            return volunteers.may_review_activity(user, obj)
        return volunteers.may_edit_activity(user, obj)
    if action is Action.VIEW and isinstance(user, Student):
        return user.school_id == obj.school_id
    return volunteers.is_school_staff(user, obj.school_id)


def school_id_of(obj: Any) -> int | None:
    """The school an object belongs to, or None for city-wide objects."""
    if isinstance(obj, School):
        return obj.id
    if isinstance(obj, SchoolClass | Student | StaffUser):
        return obj.school_id
    return None


def bank_owner_school_id(obj: ScamType | Question | QuestionVersion) -> int | None:
    """The school that owns a bank object, or None for the city's banks."""
    if isinstance(obj, QuestionVersion):
        obj = obj.question
    if isinstance(obj, Question):
        obj = obj.scam_type
    return obj.owner_school_id


def _school_staff_can(user: StaffUser, action: Action, obj: Any) -> bool | None:
    """Rules school admins and teachers share; None for objects they do not decide."""
    if isinstance(obj, BANK_OBJECTS):
        # The city's banks are the bureau's to change; a school's own bank is its staff's.
        owner = bank_owner_school_id(obj)
        if owner is None:
            return action is Action.VIEW
        return owner == user.school_id
    if isinstance(obj, District):
        return action is Action.VIEW and user.school is not None and (
            user.school.district_id == obj.id
        )
    return None


def _bureau_can(action: Action, obj: Any) -> bool:
    """The whole city, as aggregates: no names, and the school's own records stay the school's."""
    if isinstance(obj, SchoolClass | Student):
        return action is Action.VIEW
    return True


def _school_admin_can(user: StaffUser, action: Action, obj: Any) -> bool:
    shared = _school_staff_can(user, action, obj)
    if shared is not None:
        return shared
    if isinstance(obj, StaffUser) and obj.role == Role.BUREAU_ADMIN:
        return False
    owner = school_id_of(obj)
    return owner is not None and owner == user.school_id


def _teacher_can(user: StaffUser, action: Action, obj: Any) -> bool:
    shared = _school_staff_can(user, action, obj)
    if shared is not None:
        return shared
    if isinstance(obj, StaffUser):
        if obj.id == user.id:
            return True
        return action is Action.VIEW and obj.school_id == user.school_id
    owner = school_id_of(obj)
    if owner is None or owner != user.school_id:
        return False
    if action is Action.VIEW:
        return True
    taught = {c.id for c in user.classes}
    if isinstance(obj, SchoolClass):
        return obj.id in taught
    if isinstance(obj, Student):
        return obj.class_id in taught
    return False  # the school itself is read-only for teachers


def _student_can(user: Student, action: Action, obj: Any) -> bool:
    if isinstance(obj, Student):
        return obj.id == user.id
    if isinstance(obj, SchoolClass) and action is Action.NAMES:
        return obj.id == user.class_id  # classmates by name on the class board
    if action is not Action.VIEW:
        return False
    if isinstance(obj, School):
        return obj.id == user.school_id
    if isinstance(obj, SchoolClass):
        return obj.id == user.class_id
    return False
