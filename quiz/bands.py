"""Accuracy colour bands: the one table both mastery heat maps colour their cells by.

The teachers' heat map (progress pages, an HTML table styled by the CSS class) and the bureau's
dashboard heat map (reports, an SVG drawn with the fill and ink colours) read the same bands, so
a cell at 65% looks the same on both and both legends say the same thing. app.css repeats the
colours for the CSS classes; tests/test_bands.py checks that it does.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Band:
    """Accuracies from `lower` (0–1, inclusive) up to the next band's lower bound."""

    lower: float
    css: str  # class on a heat-map table cell and its legend key
    fill: str  # background colour
    ink: str  # text colour on that background
    label: object  # legend text, translated when shown (a lazy string)


# Highest first: a cell takes the first band whose lower bound it reaches.
BANDS: tuple[Band, ...] = (
    Band(0.85, "h4", "#1a9850", "#ffffff", _l("85% 以上")),
    Band(0.70, "h3", "#fee08b", "#1f2933", _l("70%–84%")),
    Band(0.50, "h2", "#d73027", "#ffffff", _l("50%–69%")),
    Band(0.00, "h1", "#a50026", "#ffffff", _l("低于 50%")),
)
NO_DATA = Band(0.0, "h0", "#eceff1", "#52606d", _l("暂无作答"))


def band_for(accuracy: float | None) -> Band:
    """The band of an accuracy between 0 and 1; NO_DATA when nothing was answered."""
    if accuracy is None:
        return NO_DATA
    return next((band for band in BANDS if accuracy >= band.lower), BANDS[-1])


def legend() -> tuple[Band, ...]:
    """Every band a legend lists, best first, ending with the no-data key."""
    return (*BANDS, NO_DATA)
