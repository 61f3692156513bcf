"""A bureau official on a phone finds the dashboard from the home page and downloads the
report; a teacher finds their school's report. Screenshots at 360×640 and on a laptop."""

from __future__ import annotations

from quiz.extensions import db
from quiz.models.standings import Season
from tests.browser.logins import staff_login
from tests.browser.screens import screenshot
from tests.report_world import build_city


def test_bureau_finds_the_dashboard_and_downloads(make, clock, live_server, phone_page):
    build_city(make, clock.current)
    db.session.add(Season(name="2026秋季学期", starts_on=clock.current.date(),
                          ends_on=clock.current.date()))
    db.session.commit()
    page = phone_page
    page.set_default_timeout(10_000)
    staff_login(page, live_server, "bureau")
    page.click("text=打开数据看板")
    page.wait_for_selector("text=教育局数据看板")
    assert page.locator("svg.heat-map").count() == 2
    assert page.locator("svg.daily").count() == 1
    # The page itself does not scroll sideways; wide tables and charts scroll in their boxes.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    height = page.evaluate("""() => {
        const b = [...document.querySelectorAll('.download-card a.button')];
        return Math.min(...b.map(e => e.getBoundingClientRect().height));
    }""")
    assert height >= 44
    screenshot(page, "report-dashboard-360")
    with page.expect_download() as info:
        page.click("text=下载报表（Excel）")
    assert info.value.suggested_filename.endswith(".xlsx")

    page.goto(live_server + "/reports/dashboard?from=2026-11-25&to=2026-11-01")
    assert "早于开始日期" in page.content()
    screenshot(page, "report-dashboard-bad-dates-360")


def test_dashboard_on_a_laptop(make, clock, live_server, chromium):
    build_city(make, clock.current)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    staff_login(page, live_server, "bureau")
    page.goto(live_server + "/reports/dashboard")
    page.wait_for_selector("svg.heat-map")
    screenshot(page, "report-dashboard-1280")
    context.close()


def test_teacher_finds_the_school_report(make, clock, live_server, phone_page):
    build_city(make, clock.current)
    page = phone_page
    page.set_default_timeout(10_000)
    staff_login(page, live_server, "teacher-a")
    page.click("text=查看和下载报表")
    page.wait_for_selector("text=各班参与情况")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "report-teacher-360")
    with page.expect_download() as info:
        page.click("text=下载报表（Excel）")
    assert info.value.suggested_filename.endswith(".xlsx")
