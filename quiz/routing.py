"""URL converters shared by every blueprint."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

MAX_ROW_ID = 2**31 - 1  # ids are 32-bit integer columns


class RowIdConverter(IntegerConverter):
    """`<int:…>` in our URLs names a database row. A number past the 32-bit range names no row,
    so the router answers 404 instead of letting PostgreSQL fail on an out-of-range value."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)
