"""The city's zone and calendar (quiz.clock): read from the app's TIMEZONE, never guessed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from quiz.clock import city_today, city_zone, day_start, local_day

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_outside_an_app_context_the_zone_is_not_guessed():
    with pytest.raises(RuntimeError, match="TIMEZONE"):
        city_zone()
    with pytest.raises(RuntimeError):
        city_today(datetime(2026, 11, 25, 12, tzinfo=UTC))


def test_an_explicit_zone_needs_no_app():
    late = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)  # 00:30 on the 26th in Shanghai
    assert local_day(late, SHANGHAI) == date(2026, 11, 26)
    assert local_day(late, ZoneInfo("UTC")) == date(2026, 11, 25)
    assert day_start(date(2026, 11, 26), SHANGHAI) == datetime(2026, 11, 25, 16, tzinfo=UTC)


def test_the_city_zone_is_the_configured_one(app_ctx):
    assert city_zone() == SHANGHAI
    app_ctx.config["TIMEZONE"] = "Europe/London"
    assert city_zone() == ZoneInfo("Europe/London")
    late = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)
    assert local_day(late) == date(2026, 11, 25)
    assert day_start(date(2026, 7, 1)) == datetime(2026, 6, 30, 23, tzinfo=UTC)


def test_today_in_the_city_follows_the_test_clock(app_ctx, clock):
    clock.current = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)
    assert city_today() == date(2026, 11, 26)
    assert city_today(datetime(2026, 11, 25, 15, 59, tzinfo=UTC)) == date(
        2026, 11, 25)
