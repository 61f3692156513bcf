"""Sessions that end (issue 14 item 4): a password reset, a password change and 退出所有设备
end every session cookie, remember cookie and API token made before; the remember cookie is
short-lived, Secure behind HTTPS, SameSite=Lax and HttpOnly, students get none by default, and
logout deletes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from quiz import create_app
from quiz.config import settings_from_environment
from quiz.extensions import db
from quiz.models import Role
from tests.factories import DEFAULT_PASSWORD

NEW_PASSWORD = "my-own-secret-9"


@pytest.fixture
def school(make):
    return make.school("JH01")


@pytest.fixture
def student(make, school):
    return make.student(make.school_class(school), student_no="070108")


@pytest.fixture
def teacher(make, student):
    return make.staff(Role.TEACHER, classes=[student.school_class], username="t1")


@pytest.fixture
def serve(app_config):
    def build(**overrides):
        return create_app({**app_config, **overrides}).test_client()

    return build


def student_logs_in(client, password=DEFAULT_PASSWORD, **extra):
    response = client.post("/login", data={"school": "JH01", "student_no": "070108",
                                            "password": password, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def staff_logs_in(client, username="t1", remember=False):
    data = {"username": username, "password": DEFAULT_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/staff/login", data=data)
    assert response.status_code == 302
    return response


def api_token(client, username="070108", school="JH01", password=DEFAULT_PASSWORD) -> str:
    response = client.post("/api/v1/token", json={"school": school, "username": username,
                                                  "password": password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


def copy_cookie(source, target, name: str) -> None:
    target.set_cookie(name, source.get_cookie(name).value)


def is_logged_in(client) -> bool:
    return client.get("/").status_code == 200


def api_works(client, token: str) -> bool:
    return client.get("/api/v1/contests",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200


def set_cookie_header(response, name: str) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "="))


# --- the attack: a teacher resets a student's password ------------------------------------------


def test_a_reset_ends_the_students_session_remember_cookie_and_api_token(serve, student,
                                                                          teacher):
    lab_pc = serve(STUDENT_REMEMBER_ME=True)
    student_logs_in(lab_pc, remember="y")
    token = api_token(lab_pc)
    stolen = serve(STUDENT_REMEMBER_ME=True)
    copy_cookie(lab_pc, stolen, "session")
    remembered = serve(STUDENT_REMEMBER_ME=True)
    copy_cookie(lab_pc, remembered, "remember_token")
    assert is_logged_in(stolen) and is_logged_in(remembered) and api_works(serve(), token)

    staff = serve()
    staff_logs_in(staff)
    assert staff.post(f"/admin/students/{student.id}/reset-password").status_code == 200

    fresh_remembered = serve(STUDENT_REMEMBER_ME=True)
    copy_cookie(lab_pc, fresh_remembered, "remember_token")
    assert not is_logged_in(lab_pc)
    assert not is_logged_in(stolen)
    assert not is_logged_in(fresh_remembered)
    response = serve().get("/api/v1/contests", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_password_change_ends_other_sessions_and_tokens_but_keeps_this_one(serve, student):
    phone, laptop = serve(), serve()
    student_logs_in(phone)
    student_logs_in(laptop)
    token = api_token(serve())
    response = laptop.post("/account/password", data={
        "current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert not api_works(serve(), token)
    assert api_works(serve(), api_token(serve(), password=NEW_PASSWORD))


def test_logout_everywhere_ends_every_session_remember_cookie_and_token(serve, teacher):
    laptop, phone = serve(), serve()
    staff_logs_in(laptop, remember=True)
    staff_logs_in(phone)
    token = api_token(serve(), username="t1", school=None)
    copied = serve()
    copy_cookie(laptop, copied, "remember_token")
    response = phone.post("/account/logout-everywhere")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/login"
    assert not is_logged_in(phone)
    assert not is_logged_in(laptop)
    assert not is_logged_in(copied)
    assert not api_works(serve(), token)
    staff_logs_in(phone)  # the password still works
    assert is_logged_in(phone)


def test_old_two_part_login_ids_no_longer_load(client, student):
    with client.session_transaction() as session:
        session["_user_id"] = f"student:{student.id}"
    assert client.get("/").status_code == 302


def test_a_version_from_before_the_bump_does_not_load(client, student):
    with client.session_transaction() as session:
        session["_user_id"] = student.get_id()
    assert is_logged_in(client)
    student.session_version += 1
    db.session.commit()
    assert not is_logged_in(client)


# --- the remember cookie ------------------------------------------------------------------------


def test_students_get_no_remember_cookie_by_default(client, student):
    response = student_logs_in(client, remember="y")
    assert not any(h.startswith("remember_token=")
                   for h in response.headers.getlist("Set-Cookie"))
    assert "保持登录" not in client.get("/login").get_data(as_text=True)


def test_a_school_may_turn_remember_me_on_for_students(serve, student):
    client = serve(STUDENT_REMEMBER_ME=True)
    assert "保持登录" in client.get("/login").get_data(as_text=True)
    response = student_logs_in(client, remember="y")
    assert "remember_token=" in " ".join(response.headers.getlist("Set-Cookie"))


def test_the_remember_cookie_is_short_lived_secure_lax_and_http_only(app_config, teacher,
                                                                    tmp_path):
    settings = settings_from_environment(str(tmp_path), {"QUIZ_SECURE_COOKIES": "1"})
    assert settings["REMEMBER_COOKIE_SECURE"] and settings["SESSION_COOKIE_SECURE"]
    assert settings["REMEMBER_COOKIE_DURATION"] == timedelta(days=14)
    assert not settings["STUDENT_REMEMBER_ME"]
    assert settings_from_environment(str(tmp_path), {"QUIZ_REMEMBER_DAYS": "3"})[
        "REMEMBER_COOKIE_DURATION"] == timedelta(days=3)
    client = create_app({**app_config, "REMEMBER_COOKIE_SECURE": True,
                         "SESSION_COOKIE_SECURE": True}).test_client()
    response = client.post("/staff/login", base_url="https://localhost", data={
        "username": "t1", "password": DEFAULT_PASSWORD, "remember": "y"})
    for name in ("remember_token", "session"):
        cookie = set_cookie_header(response, name)
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie, name
    cookie = set_cookie_header(response, "remember_token")
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert abs(expires - datetime.now(UTC) - timedelta(days=14)) < timedelta(minutes=5)


def test_staff_are_remembered_only_when_they_ask(client, teacher):
    response = staff_logs_in(client)
    assert not any(h.startswith("remember_token=")
                   for h in response.headers.getlist("Set-Cookie"))


def test_logout_deletes_the_remember_cookie(client, teacher):
    staff_logs_in(client, remember=True)
    assert client.get_cookie("remember_token") is not None
    response = client.post("/logout")
    assert "remember_token=;" in set_cookie_header(response, "remember_token")
    assert client.get_cookie("remember_token") is None
    assert not is_logged_in(client)


def test_the_account_page_is_linked_from_me_and_the_menu(client, student):
    student_logs_in(client)
    assert "/account/password" in client.get("/me").get_data(as_text=True)
    assert "/account/password" in client.get("/").get_data(as_text=True)
    page = client.get("/account/password")
    assert "退出所有设备" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_pages_for_accounts_need_a_login(client):
    assert client.get("/account/password").headers["Location"].startswith("/login")
    assert client.post("/account/logout-everywhere").headers["Location"].startswith("/login")
