"""The bureau on a phone: the item analysis page (map, sortable table, flags) and marking a
contest as counting in a season."""

from __future__ import annotations

from tests.browser.logins import staff_login
from tests.browser.screens import screenshot
from tests.item_analysis_world import build, play_everyone
from tests.leaderboard_world import with_season


def test_bureau_reads_the_item_analysis_on_a_phone(make, clock, live_server, phone_page):
    world = build(make)
    play_everyone(make, world)
    page = phone_page
    page.set_default_timeout(10_000)
    staff_login(page, live_server, "bureau")
    page.goto(live_server + "/banks/")
    page.click("text=题目质量分析")
    page.wait_for_selector("svg.item-map circle")
    assert page.locator("svg.item-map circle").count() == 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "item-analysis-360")
    page.click("th >> text=通过率")  # a figure sorts highest first
    first = page.locator("table.item-stats tbody tr").first
    assert "100%" in first.inner_text() and "过易" in first.inner_text()
    page.check("input[name=flagged]")
    page.click("main form button[type=submit]")
    assert page.locator("table.item-stats tbody tr").count() == 2
    screenshot(page, "item-analysis-flagged-360")


def test_bureau_marks_a_contest_as_counting_in_the_season(make, clock, live_server,
                                                          phone_page):
    world = with_season(make, clock)
    make.contest(world["admin"], title="校内反诈小测", school_codes=["SA"])
    page = phone_page
    page.set_default_timeout(10_000)
    staff_login(page, live_server, "bureau")
    page.goto(live_server + f"/leaderboards/seasons/{world['season'].id}")
    page.click("button:has-text('计入赛季')")
    page.wait_for_selector("text=已计入赛季")
    assert page.locator(".season-contest .badge.new").inner_text() == "计入"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "season-contests-360")
