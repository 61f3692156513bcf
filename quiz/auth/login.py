"""One login attempt, for the web forms and the API alike: the backoff is asked first, the
password is checked only when the (account, address) may try, and the outcome is counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import request

from quiz import clock
from quiz.auth.throttle import login_backoff


@dataclass(frozen=True)
class LoginOutcome:
    user: Any  # the authenticated account, or None
    wait_seconds: int  # > 0: refused unchecked (`refused`) or earned by this failure
    refused: bool = False


def client_address() -> str:
    """The client's address: the proxy's view of it once ProxyFix trusts the configured hops."""
    return request.remote_addr or "unknown"


def attempt_login(account_key: str, authenticate: Callable[[], Any]) -> LoginOutcome:
    backoff = login_backoff()
    address, now = client_address(), clock.now()
    wait = backoff.wait_seconds(account_key, address, now)
    if wait:
        return LoginOutcome(None, wait, refused=True)
    user = authenticate()
    if user is None:
        return LoginOutcome(None, backoff.record_failure(account_key, address, now))
    backoff.record_success(account_key, address)
    return LoginOutcome(user, 0)
