"""The bureau's dashboard: the report's figures for the city and each district, per contest
and per season, accuracy heat maps, volunteer totals and participation per day. Aggregates
only: nothing here names a student."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from zoneinfo import ZoneInfo

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.i18n import _
from quiz.models.standings import Season
from quiz.reports import charts, queries
from quiz.reports.build import Report, build_report
from quiz.reports.queries import ContestRow, DayRow
from quiz.reports.rollup import Figures, roll_up
from quiz.reports.scope import ReportScope

WORST_SCHOOLS = 20  # schools shown in the city-wide school heat map (lowest accuracy first)
MIN_ANSWERS = 50  # answers a school needs to rank among the worst on its own figures
CONTEST_ROWS = 50  # contests listed on the page (the download has every one)


@dataclass
class SeasonFigures:
    season: Season
    contests: int
    figures: Figures


@dataclass
class Dashboard:
    report: Report
    district_rows: list[tuple[str, Figures]]
    contest_rows: list[tuple[ContestRow, Figures]]
    season_rows: list[SeasonFigures]
    days: list[DayRow]
    volunteer_total: dict[str, Decimal | int]
    district_heat: Markup
    school_heat: Markup
    school_heat_note: str
    daily: Markup


def _heat(report: Report, by_district: bool, school_ids: set[int] | None
          ) -> tuple[list[str], list[str], dict[tuple[int, int], charts.Cell]]:
    classes = {c.school_id: c for c in report.classes}
    overall: dict[int, list[int]] = {}
    for a in report.accuracy:
        total = overall.setdefault(a.scam_type_id, [0, 0])
        total[0] += a.answered
        total[1] += a.correct
    # Weakest scam type first: the columns read as a to-do list for the lecturers.
    types = sorted(report.scam_types.items(), key=lambda kv: (
        overall[kv[0]][1] / overall[kv[0]][0] if overall.get(kv[0], [0])[0] else 1.0,
        kv[1][1]))
    column = {type_id: j for j, (type_id, _names) in enumerate(types)}
    sums: dict[tuple[str, int], list[int]] = {}
    for a in report.accuracy:
        school = classes[a.school_id]
        if school_ids is not None and a.school_id not in school_ids:
            continue
        key = (school.district_name if by_district
               else f"{school.school_name}（{school.school_code}）")
        cell = sums.setdefault((key, a.scam_type_id), [0, 0])
        cell[0] += a.answered
        cell[1] += a.correct
    rows = sorted({key for key, _t in sums})
    if school_ids is None:  # every district (school) in scope, grey where nobody answered
        rows = sorted({*rows, *(c.district_name if by_district
                                else f"{c.school_name}（{c.school_code}）"
                                for c in report.classes)})
    if not by_district:  # lowest overall accuracy first: where lecturers are needed most
        by_row: dict[str, list[int]] = {}
        for (key, _t), (n, c) in sums.items():
            total = by_row.setdefault(key, [0, 0])
            total[0] += n
            total[1] += c
        rows.sort(key=lambda k: by_row[k][1] / by_row[k][0] if k in by_row else 2.0)
    index = {key: i for i, key in enumerate(rows)}
    cells = {(index[key], column[t]): charts.Cell(n, c) for (key, t), (n, c) in sums.items()}
    return rows, [names[1] for _id, names in types], cells


def _worst_schools(report: Report) -> set[int]:
    totals: dict[int, list[int]] = {}
    for a in report.accuracy:
        t = totals.setdefault(a.school_id, [0, 0])
        t[0] += a.answered
        t[1] += a.correct
    # A school with a handful of answers says little: schools with enough answers rank first.
    ranked = sorted(totals, key=lambda s: (totals[s][0] < MIN_ANSWERS,
                                           totals[s][1] / totals[s][0] if totals[s][0] else 1.0))
    return set(ranked[:WORST_SCHOOLS])


def _seasons(session: Session, report: Report, zone: ZoneInfo) -> list[SeasonFigures]:
    """Each season's figures (contests opening on its days) in the dashboard's district."""
    rows = []
    ids = report.scope.school_ids
    for season in session.scalars(select(Season).order_by(Season.starts_on.desc())):
        filters = replace(report.scope.filters, contest_id=None, date_from=season.starts_on,
                          date_to=season.ends_on)
        contests = queries.contests(session, filters, zone)
        if [c.id for c in contests] == [c.id for c in report.contests]:
            # The same contests as the page's selection (often: one season, no filter).
            rows.append(SeasonFigures(season, len(contests), report.figures.city))
            continue
        rollup = roll_up(report.classes, contests,
                         queries.best_by_contest_class(session, filters, zone, ids),
                         queries.participants_by_class(session, filters, zone, ids))
        rows.append(SeasonFigures(season, len(contests), rollup.city))
    return rows


def build_dashboard(session: Session, scope: ReportScope, zone: ZoneInfo) -> Dashboard:
    report = build_report(session, scope, zone)
    names = {c.district_id: c.district_name for c in report.classes}
    district_rows = sorted(((names[i], f) for i, f in report.figures.districts.items()),
                           key=lambda row: row[0])
    # The most recent first; a busy city has hundreds of school contests a term.
    contest_rows = [(c, report.figures.contests[c.id])
                    for c in reversed(report.contests)][:CONTEST_ROWS]
    days = queries.finished_per_day(session, scope.filters, zone, scope.school_ids)
    volunteer_total: dict[str, Decimal | int] = {
        "hours": sum((d.hours for d in report.volunteer_districts), Decimal("0.0")),
        "activities": sum(d.activities for d in report.volunteer_districts),
        "people_reached": sum(d.people_reached for d in report.volunteer_districts),
        "app_installs": sum(d.app_installs for d in report.volunteer_districts),
        "volunteers": sum(d.volunteers for d in report.volunteer_districts),
    }
    legend, no_data = _("正确率"), _("无作答")
    rows, columns, cells = _heat(report, True, None)
    district_heat = charts.heat_map(rows, columns, cells, title=_("各区县题型正确率"),
                                    no_data=no_data, legend_title=legend)
    if scope.district is not None or scope.school is not None:
        chosen, note = None, _("本区县全部学校，正确率低的排在前面。")
    else:
        chosen = _worst_schools(report)
        note = _("全市正确率最低的 %(n)s 所学校（选择区县可查看该区县全部学校）。",
                 n=WORST_SCHOOLS)
    rows, columns, cells = _heat(report, False, chosen)
    school_heat = charts.heat_map(rows, columns, cells, title=_("各学校题型正确率"),
                                  no_data=no_data, legend_title=legend)
    daily = charts.daily_chart(
        [(d.day, d.finished, d.participants) for d in days], title=_("每日参与情况"),
        bar_label=_("交卷次数"), line_label=_("参与学生"), empty=_("所选范围内还没有人交卷。"))
    return Dashboard(report, district_rows, contest_rows, _seasons(session, report, zone),
                     days, volunteer_total, district_heat, school_heat, note, daily)
