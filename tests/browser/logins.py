"""Logging in through the real login pages, for the browser tests."""

from __future__ import annotations

from tests.factories import DEFAULT_PASSWORD


def staff_login(page, base: str, username: str) -> None:
    page.goto(base + "/staff/login")
    page.fill("#username", username)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


def student_login(page, base: str, school: str, student_no: str) -> None:
    page.goto(base + "/login")
    page.fill("#school", school)
    page.fill("#student_no", student_no)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")
