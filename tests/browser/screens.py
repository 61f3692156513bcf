"""Screenshots of browser tests, kept under QUIZ_TEST_OUTPUT for people to look at."""

from __future__ import annotations

import os
from pathlib import Path

OUTPUT = Path(os.environ.get("QUIZ_TEST_OUTPUT", "test-output")) / "screenshots"


def screenshot(page, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
