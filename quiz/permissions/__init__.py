"""The one place for access: who may see or do what, and whose names they see.

- `rules`: `can(user, action, obj)`, pure, for every object type;
- `contests`: who a contest is for, who may see and manage it;
- `queries`: the list-shaped twin of `can` (`visible_*`), as SQL;
- `names`: `NameVisibility`, masked or shown for every row;
- `web`: Flask glue (load an object for the current user or 404/403; the `can` template
  global).
Routes, the API, the CLI and templates all ask here; tests/test_permissions.py walks the matrix.
"""

from quiz.permissions.names import NOBODY, NameVisibility
from quiz.permissions.queries import (
    banks_for_school,
    maintained_scam_types,
    taught_classes,
    visible_audit_entries,
    visible_classes,
    visible_scam_types,
    visible_schools,
)
from quiz.permissions.rules import Action, Area, bank_owner_school_id, can, school_id_of
from quiz.permissions.web import area_required, load_or_404

__all__ = [
    "NOBODY", "Action", "Area", "NameVisibility", "area_required", "bank_owner_school_id",
    "banks_for_school", "can", "load_or_404", "maintained_scam_types", "school_id_of",
    "taught_classes",
    "visible_audit_entries", "visible_classes", "visible_scam_types", "visible_schools",
]
