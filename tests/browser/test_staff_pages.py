"""A teacher on a phone imports a roster: checking state, row problems, preview, confirm."""

from __future__ import annotations

from quiz.extensions import db
from quiz.models import Role, Student
from tests.browser.screens import screenshot
from tests.factories import DEFAULT_PASSWORD

HEADER = "学号,姓名,年级,班级\n"


def test_teacher_imports_a_roster_on_a_phone(make, live_server, phone_page, tmp_path):
    school = make.school("JH01", name="第一初级中学")
    school_class = make.school_class(school, grade=7, name="2班")
    make.staff(Role.TEACHER, classes=[school_class], username="wang", name="王老师")
    broken = tmp_path / "broken.csv"
    broken.write_text(HEADER + "070201,李小红,7,2班\n070202,,7,2班\n", encoding="utf-8")
    fixed = tmp_path / "名单.csv"
    fixed.write_text(HEADER + "070201,李小红,7,2班\n070202,赵小刚,7,2班\n", encoding="gbk")

    page = phone_page
    page.set_default_timeout(10_000)
    page.goto(live_server + "/staff/login")
    page.fill("#username", "wang")
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.click("text=导入名单")

    # While the file is being checked the button is disabled and a progress bar shows.
    # A listener added after the page's own stops the real upload, so the state stays to see.
    page.evaluate("""() => document.querySelector('main form[data-progress]')
        .addEventListener('submit', event => event.preventDefault())""")
    page.set_input_files("input[type=file]", str(broken))
    page.click("main form[data-progress] button[type=submit]")
    state = page.evaluate("""() => {
        const box = document.querySelector('.upload-state');
        const button = document.querySelector('main form[data-progress] button[type=submit]');
        return {shown: !box.classList.contains('hidden'), text: box.innerText,
                disabled: button.disabled};
    }""")
    assert state["shown"] and state["disabled"]
    assert "正在检查" in state["text"]

    page.reload()
    page.set_input_files("input[type=file]", str(broken))
    page.click("main form[data-progress] button[type=submit]")
    page.wait_for_selector("text=没有导入任何学生")
    assert "缺少姓名" in page.content()
    screenshot(page, "roster-problems-360")

    page.set_input_files("input[type=file]", str(fixed))
    page.click("main form[data-progress] button[type=submit]")
    page.wait_for_selector("text=确认导入")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "roster-preview-360")
    page.click("main form[data-progress] button[type=submit]")
    page.wait_for_selector("text=赵小刚")
    screenshot(page, "roster-result-360")

    db.session.expire_all()
    numbers = sorted(s.student_no for s in db.session.query(Student).all())
    assert numbers == ["070201", "070202"]
