"""Login throttling as an attacker meets it (issue 14 items 1, 2 and 7): one account key per
route whatever the form carries, one budget for every spelling of an account, web and API
together, a backoff per (account, address) that never locks the owner out, a staff override,
and the real client's address behind trusted proxies. Each test runs on the in-memory store
and on a real Redis (QUIZ_TEST_REDIS_URL), as deployments with several app servers do."""

from __future__ import annotations

import os
import re
import uuid

import pytest

from quiz import create_app
from quiz.models import Role
from tests.factories import DEFAULT_PASSWORD

ATTACKER = "198.51.100.7"
OWNER = "203.0.113.5"
WAIT = "登录失败次数过多"


@pytest.fixture(params=["memory", "redis"])
def storage(request) -> dict:
    if request.param == "memory":
        return {"RATELIMIT_STORAGE_URI": "memory://"}
    url = os.environ.get("QUIZ_TEST_REDIS_URL", "")
    if not url:
        if os.environ.get("QUIZ_REQUIRE_REDIS") == "1":
            pytest.fail("QUIZ_REQUIRE_REDIS=1 but QUIZ_TEST_REDIS_URL is not set")
        pytest.skip("Redis not configured (set QUIZ_TEST_REDIS_URL)")
    return {"RATELIMIT_STORAGE_URI": url, "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}


@pytest.fixture
def serve(app_config, storage, clock):
    """serve(**overrides) -> a test client of an app on the test's store and clock."""
    def build(**overrides):
        app = create_app({**app_config, **storage, **overrides})
        app.extensions["clock"] = clock
        return app.test_client()

    return build


@pytest.fixture
def student(make):
    school = make.school("JH01")
    return make.student(make.school_class(school), student_no="070108")


def web_login(client, *, school="JH01", number="070108", password="wrong-password",
              address=ATTACKER, **extra):
    return client.post("/login", data={"school": school, "student_no": number,
                                       "password": password, **extra},
                       environ_base={"REMOTE_ADDR": address})


def api_login(client, username, password="wrong-password", school="JH01", address=ATTACKER,
              **environ):
    return client.post("/api/v1/token", json={"school": school, "username": username,
                                              "password": password},
                       environ_base={"REMOTE_ADDR": address, **environ})


def waited(response) -> str | None:
    """The wait a refused login names ("30 秒"), or None when the login was checked."""
    if response.status_code != 429:
        return None
    page = response.get_data(as_text=True)
    return re.search(r"请 (\d+ (?:秒|分钟))后再试", page).group(1)


# --- item 1: a staff field on the student form ---------------------------------------------------


def test_a_username_field_on_the_student_form_does_not_change_the_account_key(serve, student):
    client = serve()
    for i in range(5):
        response = web_login(client, username=f"throwaway-{i}")
        assert response.status_code == 200
    response = web_login(client, password=DEFAULT_PASSWORD, username="another-throwaway")
    assert response.status_code == 429
    assert WAIT in response.get_data(as_text=True) and "30 秒" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) >= 30


# --- item 2: spellings of one account through the API --------------------------------------------


def test_spellings_of_a_student_number_share_one_api_budget(serve, student):
    client = serve()
    for spelling in (" 070108", "070108 ", "\t070108", "070108\n", " 070108 "):
        assert api_login(client, spelling).status_code == 401
    response = api_login(client, "070108", DEFAULT_PASSWORD, school=" jh01 ")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "too_many_requests"
    assert WAIT in response.get_json()["error"]["message"]


def test_spellings_of_a_staff_username_share_one_api_budget(serve, make):
    make.staff(Role.BUREAU_ADMIN, username="bureau")
    client = serve()
    for spelling in (" bureau", "bureau ", "BUREAU", "\tbureau", "Bureau"):
        assert api_login(client, spelling, school=None).status_code == 401
    assert api_login(client, "bureau", DEFAULT_PASSWORD, school=None).status_code == 429


def test_the_web_form_and_the_api_share_one_budget(serve, student):
    client = serve()
    for _ in range(3):
        assert web_login(client, school="jh01 ").status_code == 200
    for _ in range(2):
        assert api_login(client, "070108 ").status_code == 401
    assert web_login(client, password=DEFAULT_PASSWORD).status_code == 429


# --- item 7: backoff per (account, address), a staff override, proxies ---------------------------


def test_an_attacker_elsewhere_cannot_lock_the_bureau_out(serve, make):
    make.staff(Role.BUREAU_ADMIN, username="bureau")
    client = serve()
    for _ in range(5):
        assert client.post("/staff/login", data={"username": "bureau", "password": "guess"},
                           environ_base={"REMOTE_ADDR": ATTACKER}).status_code == 200
    refused = client.post("/staff/login", data={"username": "bureau", "password": "guess"},
                          environ_base={"REMOTE_ADDR": ATTACKER})
    assert refused.status_code == 429
    owner = serve().post("/staff/login", data={"username": "bureau",
                                               "password": DEFAULT_PASSWORD},
                         environ_base={"REMOTE_ADDR": OWNER})
    assert owner.status_code == 302
    assert api_login(serve(), "bureau", DEFAULT_PASSWORD, school=None,
                     address=OWNER).status_code == 200


def test_the_wait_doubles_with_each_failure_and_a_success_clears_it(serve, student, clock):
    client = serve()
    for _ in range(5):
        web_login(client)
    assert waited(web_login(client)) == "30 秒"  # refused, the password not checked
    clock.advance(seconds=31)
    response = web_login(client)  # checked: the 6th failure earns 60 s
    assert response.status_code == 200 and "请 1 分钟后再试" in response.get_data(as_text=True)
    clock.advance(seconds=59)
    assert waited(web_login(client, password=DEFAULT_PASSWORD)) == "1 秒"
    clock.advance(seconds=1)
    assert web_login(client, password=DEFAULT_PASSWORD).status_code == 302
    fresh = serve()
    assert web_login(fresh).status_code == 200  # counting starts again after a success


def test_the_wait_is_capped(serve, student, clock):
    client = serve(LOGIN_BACKOFF_MAX_SECONDS=100)
    for _ in range(5):
        web_login(client)
        clock.advance(seconds=200)
    for _ in range(5):
        web_login(client)
        clock.advance(seconds=200)
    assert web_login(client).status_code == 200  # the wait has passed: checked, failed
    assert waited(web_login(client)) == "2 分钟"  # 100 s, not 30 × 2⁵


def test_the_students_teacher_clears_the_wait_for_every_address(serve, student, make):
    teacher = make.staff(Role.TEACHER, classes=[student.school_class], username="t1")
    client = serve()
    for address in (ATTACKER, OWNER):
        for _ in range(5):
            web_login(client, address=address)
        assert web_login(client, password=DEFAULT_PASSWORD, address=address).status_code == 429
    staff = serve()
    staff.post("/staff/login", data={"username": "t1", "password": DEFAULT_PASSWORD})
    response = staff.post(f"/admin/students/{student.id}/clear-login-wait")
    assert response.status_code == 302
    assert "已解除" in staff.get(response.headers["Location"]).get_data(as_text=True)
    for address in (ATTACKER, OWNER):
        assert web_login(serve(), password=DEFAULT_PASSWORD, address=address).status_code == 302
    assert teacher.id


def test_only_staff_who_manage_the_student_may_clear_the_wait(serve, student, make):
    other_school = make.school("XX02")
    make.staff(Role.TEACHER, school=other_school, username="stranger")
    staff = serve()
    staff.post("/staff/login", data={"username": "stranger", "password": DEFAULT_PASSWORD})
    assert staff.post(f"/admin/students/{student.id}/clear-login-wait").status_code == 404
    student_client = serve()
    web_login(student_client, password=DEFAULT_PASSWORD, address=OWNER)
    assert student_client.post(
        f"/admin/students/{student.id}/clear-login-wait").status_code == 403


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(serve, student):
    client = serve(TRUSTED_PROXY_HOPS=1)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        client.post("/login", data={"school": "JH01", "student_no": "070108", "password": "x"},
                    environ_base=proxy, headers={"X-Forwarded-For": ATTACKER})
    blocked = client.post("/login", data={"school": "JH01", "student_no": "070108",
                                          "password": DEFAULT_PASSWORD},
                          environ_base=proxy, headers={"X-Forwarded-For": ATTACKER})
    assert blocked.status_code == 429
    owner = serve(TRUSTED_PROXY_HOPS=1).post(
        "/login", data={"school": "JH01", "student_no": "070108", "password": DEFAULT_PASSWORD},
        environ_base=proxy, headers={"X-Forwarded-For": OWNER})
    assert owner.status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_for_buys_no_new_budget(serve, student):
    client = serve()  # QUIZ_TRUSTED_PROXY_HOPS defaults to 0
    for i in range(5):
        web_login(client, address=ATTACKER) if i == 0 else client.post(
            "/login", data={"school": "JH01", "student_no": "070108", "password": "x"},
            environ_base={"REMOTE_ADDR": ATTACKER}, headers={"X-Forwarded-For": f"192.0.2.{i}"})
    forged = client.post("/login", data={"school": "JH01", "student_no": "070108",
                                         "password": DEFAULT_PASSWORD},
                         environ_base={"REMOTE_ADDR": ATTACKER},
                         headers={"X-Forwarded-For": "192.0.2.99"})
    assert forged.status_code == 429


def test_the_address_limit_counts_the_real_client_behind_the_proxy(serve, student):
    client = serve(TRUSTED_PROXY_HOPS=1, LOGIN_ADDRESS_LIMIT="3 per minute")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    def post(client_address):
        return client.post("/login", data={"school": "JH01", "student_no": "S1", "password": "x"},
                           environ_base=proxy, headers={"X-Forwarded-For": client_address})

    assert [post(ATTACKER).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert post(OWNER).status_code == 200  # the proxy's address is not the budget


def test_the_operator_clears_a_staff_accounts_wait_from_the_command_line(
        app_config, storage, clock, make):
    make.staff(Role.BUREAU_ADMIN, username="bureau")
    app = create_app({**app_config, **storage})
    app.extensions["clock"] = clock
    client = app.test_client()
    for _ in range(5):
        client.post("/staff/login", data={"username": "bureau", "password": "guess"})
    right = {"username": "bureau", "password": DEFAULT_PASSWORD}
    assert client.post("/staff/login", data=right).status_code == 429
    with app.app_context():  # the command runs in the open context (the test's is another app)
        result = app.test_cli_runner().invoke(args=["users", "clear-login-wait",
                                                    "--username", " bureau"])
    assert result.exit_code == 0 and "cleared the login wait of bureau" in result.output
    assert client.post("/staff/login", data=right).status_code == 302
    unknown = app.test_cli_runner().invoke(args=["users", "clear-login-wait", "--username",
                                                 "nobody"])
    assert unknown.exit_code == 1 and "no staff account nobody" in unknown.output
