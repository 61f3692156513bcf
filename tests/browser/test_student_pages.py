"""A student on a 360×640 phone logs in and sees their home page."""

from __future__ import annotations

from quiz.extensions import db
from quiz.models import ScamType
from tests.browser.screens import screenshot
from tests.factories import DEFAULT_PASSWORD


def test_student_logs_in_on_a_phone(make, live_server, phone_page):
    school = make.school("JH01", name="东湖区第一初级中学")
    student = make.student(make.school_class(school, grade=7, name="2班"),
                           student_no="070201", name="李小红")
    db.session.add(ScamType(code="order-brushing", name="刷单返利类诈骗",
                            summary="以兼职刷单为诱饵，骗人不断垫资。",
                            warning_signs=["要求先垫付资金"]))
    db.session.commit()

    page = phone_page
    page.goto(live_server + "/")
    assert page.url.endswith("/login")
    screenshot(page, "student-login-360")
    # Phone keyboards: the student number field asks for the numeric keypad.
    assert page.get_attribute("#student_no", "inputmode") == "numeric"

    page.fill("#school", "jh01")
    page.fill("#student_no", "070201")
    page.fill("#password", "wrong")
    page.click("button[type=submit]")
    assert page.locator(".error").inner_text() == "账号或密码不正确。"

    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server + "/")
    assert page.locator("h1").inner_text() == "你好，李小红"
    assert "7年级 2班" in page.content()
    assert page.locator("text=刷单返利类诈骗").is_visible()
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Tap targets are at least 44 px tall.
    for box in page.locator("button, .button, .topnav a").all():
        if box.is_visible():
            assert box.bounding_box()["height"] >= 44
    screenshot(page, "student-home-360")
    assert student.id
