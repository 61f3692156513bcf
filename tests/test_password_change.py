"""Passwords someone else knows (issue 14 item 10, the account parts): a reset password is shown
once on a page no cache keeps and never rides in the session cookie; after an import, a reset
or login slips the student must choose their own before anything else (the API answers 403
`password_change_required` meanwhile); anyone may change theirs at any time."""

from __future__ import annotations

import re

import pytest
from flask.sessions import SecureCookieSessionInterface

from quiz import create_app
from quiz.extensions import db
from quiz.models import Role, Student
from quiz.passwords import INITIAL_PASSWORD_ALPHABET
from tests.factories import DEFAULT_PASSWORD

NEW_PASSWORD = "my-own-secret-9"


@pytest.fixture
def school_class(make):
    return make.school_class(make.school("JH01"), grade=7, name="2班")


@pytest.fixture
def student(make, school_class):
    return make.student(school_class, student_no="070108", name="李小红")


@pytest.fixture
def teacher(make, school_class):
    return make.staff(Role.TEACHER, classes=[school_class], username="t1")


def log_in_student(client, password, number="070108"):
    return client.post("/login", data={"school": "JH01", "student_no": number,
                                       "password": password})


def change(client, current, new=NEW_PASSWORD, confirm=None, next_url=""):
    return client.post("/account/password" + next_url, data={
        "current_password": current, "new_password": new,
        "confirm_password": new if confirm is None else confirm})


def reset_by_teacher(client, student) -> str:
    response = client.post(f"/admin/students/{student.id}/reset-password")
    assert response.status_code == 200
    return re.search(r'class="reset-password"><strong>([^<]+)<',
                     response.get_data(as_text=True)).group(1)


def session_contents(app, client) -> dict:
    cookie = client.get_cookie("session")
    if cookie is None:
        return {}
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.loads(cookie.value)


# --- the attack: the reset password in the (signed, readable) session cookie ----------------------


def test_a_reset_password_is_not_put_into_the_session_cookie(client, login_as, teacher, student):
    staff = login_as(teacher)
    response = staff.post(f"/admin/students/{student.id}/reset-password")
    password = re.search(r'class="reset-password"><strong>([^<]+)<',
                         response.get_data(as_text=True)).group(1)
    assert response.headers["Cache-Control"] == "no-store"
    contents = session_contents(client.application, staff)
    assert password not in repr(contents)
    assert "_flashes" not in contents
    assert password not in staff.get(f"/admin/classes/{student.class_id}").get_data(as_text=True)


def test_reset_passwords_are_eight_unambiguous_characters(login_as, teacher, student):
    password = reset_by_teacher(login_as(teacher), student)
    assert len(password) == 8 and set(password) <= set(INITIAL_PASSWORD_ALPHABET)


# --- the forced change --------------------------------------------------------------------------


def test_after_a_reset_the_student_must_choose_a_password_first(app_config, login_as, teacher,
                                                               student):
    password = reset_by_teacher(login_as(teacher), student)
    client = create_app(app_config).test_client()
    response = log_in_student(client, password)
    assert response.headers["Location"].startswith("/account/password")
    for path in ("/", "/me", "/practice/", "/leaderboards/"):
        assert client.get(path).headers["Location"].startswith("/account/password"), path
    page = client.get("/account/password").get_data(as_text=True)
    assert "请先设置一个只有你自己知道的新密码" in page
    api = client.get("/api/v1/contests")  # the play page's session, not a token
    assert api.status_code == 403
    assert api.get_json()["error"]["code"] == "password_change_required"

    assert change(client, password).headers["Location"] == "/"
    assert client.get("/").status_code == 200
    db.session.expire_all()
    assert not db.session.get(Student, student.id).must_change_password


def test_no_api_token_until_the_password_is_changed(app_config, login_as, teacher, student):
    password = reset_by_teacher(login_as(teacher), student)
    client = create_app(app_config).test_client()
    body = {"school": "JH01", "username": "070108", "password": password}
    response = client.post("/api/v1/token", json=body)
    assert response.status_code == 403
    assert response.get_json()["error"] == {
        "code": "password_change_required", "message": "请先在网页上修改初始密码，再登录 App。"}
    log_in_student(client, password)
    change(client, password)
    body["password"] = NEW_PASSWORD
    assert client.post("/api/v1/token", json=body).status_code == 200


def test_the_change_page_keeps_the_page_the_student_wanted(app_config, login_as, teacher,
                                                          student):
    password = reset_by_teacher(login_as(teacher), student)
    client = create_app(app_config).test_client()
    response = client.post("/login?next=/me", data={"school": "JH01", "student_no": "070108",
                                                    "password": password})
    location = response.headers["Location"]
    assert location.startswith("/account/password?next=")
    assert change(client, password, next_url=location[len("/account/password"):]
                  ).headers["Location"] == "/me"
    # …but never another site.
    assert change(client, NEW_PASSWORD, new="another-secret-1",
                  next_url="?next=/%09/evil.example/").headers["Location"] == "/"


def test_imported_students_must_change_their_password(runner, tmp_path, school_class, client):
    path = tmp_path / "名单.csv"
    path.write_text("学号,姓名,年级,班级,初始密码\n901,新同学,7,2班,\n902,又一个,7,2班,given-pass-1\n",
                    encoding="utf-8")
    result = runner.invoke(args=["roster", "import", str(path), "--school", "JH01"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    students = db.session.query(Student).order_by(Student.student_no).all()
    assert [s.must_change_password for s in students] == [True, True]
    response = log_in_student(client, "given-pass-1", number="902")
    assert response.headers["Location"].startswith("/account/password")


def test_a_roster_that_changes_a_password_ends_the_old_sessions(runner, tmp_path, student,
                                                               client):
    assert log_in_student(client, DEFAULT_PASSWORD).status_code == 302
    path = tmp_path / "名单.csv"
    path.write_text("学号,姓名,年级,班级,初始密码\n070108,李小红,7,2班,new-given-1\n",
                    encoding="utf-8")
    assert runner.invoke(args=["roster", "import", str(path), "--school", "JH01"]).exit_code == 0
    assert client.get("/").headers["Location"].startswith("/login")


def test_login_slips_make_the_student_change_the_printed_password(login_as, teacher, student):
    page = login_as(teacher).post(f"/admin/classes/{student.class_id}/slips")
    assert "李小红" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Student, student.id).must_change_password


def test_a_student_who_must_change_may_still_log_out(app_config, login_as, teacher, student):
    password = reset_by_teacher(login_as(teacher), student)
    client = create_app(app_config).test_client()
    log_in_student(client, password)
    assert client.post("/logout").headers["Location"] == "/login"


# --- changing a password any time ----------------------------------------------------------------


@pytest.mark.parametrize(("current", "new", "confirm", "message"), [
    ("wrong-password", NEW_PASSWORD, None, "当前密码不正确"),
    (DEFAULT_PASSWORD, "short", None, "新密码应为 8 到 128 个字符"),
    (DEFAULT_PASSWORD, NEW_PASSWORD, "something-else", "两次输入的新密码不一致"),
    (DEFAULT_PASSWORD, DEFAULT_PASSWORD, None, "新密码不能与当前密码相同"),
    ("", NEW_PASSWORD, None, "请填写当前密码"),
])
def test_a_bad_change_is_refused_with_a_reason(client, student, current, new, confirm, message):
    log_in_student(client, DEFAULT_PASSWORD)
    response = change(client, current, new, confirm)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Student, student.id).check_password(DEFAULT_PASSWORD)


def test_staff_change_their_password_too(client, teacher):
    client.post("/staff/login", data={"username": "t1", "password": DEFAULT_PASSWORD})
    assert change(client, DEFAULT_PASSWORD).status_code == 302
    client.post("/logout")
    assert client.post("/staff/login", data={"username": "t1", "password": NEW_PASSWORD}
                       ).status_code == 302


def test_long_passphrases_with_any_characters_are_kept_whole(client, teacher):
    """ASVS V2.1.2–V2.1.4 and V2.1.9: up to 128 characters, spaces and any Unicode (emoji
    included), no composition rules, nothing truncated."""
    client.post("/staff/login", data={"username": "t1", "password": DEFAULT_PASSWORD})
    passphrase = "我的 反诈 密码 🐼 is long enough " * 3 + "x" * 20
    assert 64 < len(passphrase) <= 128
    assert change(client, DEFAULT_PASSWORD, passphrase).status_code == 302
    client.post("/logout")
    for wrong in (passphrase[:-1], passphrase[:64], passphrase.strip() + "y"):
        assert client.post("/staff/login", data={"username": "t1", "password": wrong}
                           ).status_code == 200
    assert client.post("/staff/login", data={"username": "t1", "password": passphrase}
                       ).status_code == 302
    assert change(client, passphrase, "aaaaaaaa").status_code == 302  # no composition rules
