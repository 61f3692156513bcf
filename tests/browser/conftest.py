"""Browser tests: a real server in a thread and Debian's Chromium driven by Playwright.

Playwright's own browser download does not work on our machines, so we launch the system
Chromium (QUIZ_CHROMIUM, default /usr/bin/chromium). Without it these tests skip, unless
QUIZ_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("QUIZ_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 640}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _missing_browser(reason: str):
    if os.environ.get("QUIZ_REQUIRE_BROWSER") == "1":
        pytest.fail(f"QUIZ_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_browser("playwright is not installed (pip install -e '.[test]')")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing_browser(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                   has_touch=True, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()

