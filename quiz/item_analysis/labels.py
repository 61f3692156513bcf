"""How item-analysis flags are named on pages and in exports."""

from __future__ import annotations

from quiz.i18n import lazy_gettext as _l
from quiz.item_analysis.rules import Flag

FLAG_LABELS = {
    Flag.TOO_EASY: _l("过易"),
    Flag.TOO_HARD: _l("过难"),
    Flag.NOT_DISCRIMINATING: _l("区分度低"),
}
FLAG_HINTS = {
    Flag.TOO_EASY: _l("九成以上答对：干扰项可能一眼就能排除"),
    Flag.TOO_HARD: _l("不到两成答对：检查答案、题干是否有歧义"),
    Flag.NOT_DISCRIMINATING: _l("总分高的学生并不更常答对：可能有歧义或靠运气"),
}


def flag_text(flags) -> str:
    return "、".join(str(FLAG_LABELS[f]) for f in flags)
