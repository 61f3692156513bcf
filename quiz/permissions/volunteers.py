"""Who may do what with volunteer teams and activities (the rules in words: the docstring of
`quiz.volunteers.rules`). Running a team is a school-wide role: any teacher or the school admin
of its school; the bureau reads aggregates only.

Pure: plain attributes of the objects given.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quiz.models.org import Role, StaffUser, Student
from quiz.models.volunteers import Activity


def is_school_staff(user: Any, school_id: int) -> bool:
    """A teacher or school admin of that school (the people who run its team)."""
    return (isinstance(user, StaffUser) and user.active
            and user.role in (Role.TEACHER, Role.SCHOOL_ADMIN)
            and user.school_id == school_id)


def is_bureau(user: Any) -> bool:
    return isinstance(user, StaffUser) and user.active and user.role == Role.BUREAU_ADMIN


def may_view_activity(user: Any, activity: Activity, participant_ids: Iterable[int]) -> bool:
    if is_school_staff(user, activity.school_id):
        return True
    if isinstance(user, Student) and user.school_id == activity.school_id:
        return (activity.logged_by_student_id == user.id
                or user.id in set(participant_ids))
    return False


def may_edit_activity(user: Any, activity: Activity) -> bool:
    if is_school_staff(user, activity.school_id):
        return True
    return isinstance(user, Student) and activity.logged_by_student_id == user.id


def may_review_activity(user: Any, activity: Activity) -> bool:
    return is_school_staff(user, activity.school_id)
