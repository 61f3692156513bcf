"""Class results as spreadsheets: Chinese headers, UTF-8 with BOM for Excel on Windows."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from quiz import spreadsheets
from quiz.clock import city_zone
from quiz.contests.results import ClassStatus
from quiz.i18n import _
from quiz.permissions import NameVisibility

STATE_LABELS = {"not_started": "未参加", "answering": "答题中", "finished": "已交卷"}


def results_table(statuses: list[ClassStatus], names: NameVisibility) -> pd.DataFrame:
    """One row per student of the classes the viewer sees by name; for a viewer who sees no
    class by name (the bureau) one row per class with its counts instead."""
    if not any(names.names_class(s.school_class.id) for s in statuses):
        return class_summary_table(statuses)
    zone = city_zone()
    rows = []
    for status in statuses:
        if not names.names_class(status.school_class.id):
            continue
        for entry in status.students:
            best = entry.best
            rows.append({
                _("学校"): status.school_class.school.name,
                _("班级"): status.school_class.label,
                _("学号"): entry.student.student_no,
                _("姓名"): entry.student.name,
                _("状态"): _(STATE_LABELS[entry.state]),
                _("得分"): best.score if best else None,
                _("满分"): best.max_score if best else None,
                _("答对题数"): best.correct if best else None,
                _("总题数"): best.total if best else None,
                _("用时（秒）"): best.time_used_seconds if best else None,
                _("交卷时间"): best.finished_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
                if best else "",
            })
    return pd.DataFrame(rows)


def class_summary_table(statuses: list[ClassStatus]) -> pd.DataFrame:
    rows = [{
        _("学校"): status.school_class.school.name,
        _("班级"): status.school_class.label,
        _("在册学生"): len(status.students),
        _("已交卷"): status.count("finished"),
        _("答题中"): status.count("answering"),
        _("未参加"): status.count("not_started"),
        _("平均分(在册，未参与计0)"): (round(status.mean_best_score, 1)
                                   if status.mean_best_score is not None else None),
    } for status in statuses]
    return pd.DataFrame(rows, columns=[_("学校"), _("班级"), _("在册学生"), _("已交卷"),
                                       _("答题中"), _("未参加"), _("平均分(在册，未参与计0)")])


def to_csv(table: pd.DataFrame) -> tuple[bytes, str]:
    return spreadsheets.csv_bytes(table), "text/csv; charset=utf-8"


def to_xlsx(table: pd.DataFrame) -> tuple[bytes, str]:
    """One sheet, header frozen, columns as wide as their text; cells by `spreadsheets`."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("成绩")
    for column, name in enumerate(table.columns, start=1):
        spreadsheets.write_openpyxl_cell(sheet, 1, column, str(name))
    for row, values in enumerate(table.itertuples(index=False, name=None), start=2):
        for column, value in enumerate(values, start=1):
            spreadsheets.write_openpyxl_cell(sheet, row, column, value)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        values = [str(column), *(str(v) for v in table[column] if pd.notna(v))]
        width = max(len(v) + sum(1 for ch in v if ord(ch) > 0x2E80) for v in values)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 40)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
