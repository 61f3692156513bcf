"""The pure rules behind logins: safe next URLs, login ids, the backoff, account keys and
initial passwords. No app, no database."""

from __future__ import annotations

import pytest

from quiz.auth import identity
from quiz.auth.backoff import BackoffPolicy, describe_wait, wait_after
from quiz.auth.ids import parse_session_id, session_id, session_is_current
from quiz.auth.redirects import safe_next_url
from quiz.passwords import (
    INITIAL_PASSWORD_ALPHABET,
    MIN_PASSWORD_LENGTH,
    make_initial_password,
    password_problem,
)
from tests.redirect_payloads import OFF_SITE

LOCAL = ["/", "/contests", "/staff/contests/3?tab=live", "/me#badges", "/leaderboards?level=class",
         "/practice/daily", "/banks/reports?page=2&x=%E4%B8%AD"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_next_urls_that_leave_the_site_are_refused(target):
    assert safe_next_url(target) is None


@pytest.mark.parametrize("target", LOCAL)
def test_next_urls_on_the_site_are_kept(target):
    assert safe_next_url(target) == target


def test_login_ids_carry_kind_id_and_version():
    assert session_id("student", 41, 3) == "student:41:3"
    login = parse_session_id("staff:7:0")
    assert (login.kind, login.user_id, login.version) == ("staff", 7, 0)


@pytest.mark.parametrize("raw", [
    "student:41", "student:41:", "student::1", "teacher:1:0", "student:-1:0", "student:1:-1",
    "student:1:0:0", "student:１:0", "student:1:99999999999999999999", "", None, 41,
])
def test_malformed_and_old_login_ids_load_nobody(raw):
    assert parse_session_id(raw) is None


def test_a_session_is_current_only_with_the_stored_version():
    assert session_is_current(41, 3, 3)
    assert not session_is_current(41, 2, 3)  # made before a reset or 退出所有设备
    assert session_is_current(41, 0, None)  # a row from before the column reads as 0
    assert not session_is_current(None, 0, 0)  # no such (or no longer active) account
    assert not session_is_current(41, None, 0)


def test_the_backoff_is_free_then_doubles_up_to_its_cap():
    policy = BackoffPolicy(free_failures=5, base_seconds=30, max_seconds=900)
    waits = [wait_after(n, policy) for n in range(1, 12)]
    assert waits == [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]
    assert wait_after(10**6, policy) == 900  # no overflow for a long-running attack


def test_waits_are_described_in_seconds_or_minutes():
    assert describe_wait(30) == (30, "秒")
    assert describe_wait(61) == (2, "分钟")
    assert describe_wait(900) == (15, "分钟")


@pytest.mark.parametrize(("school", "number"), [
    ("JH01", "070108"), (" jh01", "070108 "), ("Jh01\t", " 070108"), ("jh01\u3000", "070108\n"),
])
def test_every_spelling_authentication_accepts_has_one_student_key(school, number):
    assert identity.student_account_key(school, number) == "student:JH01:070108"
    assert identity.school_code(school) == "JH01" and identity.student_no(number) == "070108"


def test_staff_keys_are_stripped_and_case_folded():
    assert identity.staff_account_key(" Bureau ") == identity.staff_account_key("bureau")
    assert identity.staff_username(" bureau\t") == "bureau"


def test_initial_passwords_are_long_and_unambiguous():
    passwords = {make_initial_password() for _ in range(500)}
    assert len(passwords) == 500
    assert all(len(p) >= 8 for p in passwords)
    assert not set("".join(passwords)) - set(INITIAL_PASSWORD_ALPHABET)
    assert not set(INITIAL_PASSWORD_ALPHABET) & set("0Oo1lIi")


@pytest.mark.parametrize(("new", "current", "problem"), [
    ("short", None, "至少需要 8 个字符"),
    ("x" * 129, None, "不能超过 128 个字符"),
    ("        ", None, "不能全是空格"),
    ("same-password", "same-password", "不能与当前密码相同"),
])
def test_chosen_passwords_are_checked(new, current, problem):
    assert problem in password_problem(new, current=current)


def test_a_good_password_passes():
    assert password_problem("x" * MIN_PASSWORD_LENGTH, current="old") is None
