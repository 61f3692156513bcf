"""Leaderboards on a 360×640 phone: a student's boards and home card; the projector."""

from __future__ import annotations

from tests.browser.screens import screenshot
from tests.factories import DEFAULT_PASSWORD
from tests.leaderboard_world import city_contest, with_season

NAMES = ["陈思远", "林雨桐", "周子墨", "吴佳琪", "郑天佑", "孙梦瑶", "欧阳明轩", "艾力·买买提"]


def city(make, clock) -> dict:
    world = with_season(make, clock)
    contest = city_contest(make, world)
    make.attempt(contest, world["student"], right=3, seconds=200)
    make.attempt(contest, world["student2"], right=4, seconds=150)
    make.attempt(contest, world["student_a2"], right=2, seconds=80)
    make.attempt(contest, world["student_b"], right=4, seconds=90)
    for n, name in enumerate(NAMES):
        school_class = (world["class_a1"], world["class_a2"], world["class_b1"])[n % 3]
        student = make.student(school_class, student_no=f"X{n:03d}", name=name)
        make.attempt(contest, student, right=n % 5, seconds=60 + 7 * n)
    world["contest"] = contest
    return world


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for box in page.locator("button, .button, .topnav a, .row-link, select").all():
        if box.is_visible():
            assert box.bounding_box()["height"] >= 44, box.inner_text()


def test_student_boards_on_a_phone(make, clock, live_server, phone_page):
    world = city(make, clock)
    page = phone_page
    page.goto(live_server + "/login")
    page.fill("#school", "SA")
    page.fill("#student_no", "A001")
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server + "/")
    card = page.locator(".lb-card")
    assert "班级第" in card.inner_text() and "全市第" in card.inner_text()
    card.scroll_into_view_if_needed()
    screenshot(page, "leaderboard-home-card-360")

    page.click(".topnav >> text=排行榜")
    page.wait_for_url(f"{live_server}/leaderboards/")
    text = page.content()
    assert "我在全市（初中组）" in text and "张小明" in text and "李小红" in text
    assert "王*刚" in text and "王小刚" not in text and "赵小丽" not in text and "B001" not in text
    assert page.locator("tr.lb-me").count() >= 2  # the city place and the class board
    fits_the_phone(page)
    screenshot(page, "leaderboard-student-360")

    page.select_option("#lb-board", label="赛季：2026秋季学期")
    page.wait_for_url(f"{live_server}/leaderboards/?season=*")
    assert "赛季：2026秋季学期" in page.content()
    fits_the_phone(page)
    screenshot(page, "leaderboard-student-season-360")
    assert world["contest"].id


def test_projector_on_a_wide_screen(make, clock, live_server, chromium):
    world = city(make, clock)
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server + "/staff/login")
    page.fill("#username", "teacher-a")
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server + "/")
    page.goto(f"{live_server}/leaderboards/projector?contest={world['contest'].id}")
    assert page.locator(".lb-proj-list li").count() >= 10
    assert "张小明" not in page.content() and "张*明" in page.content()
    screenshot(page, "leaderboard-projector-1280")
    context.close()


def test_teacher_and_bureau_boards_on_a_laptop(make, clock, live_server, chromium):
    world = city(make, clock)
    context = chromium.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN")
    page = context.new_page()
    for username, name, expected in (("teacher-a", "teacher", "本校班级排名"),
                                     ("bureau", "bureau", "区县排名")):
        page.goto(live_server + "/staff/login")
        page.fill("#username", username)
        page.fill("#password", DEFAULT_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(live_server + "/")
        page.goto(f"{live_server}/leaderboards/?contest={world['contest'].id}")
        assert expected in page.content()
        screenshot(page, f"leaderboard-{name}-1024")
        page.context.clear_cookies()
    page.goto(live_server + "/staff/login")
    page.fill("#username", "bureau")
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server + "/")
    page.goto(f"{live_server}/leaderboards/seasons")
    page.fill("#name", "倒序赛季")
    page.fill("#starts_on", "2026-12-01")
    page.fill("#ends_on", "2026-11-01")
    page.click("main button.primary")
    assert "最后一天不能早于第一天" in page.content()
    screenshot(page, "leaderboard-seasons-1024")
    context.close()
