"""A student on a 360×640 phone: the home card, 每日一练 and practice without reloads, the
mistake book and the profile; a teacher's heat map. Screenshots go to test-output/."""

from __future__ import annotations

from tests.browser.screens import screenshot
from tests.factories import DEFAULT_PASSWORD
from tests.gamification_world import build

WIDTH = 360


def login_student(page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#school", "SA")
    page.fill("#student_no", "A001")
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    for box in page.locator("button, .button, .choice").all():
        if box.is_visible():
            assert box.bounding_box()["height"] >= 44, box.inner_text()


def answer_on_screen(page, pick: int = 0) -> str:
    """Tap an option and submit; returns the verdict shown."""
    page.wait_for_selector("#question .choice")
    page.locator("#question .choice").nth(pick).click()
    page.click("#submit")
    page.wait_for_selector("#feedback .verdict")
    return page.locator("#feedback .verdict").inner_text()


def test_home_card_daily_practice_mistakes_and_profile_on_a_phone(make, live_server,
                                                                    phone_page):
    build(make, per_difficulty=3)
    page = phone_page
    login_student(page, live_server)
    card = page.locator(".game-card")
    assert card.is_visible()
    assert "反诈新兵" in card.inner_text() and "开始每日一练" in card.inner_text()
    fits_the_phone(page)
    screenshot(page, "gamification-home-card-360")

    page.click("text=开始每日一练")
    page.wait_for_url(live_server + "/practice/daily")
    page.evaluate("window.stillHere = true")  # survives only if no page load happens
    verdicts = []
    for n in range(5):
        verdicts.append(answer_on_screen(page, pick=n % 2))
        assert "解析" in page.locator("#feedback").inner_text()
        if n == 0:
            fits_the_phone(page)
            screenshot(page, "practice-feedback-360")
        page.click("#next")
    page.wait_for_selector("#done:not(.hidden)")
    assert page.evaluate("window.stillHere") is True
    assert "今天的每日一练已经完成" in page.locator("#done").inner_text()
    assert "5 / 5" in page.locator("#daily-progress").inner_text()

    # Practice by type: pick a type, answer until something goes into the mistake book.
    page.goto(live_server + "/practice/")
    fits_the_phone(page)
    screenshot(page, "practice-types-360")
    page.click("text=测试alpha")
    for n in range(6):
        verdict = answer_on_screen(page, pick=(n + 1) % 2)
        page.click("#next")
    assert verdict
    page.goto(live_server + "/practice/mistakes")
    assert "错题本" in page.locator("h1").inner_text()
    fits_the_phone(page)
    screenshot(page, "mistake-book-360")

    page.goto(live_server + "/me")
    assert page.locator(".mastery-chart").is_visible()
    assert page.locator(".badge-item.earned").count() >= 1
    assert page.locator(".badge-item.locked").count() >= 1
    fits_the_phone(page)
    screenshot(page, "profile-360")

    page.goto(live_server + "/")
    assert page.locator(".game-card .stat").first.inner_text().strip() == "1"  # the streak
    assert "今天的每日一练已完成" in page.locator(".game-card").inner_text()
    screenshot(page, "gamification-home-card-done-360")


def test_teacher_heat_map_on_a_phone(make, live_server, phone_page, login_as):
    world = build(make, per_difficulty=2)
    page = phone_page
    login_student(page, live_server)
    page.goto(live_server + "/practice/types/alpha")
    for n in range(4):
        answer_on_screen(page, pick=n % 2)
        page.click("#next")
    page.context.clear_cookies()
    page.goto(live_server + "/staff/login")
    page.fill("#username", "teacher-a")
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.click(".topnav >> text=掌握度")
    page.wait_for_url(live_server + "/staff/mastery")
    assert page.locator("table.heat").is_visible()
    assert "(4)" in page.locator("table.heat").inner_text()
    screenshot(page, "heat-map-school-360")
    page.click(f"a[href='/staff/mastery/classes/{world['class_a1'].id}']")
    assert "张小明" in page.locator("table.heat").inner_text()
    screenshot(page, "heat-map-class-360")


def test_a_type_held_back_by_a_contest_says_why_on_a_phone(make, live_server, phone_page):
    """Issue 12: while the student can still sit a contest drawing from alpha, practising alpha
    shows why there is nothing to practise instead of an empty page."""
    from datetime import timedelta

    from quiz import clock

    world = build(make, per_difficulty=3)
    contest = make.contest(world["teacher"], draw=[("alpha", 2)], school_codes=["SA"],
                           class_ids=[world["class_a1"].id], paper_mode="per_student",
                           opens_at=clock.now() - timedelta(minutes=5))
    make.attempt(contest, world["student"], seconds=None)
    page = phone_page
    login_student(page, live_server)
    page.goto(live_server + "/practice/types/alpha")
    page.wait_for_selector("#done:not(.hidden)")
    assert "这个题型有正在进行的竞赛，交卷后可以练习" in page.locator("#done").inner_text()
    fits_the_phone(page)
    screenshot(page, "practice-held-back-360")
