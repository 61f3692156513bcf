"""Login backoff kept in the throttle storage (Redis when QUIZ_REDIS_URL is set, so that every
app server counts together; memory otherwise), one record per (account, address).

Keys hold a hash, not the account name, so the store holds no student numbers. Each account has
a generation counter inside its keys: a staff override bumps it, which forgets every address's
record for that account at once without knowing the addresses.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Flask, current_app
from limits.storage import Storage, storage_from_string

from quiz.auth.backoff import BackoffPolicy, wait_after

_GENERATION_SECONDS = 30 * 24 * 3600  # outlives every record it could revive


class LoginBackoff:
    def __init__(self, storage: Storage, prefix: str, policy: BackoffPolicy) -> None:
        self.storage = storage
        self.prefix = prefix
        self.policy = policy

    def wait_seconds(self, account: str, address: str, now: datetime) -> int:
        """How long this (account, address) must still wait before its password is checked."""
        count_key = self._count_key(account, address)
        failures = self.storage.get(count_key)
        if failures < self.policy.free_failures:
            return 0
        until = self.storage.get(self._until_key(count_key, failures))
        return max(0, until - int(now.timestamp()))

    def record_failure(self, account: str, address: str, now: datetime) -> int:
        """Count one failure; the wait it earns (0 while failures are still free)."""
        count_key = self._count_key(account, address)
        failures = self.storage.incr(count_key, self.policy.window_seconds)
        wait = wait_after(failures, self.policy)
        if wait:
            # One key per failure number: concurrent failures never add to the same value.
            self.storage.incr(self._until_key(count_key, failures), wait + 60,
                              amount=int(now.timestamp()) + wait)
        return wait

    def record_success(self, account: str, address: str) -> None:
        count_key = self._count_key(account, address)
        if self.storage.get(count_key):
            self.storage.clear(count_key)

    def forget_account(self, account: str) -> None:
        """The staff override: every address's record for `account` is forgotten."""
        self.storage.incr(self._generation_key(account), _GENERATION_SECONDS)

    def _generation_key(self, account: str) -> str:
        return f"{self.prefix}gen:{_digest(account)}"

    def _count_key(self, account: str, address: str) -> str:
        generation = self.storage.get(self._generation_key(account))
        return f"{self.prefix}fail:{generation}:{_digest(account + chr(0) + address)}"

    @staticmethod
    def _until_key(count_key: str, failures: int) -> str:
        return f"{count_key}:until:{failures}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def init_backoff(app: Flask) -> None:
    """One backoff store per app, on the storage the rate limiter uses."""
    config = app.config
    policy = BackoffPolicy(
        free_failures=int(config["LOGIN_FREE_FAILURES"]),
        base_seconds=int(config["LOGIN_BACKOFF_SECONDS"]),
        max_seconds=int(config["LOGIN_BACKOFF_MAX_SECONDS"]),
    )
    storage = storage_from_string(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    prefix = f"{config.get('RATELIMIT_KEY_PREFIX') or ''}quiz-login:"
    app.extensions["login_backoff"] = LoginBackoff(storage, prefix, policy)


def login_backoff() -> LoginBackoff:
    return current_app.extensions["login_backoff"]
