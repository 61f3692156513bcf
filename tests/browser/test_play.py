"""A student plays a contest on a 360×640 phone through a lost connection and a reload."""

from __future__ import annotations

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Attempt, QuestionReport
from tests.browser.screens import screenshot
from tests.contest_world import build
from tests.factories import DEFAULT_PASSWORD


def answer_current(page) -> None:
    page.locator(".choice").first.click()


def test_play_through_offline_and_reload(make, live_server, phone_page):
    world = build(make)
    make.contest(world["admin"], title="开学季反诈知识竞赛", draw=[("demo", 5, (1, 2))],
                 school_codes=["SA"])
    page = phone_page
    page.set_default_timeout(10_000)
    page.goto(live_server + "/login")
    page.fill("#school", "SA")
    page.fill("#student_no", "A001")
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.click("text=开学季反诈知识竞赛")
    page.click("text=开始答题")
    page.wait_for_selector(".choice")
    screenshot(page, "play-question-360")

    answer_current(page)
    page.wait_for_selector(".save-state.saved")
    page.click("#next")

    # The train enters a tunnel: two answers are kept on the phone.
    page.context.set_offline(True)
    answer_current(page)
    page.wait_for_selector(".save-state.offline")
    assert "离线，恢复后自动提交" in page.inner_text("#save-state")
    page.click("#next")
    answer_current(page)
    screenshot(page, "play-offline-360")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector(".save-state.saved")
    page.wait_for_function(
        "() => Object.keys(JSON.parse(localStorage.getItem("
        "Object.keys(localStorage).find(k => k.startsWith('quiz-unsent-')) || 'x') || '{}'))"
        ".length === 0")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 3

    # A reload resumes the same attempt with the time the server says is left.
    before = page.inner_text("#countdown")
    page.reload()
    page.wait_for_selector(".choice")
    after = page.inner_text("#countdown")
    assert after <= before and after >= "09:30"
    assert page.locator(".question-map .cell.done").count() == 3
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#finish")
    page.wait_for_selector(".big-score")
    screenshot(page, "play-result-360")
    assert page.locator("article.review").count() == 5
    assert "解析" in page.inner_text("#result")
    db.session.expire_all()
    assert db.session.scalar(select(Attempt)).finished_at is not None

    # A question that looks wrong is reported from the result screen.
    report = page.locator("details.report").first
    report.locator("summary").click()
    report.locator("select").select_option("unclear")
    report.locator("button").click()
    report.locator("text=已提交，谢谢！").wait_for()
    assert db.session.scalar(select(func.count()).select_from(QuestionReport)) == 1
