"""The years a date or time typed into the app may have: 2000 to 2100.

Beyond them a day has no use here, and the extremes break arithmetic: 9999-12-31T23:59-12:00
is year 10000 in UTC and 0001-01-01T00:00+14:00 is before year 1 (OverflowError), so the API
schemas, the forms and the report filters all refuse them with the same clear message first.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from wtforms.validators import ValidationError

from quiz.i18n import _, lazy_gettext

FIRST_YEAR, LAST_YEAR = 2000, 2100


def in_bounds(value: date | datetime) -> bool:
    """Whether the value's year (in its own zone, which can never overflow) is allowed."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


def message() -> str:
    return _("日期须在 %(first)s 年到 %(last)s 年之间。", first=FIRST_YEAR, last=LAST_YEAR)


def check_datetime(value: datetime) -> datetime:
    """A pydantic after-validator: the value, or ValueError with the message."""
    if not in_bounds(value):
        raise ValueError(message())
    return value


class InBounds:
    """A WTForms validator for date and datetime fields (a missing value is left to others)."""

    field_flags: dict[str, Any] = {}

    def __init__(self) -> None:
        self.text = lazy_gettext("日期须在 %(first)s 年到 %(last)s 年之间。")

    def __call__(self, _form: Any, field: Any) -> None:
        if field.data is not None and not in_bounds(field.data):
            raise ValidationError(str(self.text) % {"first": FIRST_YEAR, "last": LAST_YEAR})
