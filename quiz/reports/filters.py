"""The report's filters, parsed and checked the same way for the CLI, the API and the pages.

Pure: no Flask, no database. Every problem becomes a domain error (quiz/errors.py) carrying the
HTTP status the API answers with (the CLI exits 1 with the message, pages show it next to the
field).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from quiz.date_bounds import FIRST_YEAR, LAST_YEAR  # one rule for every date typed
from quiz.errors import Invalid, NotFound
from quiz.i18n import _
from quiz.models.types import MAX_ID

FORMATS = ("xlsx", "csv")


@dataclass(frozen=True)
class Filters:
    """What to count. Contests are chosen by `contest_id` and/or by their opening day (in the
    city's zone) falling within `date_from`..`date_to` (both inclusive, either may be open);
    volunteer activity by the day it took place. All conditions combine with AND."""

    contest_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    district: str | None = None
    school: str | None = None

    def utc_bounds(self, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
        """[start, end) in UTC for the local days of the range (None where open)."""
        start = end = None
        if self.date_from is not None:
            start = datetime.combine(self.date_from, time(), zone).astimezone(ZoneInfo("UTC"))
        if self.date_to is not None:
            end = datetime.combine(self.date_to + timedelta(days=1), time(), zone).astimezone(
                ZoneInfo("UTC"))
        return start, end


def parse_date(raw: str | None, field: str) -> date | None:
    """A YYYY-MM-DD day, or None for an empty value."""
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        label = _("开始日期") if field == "from" else _("结束日期")
        raise Invalid(_("%(label)s「%(value)s」不是有效日期，请写成 YYYY-MM-DD，例如 "
                                 "2026-11-25。", label=label, value=text[:20]), field) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        label = _("开始日期") if field == "from" else _("结束日期")
        raise Invalid(_("%(label)s %(value)s 超出范围（%(first)s 至 %(last)s 年）。",
                                 label=label, value=text, first=FIRST_YEAR, last=LAST_YEAR),
                          field)
    return day


def parse_contest_id(raw: str | int | None) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip()
    if not text.isdigit() or len(text) > 12:
        raise Invalid(_("竞赛编号「%(value)s」应为正整数。", value=text[:20]), "contest")
    if int(text) > MAX_ID:  # no such row, and the database would refuse the number itself
        raise NotFound(_("没有这个竞赛（编号 %(id)s）。", id=text), "contest")
    return int(text)


def parse_format(raw: str | None, default: str = "xlsx") -> str:
    value = (raw or default).strip().lower()
    if value not in FORMATS:
        raise Invalid(_("格式「%(value)s」不支持，只能是 xlsx 或 csv。",
                                 value=value[:20]), "format")
    return value


def parse_filters(*, contest: str | int | None = None, date_from: str | None = None,
                  date_to: str | None = None, district: str | None = None,
                  school: str | None = None) -> Filters:
    """Check raw values (strings from a command line or a query string) and build Filters."""
    start = parse_date(date_from, "from")
    end = parse_date(date_to, "to")
    if start is not None and end is not None and end < start:
        raise Invalid(_("结束日期 %(end)s 早于开始日期 %(start)s，请调换或改正。",
                                 end=end.isoformat(), start=start.isoformat()), "to")
    district = (district or "").strip() or None
    school = (school or "").strip().upper() or None
    if district is not None and len(district) > 50:
        raise NotFound(_("没有这个区县：%(name)s。", name=district[:50]), "district")
    return Filters(contest_id=parse_contest_id(contest), date_from=start, date_to=end,
                   district=district, school=school)


def format_for_path(name: str) -> str:
    """The output format from a file name's ending (.xlsx or .csv)."""
    lowered = name.lower()
    for fmt in FORMATS:
        if lowered.endswith("." + fmt):
            return fmt
    raise Invalid(_("输出文件「%(name)s」应以 .xlsx 或 .csv 结尾。", name=name), "output")
