"""The report as DataFrames with Chinese headers, one per sheet, each ending in a 合计 row.

Rates are fractions (0.873) that the workbook formats as percentages; empty figures (nothing to
divide by) are left blank rather than shown as 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from quiz.i18n import _
from quiz.labels import school_level_label
from quiz.reports.build import Report
from quiz.reports.rollup import Figures

PERCENT = "0.0%"
ONE_DECIMAL = "0.0"


@dataclass
class Sheet:
    name: str
    frame: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)  # column → Excel number format
    totals: bool = True  # the last row is the 合计 row


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def figure_columns() -> list[str]:
    return [_("在册学生"), _("参与学生"), _("参与率"), _("应参赛人次"), _("实参赛人次"),
            _("平均分(参与者)"), _("平均分(在册，未参与计0)"), _("得分率(参与者)")]


def _figures(f: Figures) -> list:
    return [f.enrolled, f.participants, _ratio(f.rate), f.expected, f.taken,
            _round(f.mean_participants), _round(f.mean_enrolled), _ratio(f.score_rate)]


def _figure_formats() -> dict[str, str]:
    return {_("参与率"): PERCENT, _("得分率(参与者)"): PERCENT,
            _("平均分(参与者)"): ONE_DECIMAL, _("平均分(在册，未参与计0)"): ONE_DECIMAL}


def _total_label() -> str:
    return _("合计")


def district_sheet(report: Report) -> Sheet:
    columns = [_("区县"), _("学校数"), _("班级数"), *figure_columns()]
    names = {c.district_id: c.district_name for c in report.classes}
    rows = [[names[i], f.schools, f.classes, *_figures(f)]
            for i, f in sorted(report.figures.districts.items(), key=lambda kv: names[kv[0]])]
    city = report.figures.city
    rows.append([_total_label(), city.schools, city.classes, *_figures(city)])
    return Sheet(_("区县汇总"), pd.DataFrame(rows, columns=columns), _figure_formats())


def school_sheet(report: Report) -> Sheet:
    columns = [_("区县"), _("学校代码"), _("学校"), _("学段"), _("班级数"), *figure_columns()]
    seen: dict[int, list] = {}
    for c in report.classes:
        if c.school_id in report.figures.schools and c.school_id not in seen:
            f = report.figures.schools[c.school_id]
            seen[c.school_id] = [c.district_name, c.school_code, c.school_name,
                                 school_level_label(c.level), f.classes, *_figures(f)]
    city = report.figures.city
    rows = [*seen.values(), [_total_label(), "", "", "", city.classes, *_figures(city)]]
    return Sheet(_("学校汇总"), pd.DataFrame(rows, columns=columns), _figure_formats())


def class_sheet(report: Report) -> Sheet:
    columns = [_("区县"), _("学校代码"), _("学校"), _("年级"), _("班级"), *figure_columns()]
    rows = [[c.district_name, c.school_code, c.school_name, c.grade, c.name,
             *_figures(report.figures.classes[c.class_id])]
            for c in report.classes if c.class_id in report.figures.classes]
    rows.append([_total_label(), "", "", None, "", *_figures(report.figures.city)])
    return Sheet(_("班级汇总"), pd.DataFrame(rows, columns=columns), _figure_formats())


def accuracy_sheet(report: Report) -> Sheet:
    """Per district (学校 = 全区) and per school, each scam type; then the whole scope per type
    and one 合计 over every answer."""
    columns = [_("区县"), _("学校代码"), _("学校"), _("题型"), _("作答数"), _("答对数"),
               _("正确率")]
    schools = {c.school_id: c for c in report.classes}
    type_name = {i: name for i, (_code, name) in report.scam_types.items()}
    district_cells: dict[tuple[str, int], list[int]] = {}
    whole: dict[int, list[int]] = {}
    school_rows: dict[str, list[list]] = {}
    for a in sorted(report.accuracy, key=lambda a: (schools[a.school_id].school_code,
                                                    type_name.get(a.scam_type_id, ""))):
        school = schools[a.school_id]
        school_rows.setdefault(school.district_name, []).append(
            [school.district_name, school.school_code, school.school_name,
             type_name.get(a.scam_type_id, ""), a.answered, a.correct,
             _ratio(a.correct / a.answered if a.answered else None)])
        for bucket in (district_cells.setdefault((school.district_name, a.scam_type_id), [0, 0]),
                       whole.setdefault(a.scam_type_id, [0, 0])):
            bucket[0] += a.answered
            bucket[1] += a.correct
    rows: list[list] = []
    for district in sorted(school_rows):
        for (name, type_id), (n, c) in sorted(district_cells.items(),
                                              key=lambda kv: type_name.get(kv[0][1], "")):
            if name == district:
                rows.append([district, "", _("（全区）"), type_name.get(type_id, ""), n, c,
                             _ratio(c / n if n else None)])
        rows.extend(school_rows[district])
    for type_id, (n, c) in sorted(whole.items(), key=lambda kv: type_name.get(kv[0], "")):
        rows.append([report.scope.label, "", "", type_name.get(type_id, ""), n, c,
                     _ratio(c / n if n else None)])
    answered = sum(n for n, _c in whole.values())
    correct = sum(c for _n, c in whole.values())
    rows.append([_total_label(), "", "", "", answered, correct,
                 _ratio(correct / answered if answered else None)])
    return Sheet(_("题型正确率"), pd.DataFrame(rows, columns=columns), {_("正确率"): PERCENT})


def volunteer_sheet(report: Report) -> Sheet:
    columns = [_("区县"), _("学校代码"), _("学校"), _("志愿服务时长(人·小时)"), _("活动数"),
               _("服务人数"), _("协助安装反诈App"), _("参与志愿者"), _("队员数")]
    district_names = {d.district_id: d.name for d in report.volunteer_districts}
    rows = [[district_names.get(s.district_id, ""), s.code, s.name, float(s.hours),
             s.activities, s.people_reached, s.app_installs, s.volunteers, s.members]
            for s in report.volunteer_schools]
    total = [sum(r[i] for r in rows) for i in range(3, 9)]
    rows.append([_total_label(), "", "", round(total[0], 1), *total[1:]])
    return Sheet(_("志愿服务"), pd.DataFrame(rows, columns=columns),
                 {_("志愿服务时长(人·小时)"): ONE_DECIMAL})


def student_sheet(report: Report) -> Sheet:
    """One row per (student, contest the student's class was in), 未参加 where no finished
    attempt; only for the classes the downloader sees by name."""
    columns = [_("学校"), _("年级"), _("班级"), _("学号"), _("姓名"), _("竞赛"), _("状态"),
               _("最好成绩"), _("满分"), _("得分率"), _("答对题数"), _("总题数"), _("用时(秒)"),
               _("交卷时间")]
    classes = {c.class_id: c for c in report.classes}
    results = {(r.student_id, r.contest_id): r for r in report.student_results}
    rows = []
    for student_id, number, name, class_id in report.students or []:
        row = classes.get(class_id)
        if row is None:
            continue
        for contest in report.contests:
            if not contest.reaches(row):
                continue
            best = results.get((student_id, contest.id))
            common = [row.school_name, row.grade, row.name, number, name, contest.title]
            if best is None:
                rows.append([*common, _("未参加"), None, None, None, None, None, None, ""])
                continue
            rows.append([*common, _("已完成"), best.score, best.max_score,
                         _ratio(best.score / best.max_score if best.max_score else None),
                         best.correct, best.total, best.time_used_seconds,
                         best.finished_at.astimezone(report.zone).strftime("%Y-%m-%d %H:%M")])
    done = sum(1 for r in rows if r[7] is not None)
    rows.append([_total_label(), None, "", "", "", "",
                 _("%(done)s/%(all)s 人次完成", done=done, all=len(rows)),
                 None, None, None, None, None, None, ""])
    return Sheet(_("学生明细"), pd.DataFrame(rows, columns=columns), {_("得分率"): PERCENT})


def sheets(report: Report) -> list[Sheet]:
    """The workbook's sheets in order: 区县汇总, 学校汇总, 班级汇总, 题型正确率, 志愿服务
    (and 学生明细 for school staff)."""
    result = [district_sheet(report), school_sheet(report), class_sheet(report),
              accuracy_sheet(report), volunteer_sheet(report)]
    if report.has_student_sheet:
        result.append(student_sheet(report))
    return result
