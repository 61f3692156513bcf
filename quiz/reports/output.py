"""A built report as the bytes of a download: XLSX (every sheet) or CSV (the school summary)."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.i18n import _
from quiz.reports import frames, workbook
from quiz.reports.build import Report


@dataclass(frozen=True)
class Download:
    data: bytes
    content_type: str
    filename: str


def describe(report: Report) -> str:
    """The filters in words, for the file's properties and the pages."""
    f = report.scope.filters
    parts = [report.scope.label]
    if report.scope.contest is not None:
        parts.append(_("竞赛：%(title)s", title=report.scope.contest.title))
    if f.date_from or f.date_to:
        parts.append(_("日期：%(start)s 至 %(end)s", start=f.date_from or "…",
                       end=f.date_to or "…"))
    return " · ".join(parts)


def render(report: Report, fmt: str, today: str) -> Download:
    sheets = frames.sheets(report)
    stem = _("参与情况报表_%(scope)s_%(day)s", scope=report.scope.label, day=today)
    if fmt == "csv":
        school = next(s for s in sheets if s.name == _("学校汇总"))
        return Download(workbook.to_csv(school), workbook.CSV_TYPE, stem + ".csv")
    data = workbook.to_xlsx(sheets, title=_("参与情况报表"), description=describe(report))
    return Download(data, workbook.XLSX_TYPE, stem + ".xlsx")
