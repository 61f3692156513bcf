"""The one policy for query-string parameters on pages, and the parsers that apply it.

A page's parameters are one of three kinds, and a bad value is answered by its kind:

- **A filter** narrows a list the person is looking at (dates, a page number, a difficulty, a
  class to pick students from). A bad one is named in a flashed message and left out, so the
  page still answers with the rest: `filter_int`, `filter_date`, `filter_range`.
- **A reference** names an object by id (`?copy=`, `?school=`, `?district=`). A malformed id is
  answered like an id that does not exist, or one the viewer may not see: 404, so ids cannot be
  probed: `object_id`.
- **A choice** says what the page shows at all (a board's level, scope, contest or season).
  Without it there is nothing sensible to show, so a bad one is a bad request: 400 with a
  message naming the parameter: `choice_int`, or raise `quiz.errors.BadRequest`.

The JSON API reads its parameters in its own schema and answers 422 with the field (see
quiz/api). Forms sent with GET (the report filters) are forms: their errors sit on the fields.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import NoReturn

from flask import abort, flash, request

from quiz.errors import BadRequest
from quiz.i18n import _
from quiz.models.types import MAX_ID

_MAX_DIGITS = 9


def _raw(name: str) -> str:
    return request.args.get(name, "").strip()


def _positive(raw: str) -> int | None:
    if not raw.isdigit() or len(raw) > _MAX_DIGITS or not 1 <= int(raw) <= MAX_ID:
        return None
    return int(raw)


def filter_int(name: str, message: str, *, default: int | None = None,
               allowed: Collection[int] | None = None) -> int | None:
    """A positive whole number filter (`allowed`: only these); bad → `message` flashed and
    `default` used."""
    raw = _raw(name)
    if not raw:
        return default
    value = _positive(raw)
    if value is None or (allowed is not None and value not in allowed):
        flash(message, "error")
        return default
    return value


def filter_date(name: str) -> date | None:
    """The day in `name` (YYYY-MM-DD), or None when it is missing or bad (then named)."""
    raw = _raw(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        flash(_("日期“%(raw)s”格式不对，请按 2026-10-01 的格式填写；已忽略这个条件。",
                raw=raw[:20]), "error")
        return None


def filter_range(start: str = "from", end: str = "to") -> tuple[date | None, date | None]:
    """The `from`/`to` days; both are dropped when the end comes before the start."""
    date_from, date_to = filter_date(start), filter_date(end)
    if date_from and date_to and date_to < date_from:
        flash(_("结束日期早于开始日期，已忽略日期条件。"), "error")
        return None, None
    return date_from, date_to


def _whole_number(name: str, refuse: Callable[[], NoReturn]) -> int | None:
    raw = _raw(name)
    if not raw:
        return None
    value = _positive(raw)
    if value is None:
        refuse()
    return value


def object_id(name: str) -> int | None:
    """The id in `name`, None when absent; a malformed one is a missing object (404)."""
    return _whole_number(name, lambda: abort(404))


def _bad_request(name: str) -> NoReturn:
    raise BadRequest(_("参数 %(name)s 应为正整数。", name=name))


def choice_int(name: str) -> int | None:
    """A positive whole number that chooses what the page shows; a bad one is a 400."""
    return _whole_number(name, lambda: _bad_request(name))
