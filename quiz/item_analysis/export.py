"""Item statistics as an XLSX: one row per question version, Chinese headers, option columns
A–F (share chosen, the right ones marked ✓ in the header row's legend column)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from quiz.i18n import _
from quiz.item_analysis.labels import flag_text
from quiz.item_analysis.rules import MIN_ATTEMPTS
from quiz.item_analysis.stats import ItemRow
from quiz.reports.frames import Sheet
from quiz.reports.workbook import to_xlsx

# Bank options are lettered A-F on every page (quiz.banks.type_support.MAX_OPTIONS is 6).
LETTERS = "ABCDEF"


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def item_sheet(rows: Sequence[ItemRow]) -> Sheet:
    letters = LETTERS
    records = []
    for row in rows:
        f = row.figures
        record = {
            _("题目编号"): row.code, _("版本"): row.version, _("题型"): row.scam_type_name,
            _("难度"): row.difficulty, _("题干"): row.stem, _("正确答案"): "".join(
                letters[i] for i in row.answer if i < len(letters)),
            _("作答人次"): f.attempts, _("答对人次"): f.right,
            _("通过率"): None if f.facility is None else round(f.facility, 4),
            _("区分度"): None if f.discrimination is None else round(f.discrimination, 3),
            _("未作答率"): _share(f.blanks, f.attempts),
        }
        for index, letter in enumerate(letters):
            record[_("选 %(letter)s", letter=letter)] = (
                _share(f.option_counts[index], f.attempts) if index < len(f.option_counts)
                else None)
        record[_("提示")] = (flag_text(f.flags) if f.attempts >= MIN_ATTEMPTS
                            else _("不足 %(n)d 人次，暂不判断", n=MIN_ATTEMPTS))
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=list(records[0]) if records else [
        _("题目编号")])
    percent = [_("通过率"), _("未作答率"), *(_("选 %(letter)s", letter=x) for x in letters)]
    return Sheet(_("题目质量分析"), frame, formats=dict.fromkeys(percent, "0.0%"), totals=False)


def to_workbook(rows: Sequence[ItemRow], description: str) -> bytes:
    return to_xlsx([item_sheet(rows)], title=_("题目质量分析"), description=description)
