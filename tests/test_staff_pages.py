"""Staff pages: home, class roster, password reset, login slips, the bank browser, errors."""

from __future__ import annotations

import re
import textwrap

import pytest

from quiz.extensions import db
from quiz.models import Role, utcnow
from tests.factories import DEFAULT_PASSWORD


@pytest.fixture
def school_class(make):
    return make.school_class(make.school("JH01", name="第一中学"), grade=7, name="2班")


@pytest.fixture
def teacher(make, school_class):
    return make.staff(Role.TEACHER, classes=[school_class], name="王老师")


def test_teacher_home_lists_their_classes(make, login_as, teacher, school_class):
    make.student(school_class)
    page = login_as(teacher).get("/").get_data(as_text=True)
    assert "7年级 2班" in page
    assert "1 名学生" in page
    assert "导入名单" in page


def test_reset_password_gives_a_new_password_once(make, login_as, teacher, school_class):
    student = make.student(school_class, name="李小红")
    client = login_as(teacher)
    response = client.post(f"/admin/students/{student.id}/reset-password")
    assert response.status_code == 200  # shown in this response, not flashed and redirected
    page = response.get_data(as_text=True)
    assert "李小红（学号" in page and "只显示这一次" in page
    new_password = re.search(r'class="reset-password"><strong>([^<]+)<', page).group(1)
    assert len(new_password) == 8
    db.session.expire_all()
    assert student.check_password(new_password)
    assert not student.check_password(DEFAULT_PASSWORD)


def test_login_slips_issue_new_passwords_for_students_who_never_logged_in(
        make, login_as, teacher, school_class):
    fresh = make.student(school_class, student_no="001", name="新同学")
    seen = make.student(school_class, student_no="002", name="老同学")
    seen.last_login_at = utcnow()
    db.session.commit()
    client = login_as(teacher)
    confirm = client.get(f"/admin/classes/{school_class.id}/slips").get_data(as_text=True)
    assert "1 名学生尚未登录过" in confirm
    page = client.post(f"/admin/classes/{school_class.id}/slips").get_data(as_text=True)
    assert "新同学" in page and "老同学" not in page
    assert "JH01" in page and "001" in page
    db.session.expire_all()
    assert seen.check_password(DEFAULT_PASSWORD)  # left alone
    assert not fresh.check_password(DEFAULT_PASSWORD)
    everyone = client.post(f"/admin/classes/{school_class.id}/slips",
                           data={"include_logged_in": "y"}).get_data(as_text=True)
    assert "老同学" in everyone


BANK = textwrap.dedent("""\
    scam_type: {code: fake-refund, name: 冒充客服退款诈骗, summary: 冒充客服以退款为由骗钱。,
                warning_signs: [主动联系你退款]}
    questions:
      - id: fr-001
        type: single
        difficulty: 2
        stem: 自称客服来电说要给你退款，怎么办？
        options: [按对方说的操作, 挂断后在官方 App 里核实]
        answer: B
        explanation: 退款不需要你转账，先挂断再从官方渠道核实。
        dialogue:
          - {from: 客服, text: 您的快递丢了，我们给您三倍理赔}
          - {from: 我, text: 需要怎么做？}
    """)


def test_bank_browser_shows_questions_with_answers_to_staff(runner, tmp_path, login_as, teacher):
    path = tmp_path / "fr.yaml"
    path.write_text(BANK, encoding="utf-8")
    assert runner.invoke(args=["banks", "import", str(path)]).exit_code == 0
    client = login_as(teacher)
    index = client.get("/banks/").get_data(as_text=True)
    assert "冒充客服退款诈骗" in index
    page = client.get("/banks/fake-refund").get_data(as_text=True)
    assert "挂断后在官方 App 里核实 ✓" in page
    assert "您的快递丢了" in page  # the chat
    assert "退款不需要你转账" in page
    assert client.get("/banks/fake-refund?difficulty=1").get_data(as_text=True).count(
        'class="card question"') == 0


@pytest.mark.parametrize("url", [
    "/no-such-page", "/banks/no-such-type", "/banks/fake-refund?difficulty=9",
    "/admin/classes/999999", "/admin/schools/999999", "/admin/classes/abc",
])
def test_unknown_urls_and_ids_get_a_chinese_404(login_as, teacher, url):
    response = login_as(teacher).get(url)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "找不到这个页面" in page
    assert "Traceback" not in page


def test_pages_need_login(client):
    for url in ("/", "/banks/", "/admin/classes/1", "/rosters/upload"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_an_unexpected_error_shows_a_chinese_page_not_a_traceback(app_config):
    from quiz import create_app

    app = create_app({**app_config, "PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "服务器出了点问题" in page
    assert "secret detail" not in page and "Traceback" not in page


def test_student_home_shows_only_lessons_for_their_age(make, login_as):
    from quiz.extensions import db as database
    from quiz.models import ScamType

    database.session.add_all([
        ScamType(code="loans", name="校园贷", summary="贷款", audience=["senior", "college"]),
        ScamType(code="games", name="游戏交易", summary="游戏", audience=None),
    ])
    database.session.commit()
    student = make.student(make.school_class(make.school("P01", level="primary")))
    page = login_as(student).get("/").get_data(as_text=True)
    assert "游戏交易" in page and "校园贷" not in page
