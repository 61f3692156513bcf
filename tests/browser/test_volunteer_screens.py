"""Volunteers on a 360×640 phone: a student logs an activity, a teacher rejects and approves
it, the student sees the status; boards and the audit log render without sideways scrolling."""

from __future__ import annotations

from datetime import date, timedelta

from quiz.extensions import db
from quiz.models.volunteers import MemberRole, MemberStatus
from tests import volunteer_world as vw
from tests.browser.logins import staff_login, student_login
from tests.browser.screens import screenshot


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for box in page.locator("button, .button, .topnav a, .tabs a").all():
        if box.is_visible():
            assert box.bounding_box()["height"] >= 44, box.inner_text()


def test_log_review_and_boards_on_a_phone(make, live_server, chromium, phone_page):
    w = vw.build(make)
    make.member(w["s1"], role=MemberRole.LEADER)
    make.member(w["s2"])
    make.member(w["s3"], status=MemberStatus.PENDING)
    make.member(w["sb"])
    make.activity(w["school_a"], [w["s1"], w["s2"]], hours="2", on=date.today())
    make.activity(w["school_b"], [w["sb"]], hours="3", on=date.today())
    db.session.commit()

    page = phone_page
    student_login(page, live_server, "VA", "A001")
    page.locator("#vol-card").wait_for()
    page.locator(".vol-card").scroll_into_view_if_needed()
    screenshot(page, "volunteer-home-card-360")
    page.click("text=我的志愿")
    fits_the_phone(page)
    screenshot(page, "volunteer-student-360")

    page.click("text=登记一次活动")
    page.select_option("#kind", "app_install")
    page.fill("#occurred_on", (date.today() - timedelta(days=1)).isoformat())
    page.fill("#place", "城南菜市场")
    page.fill("#hours", "30")
    page.fill("#people_reached", "60")
    page.fill("#app_installs", "25")
    page.check("text=李小红（7年级 1班）")
    page.fill("#description", "帮摊主安装国家反诈中心App")
    page.click("form.vol-form button[type=submit]")
    assert "不能超过 24 小时" in page.locator(".error").first.inner_text()
    fits_the_phone(page)
    screenshot(page, "volunteer-form-error-360")
    page.fill("#hours", "2.5")
    page.click("form.vol-form button[type=submit]")
    page.locator("text=活动已登记，等待老师审核。").wait_for()
    activity_url = page.url
    screenshot(page, "volunteer-activity-pending-360")

    teacher = chromium.new_context(viewport={"width": 360, "height": 640},
                                   device_scale_factor=2, is_mobile=True, locale="zh-CN")
    tpage = teacher.new_page()
    staff_login(tpage, live_server, "teacher-a")
    tpage.goto(live_server + "/volunteers/team")
    fits_the_phone(tpage)
    screenshot(tpage, "volunteer-team-360")
    tpage.goto(activity_url)
    tpage.fill("#reason", "请补充现场照片说明")
    tpage.click("text=退回并说明原因")
    tpage.locator("text=已退回").wait_for()

    page.goto(live_server + "/volunteers/")
    page.locator("text=请补充现场照片说明").wait_for()
    page.click("text=修改后重新提交")
    page.fill("#people_reached", "70")
    page.click("form.vol-form button[type=submit]")

    tpage.goto(activity_url)
    screenshot(tpage, "volunteer-review-360")
    tpage.click("button:has-text('通过')")
    tpage.locator("text=已通过，活动计入志愿服务统计。").wait_for()

    page.goto(live_server + "/volunteers/board")
    screenshot(page, "volunteer-school-board-360")
    fits_the_phone(page)
    assert "王*刚" not in page.content()  # not on the board: pending member, no hours
    page.goto(live_server + "/volunteers/board/city")
    assert "赵*丽" in page.content()
    fits_the_phone(page)
    screenshot(page, "volunteer-city-board-360")
    teacher.close()

    admin = chromium.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN")
    apage = admin.new_page()
    staff_login(apage, live_server, "admin-a")
    apage.goto(live_server + "/admin/audit/")
    assert "退回志愿活动" in apage.content() and "通过志愿活动" in apage.content()
    screenshot(apage, "audit-log-360")
    admin.close()
