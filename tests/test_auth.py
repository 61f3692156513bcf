"""Logging in and out: students by school code + number, staff by username; throttling."""

from __future__ import annotations

import pytest

from quiz.models import Role
from tests.factories import DEFAULT_PASSWORD

BAD_LOGIN = "账号或密码不正确。"


@pytest.fixture
def student(make):
    school = make.school("JH01")
    return make.student(make.school_class(school), student_no="20260001")


def student_login(client, school="JH01", student_no="20260001", password=DEFAULT_PASSWORD):
    return client.post("/login", data={
        "school": school, "student_no": student_no, "password": password,
    })


def test_student_logs_in_and_sees_home(client, student):
    response = student_login(client, school="jh01 ")  # lower case and a stray space are fine
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "你好，张小明" in page
    assert "20260001" in page
    assert student.last_login_at is not None


@pytest.mark.parametrize(("school", "number", "password"), [
    ("JH01", "20260001", "wrong-password"),   # wrong password
    ("JH01", "99999999", DEFAULT_PASSWORD),   # unknown student
    ("XX99", "20260001", DEFAULT_PASSWORD),   # unknown school
])
def test_wrong_credentials_get_one_message(client, student, school, number, password):
    response = student_login(client, school, number, password)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert BAD_LOGIN in page
    assert "你好" not in client.get("/", follow_redirects=True).get_data(as_text=True)


def test_missing_and_malformed_fields_are_named_next_to_the_field(client, student):
    page = client.post("/login", data={"school": "", "student_no": "12 34", "password": ""}
                       ).get_data(as_text=True)
    assert "请填写学校代码" in page
    assert "学号只能包含数字、字母和短横线" in page
    assert "请填写密码" in page


def test_staff_login_and_logout(client, make):
    teacher = make.staff(Role.TEACHER, username="teacher1")
    response = client.post("/staff/login", data={"username": "teacher1",
                                                  "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert teacher.name in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert client.get("/").headers["Location"].startswith("/login")


def test_staff_wrong_password_same_message(client, make):
    make.staff(Role.TEACHER, username="teacher1")
    for username in ("teacher1", "nobody"):
        page = client.post("/staff/login", data={"username": username, "password": "nope-nope"}
                           ).get_data(as_text=True)
        assert BAD_LOGIN in page


def test_failed_logins_are_throttled_per_account(client, student):
    for _ in range(5):
        assert student_login(client, password="wrong").status_code == 200
    response = student_login(client)  # even the right password waits now
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "登录失败次数过多" in page
    assert 'value="20260001"' in page  # the form keeps what was typed
    # Another account behind the same address is not affected.
    assert student_login(client, student_no="20260002", password="x").status_code == 200


def test_successful_logins_do_not_use_up_the_account_limit(client, student):
    for _ in range(8):
        assert student_login(client).status_code == 302
        client.post("/logout")


@pytest.mark.slow
def test_a_whole_school_behind_one_address_can_log_in(client, student):
    """1,500 login posts a minute from one NAT address must pass; throttling is per account.

    Every post counts against the address limit, failed or not, so 1,500 posts for different
    accounts (mistyped numbers included) followed by a good login prove the address limit is
    loose enough.
    """
    for i in range(1500):
        response = client.post("/login", data={
            "school": "JH01", "student_no": f"S{i:04d}", "password": "wrong-password"})
        assert response.status_code == 200, i
    response = client.post("/login", data={
        "school": "JH01", "student_no": "20260001", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_address_limit_does_stop_a_flood(app_config, student):
    from quiz import create_app

    app = create_app({**app_config, "LOGIN_ADDRESS_LIMIT": "20 per minute"})
    statuses = [
        app.test_client().post("/login", data={
            "school": "JH01", "student_no": f"S{i:04d}", "password": "x"}).status_code
        for i in range(21)
    ]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429


def test_next_parameter_only_follows_local_paths(client, student):
    response = client.post("/login?next=//evil.example/", data={
        "school": "JH01", "student_no": "20260001", "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/"


def test_csrf_is_required_on_login(app_config, student):
    from quiz import create_app

    app = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    response = app.test_client().post("/login", data={
        "school": "JH01", "student_no": "20260001", "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)


def test_failed_logins_are_counted_across_app_servers_through_redis(app_config, student):
    """With QUIZ_REDIS_URL two app servers share one count, so a guesser gains nothing by
    landing on different workers."""
    import os
    import uuid

    from quiz import create_app

    url = os.environ.get("QUIZ_TEST_REDIS_URL", "")
    if not url:
        if os.environ.get("QUIZ_REQUIRE_REDIS") == "1":
            pytest.fail("QUIZ_REQUIRE_REDIS=1 but QUIZ_TEST_REDIS_URL is not set")
        pytest.skip("Redis not configured (set QUIZ_TEST_REDIS_URL)")
    config = {**app_config, "RATELIMIT_STORAGE_URI": url,
              "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    servers = [create_app(config).test_client(), create_app(config).test_client()]
    for attempt in range(5):
        response = student_login(servers[attempt % 2], password="wrong")
        assert response.status_code == 200
    assert student_login(servers[1]).status_code == 429
    assert student_login(servers[0]).status_code == 429
