"""Whose names a viewer sees: one `NameVisibility`, built once per viewer, decides for every
row of every page, board, export and API answer.

Two levels, from the same rule in `quiz.permissions.rules` (`Action.NAMES`):
- *by name and number* (rosters, contest results, live views, class heat maps, student sheets
  of reports): only the classes the viewer may see by name — a teacher the classes they teach,
  a school admin every class of their school, a student their own class, the bureau none;
- *on boards* (leaderboards, volunteer boards and lists): those classes by name, everyone else
  masked (张*明), except that a school that turned masking off shows its names to its own
  people. The bureau never sees a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from quiz.models import Role, SchoolClass, StaffUser, Student
from quiz.permissions.masking import mask_name


@dataclass(frozen=True)
class NameVisibility:
    """What one viewer sees of students' names (see the module docstring)."""

    named_class_ids: frozenset[int]
    school_id: int | None  # the viewer's school: where an unmasked school shows its names

    @classmethod
    def for_viewer(cls, viewer: Any, session: Session | None = None) -> NameVisibility:
        return cls(frozenset(_named_class_ids(viewer, session)),
                   None if _is_bureau(viewer) else getattr(viewer, "school_id", None))

    def names_class(self, class_id: int) -> bool:
        """Whether the viewer sees this class's students by name and student number."""
        return class_id in self.named_class_ids

    def shows(self, *, class_id: int, school_id: int, school_masks: bool) -> bool:
        """Whether a board shows this student's name unmasked to the viewer."""
        if class_id in self.named_class_ids:
            return True
        return not school_masks and self.school_id is not None and school_id == self.school_id

    def name(self, name: str, *, class_id: int, school_id: int, school_masks: bool) -> str:
        """The name as a board shows it to the viewer."""
        if self.shows(class_id=class_id, school_id=school_id, school_masks=school_masks):
            return name
        return mask_name(name)

    def of(self, student: Student) -> str:
        """One student's name as the viewer's boards show it."""
        return self.name(student.name, class_id=student.class_id, school_id=student.school_id,
                         school_masks=student.school.mask_names)


NOBODY = NameVisibility(frozenset(), None)  # the projector: a screen everyone sees


def _is_bureau(viewer: Any) -> bool:
    return isinstance(viewer, StaffUser) and viewer.role == Role.BUREAU_ADMIN


def _named_class_ids(viewer: Any, session: Session | None) -> set[int]:
    """The classes `can(viewer, NAMES, class)` grants, computed in one query at most."""
    if isinstance(viewer, Student):
        return {viewer.class_id}
    if not isinstance(viewer, StaffUser) or not viewer.active:
        return set()
    if viewer.role == Role.SCHOOL_ADMIN:
        session = session or object_session(viewer)
        return set(session.scalars(select(SchoolClass.id).where(
            SchoolClass.school_id == viewer.school_id)))
    if viewer.role == Role.TEACHER:
        return {c.id for c in viewer.classes}
    return set()
