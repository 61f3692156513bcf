"""The item map: facility (x) against discrimination (y), one dot per question version, drawn
on the server as SVG like the report charts (quiz.reports.charts).

The flag thresholds are drawn as dashed lines, so the corners that need a maintainer's eye
(too easy, too hard, not discriminating) are visible at a glance; flagged dots are red and
hollow dots are versions with fewer attempts than the flags need. Every dot has a <title> with
its code and figures, and the chart's <desc> says how many sit in each corner.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from quiz.i18n import _
from quiz.item_analysis.rules import (
    DISCRIMINATES_BELOW,
    MIN_ATTEMPTS,
    TOO_EASY_ABOVE,
    TOO_HARD_BELOW,
)
from quiz.item_analysis.stats import ItemRow

WIDTH, HEIGHT = 400, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 40
RED, BLUE, GREY = "#c62828", "#1565c0", "#9e9e9e"


def _x(facility: float) -> float:
    return LEFT + facility * (WIDTH - LEFT - RIGHT)


def _y(discrimination: float) -> float:
    # -0.5 .. 1.0 on the axis; lower values are clamped to the bottom edge.
    share = (max(-0.5, min(1.0, discrimination)) + 0.5) / 1.5
    return TOP + (1 - share) * (HEIGHT - TOP - BOTTOM)


def _label(x: float, y: float, text: str, anchor: str = "middle") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="{anchor}" '
            f'fill="#37474f">{escape(text)}</text>')


def item_map(rows: Sequence[ItemRow]) -> Markup:
    """The SVG for `rows`. A version whose discrimination is undefined (everyone answered it
    alike) is drawn at 0, where it belongs: it tells strong and weak students apart not at
    all."""
    drawn = [r for r in rows if r.figures.facility is not None]
    flagged = sum(1 for r in drawn if r.flags)
    title = _("题目分布：通过率与区分度")
    desc = _("共 %(n)d 道题（版本），其中 %(f)d 道有提示；"
             "横轴为通过率，纵轴为区分度，虚线为提示阈值。", n=len(drawn), f=flagged)
    parts = [f'<svg class="chart item-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="item-map-title item-map-desc">',
             f'<title id="item-map-title">{escape(title)}</title>',
             f'<desc id="item-map-desc">{escape(desc)}</desc>',
             f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" '
             f'height="{HEIGHT - TOP - BOTTOM}" fill="#fafafa" stroke="#cfd8dc"/>']
    for value in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(_label(_x(value), HEIGHT - BOTTOM + 16, f"{value:.0%}"))
    for value in (-0.5, 0.0, 0.5, 1.0):
        parts.append(_label(LEFT - 6, _y(value) + 4, f"{value:.1f}", anchor="end"))
    parts.append(_label((LEFT + WIDTH - RIGHT) / 2, HEIGHT - 4, _("通过率")))
    parts.append(f'<text x="12" y="{(TOP + HEIGHT - BOTTOM) / 2:.1f}" font-size="11" '
                 f'fill="#37474f" transform="rotate(-90 12 {(TOP + HEIGHT - BOTTOM) / 2:.1f})" '
                 f'text-anchor="middle">{escape(_("区分度"))}</text>')
    dash = 'stroke="#90a4ae" stroke-dasharray="4 4"'
    for facility in (TOO_HARD_BELOW, TOO_EASY_ABOVE):
        parts.append(f'<line x1="{_x(facility):.1f}" y1="{TOP}" x2="{_x(facility):.1f}" '
                     f'y2="{HEIGHT - BOTTOM}" {dash}/>')
    parts.append(f'<line x1="{LEFT}" y1="{_y(DISCRIMINATES_BELOW):.1f}" x2="{WIDTH - RIGHT}" '
                 f'y2="{_y(DISCRIMINATES_BELOW):.1f}" {dash}/>')
    for row in drawn:
        f = row.figures
        colour = RED if row.flags else BLUE
        fill = colour if f.attempts >= MIN_ATTEMPTS else "none"
        discrimination = f.discrimination if f.discrimination is not None else 0.0
        shown = (f"{f.discrimination:.2f}" if f.discrimination is not None
                 else _("无法计算（所有人答得一样）"))
        tip = _("%(code)s：通过率 %(p).0f%%，区分度 %(d)s，%(n)d 人次",
                code=row.code, p=f.facility * 100, d=shown, n=f.attempts)
        parts.append(f'<circle cx="{_x(f.facility):.1f}" cy="{_y(discrimination):.1f}" r="4" '
                     f'fill="{fill}" stroke="{colour}" fill-opacity="0.7">'
                     f'<title>{escape(tip)}</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text above went through escape)
