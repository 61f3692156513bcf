"""Query-string filters shared by list pages.

A filter a person typed wrong is named in a flashed message and ignored, so the page still
answers (with that condition left out) instead of failing.
"""

from __future__ import annotations

from datetime import date

from flask import flash, request

from quiz.i18n import _


def date_arg(name: str) -> date | None:
    """The day in query argument `name` (YYYY-MM-DD), or None when it is missing or bad."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        flash(_("日期“%(raw)s”格式不对，请按 2026-10-01 的格式填写；已忽略这个条件。",
                raw=raw[:20]), "error")
        return None


def date_range_args() -> tuple[date | None, date | None]:
    """The `from`/`to` days; both are dropped when the end comes before the start."""
    date_from, date_to = date_arg("from"), date_arg("to")
    if date_from and date_to and date_to < date_from:
        flash(_("结束日期早于开始日期，已忽略日期条件。"), "error")
        return None, None
    return date_from, date_to
