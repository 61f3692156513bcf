"""The current time and the city's calendar, with a seam for tests.

Views read `now()` once and pass it into the rules and services, which never read the clock
themselves. Tests install a movable clock in `app.extensions["clock"]` to walk through a
contest's window without sleeping.

The city's zone is the app's `TIMEZONE` setting and nothing else: `city_zone()` refuses to
guess one outside an app context, so code that runs without an app (pure rules, their tests)
passes its zone explicitly. Days (the XP cap, streaks, 每日一练, report ranges) are the city's
calendar days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def now() -> datetime:
    clock: Callable[[], datetime] | None = (
        current_app.extensions.get("clock") if has_app_context() else None)
    return clock() if clock is not None else datetime.now(UTC)


_now = now  # city_today's parameter hides the function


@lru_cache(maxsize=8)
def _zone_named(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def city_zone() -> ZoneInfo:
    """The city's zone, from the app's `TIMEZONE` setting (e.g. Asia/Shanghai)."""
    if not has_app_context():
        raise RuntimeError("city_zone() reads the app's TIMEZONE setting and needs an app "
                           "context; outside one, pass the zone explicitly")
    return _zone_named(current_app.config["TIMEZONE"])


def local_day(moment: datetime, zone: ZoneInfo | None = None) -> date:
    """The calendar day of an aware moment in `zone` (the city's by default)."""
    return moment.astimezone(zone or city_zone()).date()


def city_today(now: datetime | None = None) -> date:
    """Today in the city: the day of `now`, or of the current time when none is given."""
    return local_day(now if now is not None else _now())


def day_start(day: date, zone: ZoneInfo | None = None) -> datetime:
    """The UTC instant a calendar day of `zone` (the city's by default) begins."""
    return datetime.combine(day, time.min, tzinfo=zone or city_zone()).astimezone(UTC)

