"""Charts drawn on the server as SVG: no script, no CDN, readable when printed.

Pure: plain values in, SVG markup out (every label escaped). Each chart has a <title> and a
<desc> for screen readers, and its numbers are written on it, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

from quiz import bands

NO_DATA = (bands.NO_DATA.fill, bands.NO_DATA.ink)


def band(rate: float | None) -> tuple[str, str]:
    """(fill, text colour) for an accuracy between 0 and 1 (quiz.bands); grey when none."""
    chosen = bands.band_for(rate)
    return chosen.fill, chosen.ink


@dataclass(frozen=True)
class Cell:
    answered: int
    correct: int

    @property
    def rate(self) -> float | None:
        return self.correct / self.answered if self.answered else None


def _svg(parts: list[str]) -> Markup:
    """Join the chart's parts; every piece of text in them went through `escape`."""
    return Markup("".join(parts))  # noqa: S704 (labels are escaped where they are added)


def _text(x: float, y: float, text: str, *, size: int = 12, anchor: str = "start",
          fill: str = "#1f2933", weight: str = "normal", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}" font-weight="{weight}"{extra}>{escape(text)}</text>')


def _width(text: str, size: int) -> float:
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)


def heat_map(row_labels: Sequence[str], column_labels: Sequence[str],
             cells: dict[tuple[int, int], Cell], *, title: str, no_data: str,
             legend_title: str) -> Markup:
    """Rows × columns of accuracy cells, each coloured by band and labelled with its percentage
    (and the number of answers below it); a legend of the bands under the grid."""
    cell_w, cell_h, size = 64, 40, 12
    slant = max([_width(label, size) for label in column_labels] + [40]) * 0.72
    left = max([_width(label, size) for label in row_labels] + [60]) + 12
    top = slant + 16
    legend = [(b.fill, b.ink, str(b.label)) for b in bands.BANDS]
    legend.append((*NO_DATA, no_data))
    legend_rows = (len(legend) + 2) // 3  # three to a row: fits a phone
    width = max(left + cell_w * max(len(column_labels), 1) + slant, 8 + 3 * 76)
    height = top + cell_h * len(row_labels) + 36 + 28 * legend_rows
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart heat-map" role="img" '
             f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">',
             f"<title>{escape(title)}</title>",
             f"<desc>{escape(title)}: {len(row_labels)} × {len(column_labels)}</desc>"]
    for j, label in enumerate(column_labels):
        x = left + cell_w * j + cell_w / 2
        parts.append(_text(x, top - 8, label, size=size,
                           extra=f' transform="rotate(-45 {x:.1f} {top - 8:.1f})"'))
    for i, label in enumerate(row_labels):
        y = top + cell_h * i
        parts.append(_text(left - 8, y + cell_h / 2 + 4, label, size=size, anchor="end"))
        for j in range(len(column_labels)):
            cell = cells.get((i, j))
            rate = cell.rate if cell else None
            fill, ink = band(rate)
            x = left + cell_w * j
            tip = no_data if rate is None else f"{label} · {column_labels[j]}: {rate:.1%} " \
                f"({cell.correct}/{cell.answered})"
            parts.append(f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell_w - 2}" '
                         f'height="{cell_h - 2}" rx="3" fill="{fill}">'
                         f"<title>{escape(tip)}</title></rect>")
            if rate is None:
                parts.append(_text(x + cell_w / 2, y + cell_h / 2 + 4, "—", fill=ink,
                                   anchor="middle"))
            else:
                parts.append(_text(x + cell_w / 2, y + 17, f"{rate * 100:.0f}%", fill=ink,
                                   anchor="middle", weight="bold"))
                parts.append(_text(x + cell_w / 2, y + 31, f"n={cell.answered}", size=10,
                                   fill=ink, anchor="middle"))
    y = top + cell_h * len(row_labels) + 22
    parts.append(_text(8, y, legend_title, size=size, weight="bold"))
    for k, (fill, ink, label) in enumerate(legend):
        x, row_y = 8 + (k % 3) * 76, y + 10 + (k // 3) * 28
        parts.append(f'<rect x="{x:.1f}" y="{row_y:.1f}" width="72" height="22" rx="3" '
                     f'fill="{fill}"/>')
        parts.append(_text(x + 36, row_y + 15, label, size=11, fill=ink, anchor="middle"))
    parts.append("</svg>")
    return _svg(parts)


def _axis_step(value: int) -> int:
    """A round step (1, 2 or 5 × 10^n) so that four steps reach at least `value`."""
    step = 1
    while step * 4 < value:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → 20 …
            step = int(step * factor)
            if step * 4 >= value:
                break
    return step


def daily_chart(days: Sequence[tuple[date, int, int]], *, title: str, bar_label: str,
                line_label: str, empty: str) -> Markup:
    """Bars: finished attempts per day; line: distinct students who finished one that day."""
    # A small canvas scaled to the box: on a phone the labels stay readable.
    width, height = 480, 260
    left, right, top, bottom = 48, 12, 36, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart daily" role="img" '
             f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet">',
             f"<title>{escape(title)}</title>"]
    if not days:
        parts.append(f"<desc>{escape(empty)}</desc>")
        parts.append(_text(width / 2, height / 2, empty, size=14, anchor="middle",
                           fill="#6b7280"))
        parts.append("</svg>")
        return _svg(parts)
    total = sum(d[1] for d in days)
    parts.append(f"<desc>{escape(title)}: {escape(str(days[0][0]))}–"
                 f"{escape(str(days[-1][0]))}, {total}</desc>")
    step = _axis_step(max(max(d[1], d[2]) for d in days))
    top_value = step * 4
    for k in range(5):
        value = step * k
        y = top + plot_h - plot_h * k / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#e5e7eb"/>')
        parts.append(_text(left - 6, y + 4, f"{value:,}", size=12, anchor="end",
                           fill="#6b7280"))
    step = plot_w / len(days)
    bar = max(min(step * 0.7, 40), 1)
    points = []
    label_every = max(1, round(len(days) / 7))
    for i, (day, finished, people) in enumerate(days):
        x = left + step * i + step / 2
        h = plot_h * finished / top_value
        parts.append(f'<rect x="{x - bar / 2:.1f}" y="{top + plot_h - h:.1f}" '
                     f'width="{bar:.1f}" height="{h:.1f}" fill="#90caf9">'
                     f"<title>{escape(str(day))}: {escape(bar_label)} {finished}, "
                     f"{escape(line_label)} {people}</title></rect>")
        points.append(f"{x:.1f},{top + plot_h - plot_h * people / top_value:.1f}")
        if i % label_every == 0:
            parts.append(_text(x, height - bottom + 18, day.strftime("%m-%d"), size=12,
                               anchor="middle", fill="#6b7280"))
        if len(days) <= 14:
            parts.append(_text(x, top + plot_h - h - 4, str(finished), size=11,
                               anchor="middle"))
    parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#c62828" '
                 f'stroke-width="2"/>')
    for point in points:
        x, y = point.split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="#c62828"/>')
    parts.append(f'<rect x="{left}" y="8" width="14" height="14" fill="#90caf9"/>')
    parts.append(_text(left + 20, 20, bar_label, size=13))
    offset = left + 32 + _width(bar_label, 13)
    parts.append(f'<line x1="{offset:.1f}" x2="{offset + 18:.1f}" y1="15" y2="15" '
                 f'stroke="#c62828" stroke-width="2"/>')
    parts.append(_text(offset + 24, 20, line_label, size=13))
    parts.append("</svg>")
    return _svg(parts)
