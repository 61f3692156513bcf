"""A report download from a web page or the API: check the request, build, record it in the
audit log (written by the caller's commit)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from quiz import audit
from quiz.errors import Invalid
from quiz.i18n import _
from quiz.reports.build import build_report
from quiz.reports.filters import parse_filters, parse_format
from quiz.reports.output import Download, render
from quiz.reports.scope import ReportScope, resolve


def request_scope(session: Session, user: Any, args: Mapping[str, str]) -> ReportScope:
    """The query string (contest, from, to, district, school, scope=city) checked for `user`;
    raises DomainError (403/404/422) with the message to show."""
    filters = parse_filters(contest=args.get("contest"), date_from=args.get("from"),
                            date_to=args.get("to"), district=args.get("district"),
                            school=args.get("school"))
    scope = (args.get("scope") or "").strip()
    if scope not in ("", "city"):
        raise Invalid(_("范围「%(value)s」不支持：不填，或 city 表示全市。",
                                 value=scope[:20]), "scope")
    return resolve(session, user, filters, city=scope == "city")


def download(session: Session, user: Any, args: Mapping[str, str], *, zone: ZoneInfo,
             now: datetime, via: str) -> Download:
    """Build the report the query string asks for and add its audit entry to `session`."""
    fmt = parse_format(args.get("format"))
    scope = request_scope(session, user, args)
    report = build_report(session, scope, zone)
    result = render(report, fmt, now.astimezone(zone).date().isoformat())
    f = scope.filters
    audit.record(session, user, "report.download", result.filename,
                 school_id=user.school_id,  # the bureau's own downloads: the city's log
                 details={"via": via, "format": fmt, "contest": f.contest_id,
                          "from": f.date_from.isoformat() if f.date_from else None,
                          "to": f.date_to.isoformat() if f.date_to else None,
                          "district": f.district, "school": f.school,
                          "student_rows": report.has_student_sheet})
    return result
