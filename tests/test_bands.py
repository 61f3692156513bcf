"""The accuracy bands both heat maps colour by: their edges, and the stylesheet's copy of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.bands import BANDS, NO_DATA, band_for, legend
from quiz.gamification.heatmap import Cell
from quiz.reports import charts

CSS = Path(__file__).resolve().parent.parent / "quiz" / "static" / "css" / "app.css"


@pytest.mark.parametrize(("accuracy", "css"), [
    (None, "h0"), (0.0, "h1"), (0.4999, "h1"), (0.5, "h2"), (0.6999, "h2"), (0.7, "h3"),
    (0.8499, "h3"), (0.85, "h4"), (1.0, "h4"),
])
def test_band_edges(accuracy, css):
    assert band_for(accuracy).css == css


def test_both_heat_maps_read_the_same_band():
    for answers, correct in [(0, 0), (10, 3), (10, 5), (20, 17), (4, 4)]:
        chosen = band_for(correct / answers if answers else None)
        assert Cell(answers, correct).band == chosen.css
        assert charts.band(charts.Cell(answers, correct).rate) == (chosen.fill, chosen.ink)


def test_bands_are_ordered_and_the_legend_lists_each_once():
    lowers = [band.lower for band in BANDS]
    assert lowers == sorted(lowers, reverse=True) and lowers[-1] == 0.0
    assert [str(band.label) for band in legend()] == [
        "85% 以上", "70%–84%", "50%–69%", "低于 50%", "暂无作答"]


def test_stylesheet_repeats_the_band_colours():
    css = CSS.read_text(encoding="utf-8")
    for band in (*BANDS, NO_DATA):
        rule = re.search(rf"\.heat \.{band.css}, \.heat-key\.{band.css} \{{([^}}]*)\}}", css)
        assert rule, band.css
        assert f"background: {band.fill};" in rule.group(1)
        assert f"color: {band.ink};" in rule.group(1)
