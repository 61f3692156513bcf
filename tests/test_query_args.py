"""The one policy for bad query parameters on pages (quiz/query_args.py), one page per kind.

A filter is named and left out (200), a malformed reference is a missing object (404), a bad
choice of what to show is a bad request (400); each answer says what was wrong in Chinese.
"""

from __future__ import annotations

import pytest

from quiz.models import Role


@pytest.fixture
def staff(make):
    make.bank("demo")
    school = make.school("SA")
    make.school_class(school, grade=7, name="1班")
    return make.staff(Role.SCHOOL_ADMIN, school=school)


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("url", "message"), [
    ("/banks/demo?difficulty=9", "难度只能是 1、2 或 3"),
    ("/banks/demo?difficulty=abc", "难度只能是 1、2 或 3"),
    ("/admin/audit/?page=abc", "页码应为正整数"),
    ("/admin/audit/?from=2026-02-30", "格式不对"),
])
def test_a_bad_filter_is_named_and_left_out(login_as, staff, url, message):
    response = login_as(staff).get(url)
    assert response.status_code == 200
    assert message in page(response)


def test_the_list_without_the_bad_filter_is_the_whole_list(login_as, staff):
    client = login_as(staff)
    everything = page(client.get("/banks/demo")).count('class="card question"')
    assert everything == 18
    assert page(client.get("/banks/demo?difficulty=9")).count('class="card question"') == 18
    assert page(client.get("/banks/demo?difficulty=1")).count('class="card question"') == 6


@pytest.mark.parametrize("url", [
    "/staff/contests/new?copy=abc", "/staff/contests/new?copy=-1",
    "/staff/contests/new?copy=99999", "/volunteers/board?school=x",
])
def test_a_malformed_reference_is_a_missing_object(login_as, staff, url):
    response = login_as(staff).get(url)
    assert response.status_code == 404
    assert "找不到这个页面" in page(response)


@pytest.mark.parametrize(("url", "message"), [
    ("/leaderboards/?contest=abc", "参数 contest 应为正整数"),
    ("/leaderboards/?season=1.5", "参数 season 应为正整数"),
])
def test_a_bad_choice_of_what_to_show_is_a_bad_request(login_as, staff, url, message):
    response = login_as(staff).get(url)
    assert response.status_code == 400
    assert message in page(response)
