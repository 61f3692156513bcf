"""Which board scopes a viewer may open: a class, a school, a district or the city.

Students see their own class's board, their school's, their district's and the city's; school
staff their own school's classes, the school, its district and the city; the bureau any of them.
A scope the viewer may not open is answered exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.models import School, SchoolClass, Student
from quiz.models.types import MAX_ID
from quiz.permissions.rules import Action, Area, can


def board_scope_id(session: Session, viewer: Any, kind: str, *, class_id: int | None,
                   school_id: int | None, district_id: int | None
                   ) -> int | None | Literal[False]:
    """The id of the `kind` scope the viewer asked for (their own when none is named; None for
    the city), or False when there is no such scope for them."""
    city = can(viewer, Action.VIEW, Area.CITY)
    if kind == "class":
        return _class_scope(session, viewer, city, class_id)
    if kind == "school":
        school_id = school_id or (None if city else viewer.school_id)
        if school_id is None or school_id > MAX_ID or session.get(School, school_id) is None:
            return False
        return school_id if city or school_id == viewer.school_id else False
    if kind == "district":
        return _district_scope(session, viewer, city, district_id)
    return None


def _class_scope(session: Session, viewer: Any, city: bool, class_id: int | None
                 ) -> int | Literal[False]:
    school_class = (session.get(SchoolClass, class_id)
                    if class_id and class_id <= MAX_ID else None)
    if school_class is None or (not city and school_class.school_id != viewer.school_id):
        return False
    if isinstance(viewer, Student) and school_class.id != viewer.class_id:
        return False
    return school_class.id


def _district_scope(session: Session, viewer: Any, city: bool, district_id: int | None
                    ) -> int | Literal[False]:
    # Through the viewer's relationship: it keeps the school loaded for the request, where a
    # bare session.get would fetch it again once nothing held the first copy.
    own_district = None if city else viewer.school.district_id
    district_id = district_id or own_district
    if district_id is None or district_id > MAX_ID or (not city and district_id != own_district):
        return False
    if city and session.scalar(select(School.id).where(
            School.district_id == district_id).limit(1)) is None:
        return False
    return district_id
