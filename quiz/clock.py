"""The current time for request handling, with a seam for tests.

Views read `now()` once and pass it into the rules and services, which never read the clock
themselves. Tests install a movable clock in `app.extensions["clock"]` to walk through a
contest's window without sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app, has_app_context


def now() -> datetime:
    clock: Callable[[], datetime] | None = (
        current_app.extensions.get("clock") if has_app_context() else None)
    return clock() if clock is not None else datetime.now(UTC)
