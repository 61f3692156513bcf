"""Flask glue for `quiz.permissions`: load an object by id for the current user, or stop.

An object outside the user's view answers 404, exactly like one that does not exist, so ids
cannot be probed; an object they may see but not change answers 403.
"""

from __future__ import annotations

from functools import wraps
from typing import TypeVar

from flask import abort
from flask_login import current_user, login_required

from quiz.extensions import db
from quiz.permissions.rules import Action, Area, can

T = TypeVar("T")


def load_or_404(model: type[T], object_id: int, action: Action = Action.VIEW) -> T:
    obj = db.session.get(model, object_id)
    if obj is None or not can(current_user, Action.VIEW, obj):
        abort(404)
    if action is not Action.VIEW and not can(current_user, action, obj):
        abort(403)
    return obj


def area_required(area: Area):
    """A view for those who may see `area` (login first; 403 for the others)."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not can(current_user, Action.VIEW, area):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def can_current(action: Action | str, obj: object) -> bool:
    """`can` for the logged-in user: the `can` template global."""
    return can(current_user, action, obj)


def init_app(app) -> None:
    app.add_template_global(can_current, "can")
