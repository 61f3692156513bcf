"""Configuration read from `QUIZ_*` environment variables.

Every setting is documented in the README's configuration table; keep the two in step.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

TRUE_WORDS = {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_or_create_secret_key(instance_path: str) -> str:
    """Return the instance folder's secret key, creating it once.

    Several app servers must share one key (sessions and CSRF tokens are signed with it), so
    they either share the instance folder or all get the same QUIZ_SECRET_KEY.
    """
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: when two servers start at once, exactly one writes and the other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def settings_from_environment(
    instance_path: str, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Translate QUIZ_* variables into Flask configuration keys."""
    env = dict(os.environ if env is None else env)
    default_db = "sqlite:///" + str(Path(instance_path) / "quiz.sqlite3")
    redis_url = env.get("QUIZ_REDIS_URL", "").strip()
    secure = env.get("QUIZ_SECURE_COOKIES", "").lower() in TRUE_WORDS
    return {
        "SECRET_KEY": env.get("QUIZ_SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(env.get("QUIZ_DATABASE_URL", default_db)),
        "REDIS_URL": redis_url or None,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Backoff per (account, address): free failures, then a wait that doubles, capped.
        "LOGIN_FREE_FAILURES": int(env.get("QUIZ_LOGIN_FREE_FAILURES", "5")),
        "LOGIN_BACKOFF_SECONDS": int(env.get("QUIZ_LOGIN_BACKOFF_SECONDS", "30")),
        "LOGIN_BACKOFF_MAX_SECONDS": int(env.get("QUIZ_LOGIN_BACKOFF_MAX_SECONDS", "900")),
        "TRUSTED_PROXY_HOPS": int(env.get("QUIZ_TRUSTED_PROXY_HOPS", "0")),
        "LOGIN_ADDRESS_LIMIT": env.get("QUIZ_LOGIN_ADDRESS_LIMIT", "3000 per minute"),
        "TIMEZONE": env.get("QUIZ_TIMEZONE", "Asia/Shanghai"),
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_DURATION": timedelta(days=int(env.get("QUIZ_REMEMBER_DAYS", "14"))),
        # Students log in on shared lab PCs: no "remember me" for them unless a school asks.
        "STUDENT_REMEMBER_ME": env.get("QUIZ_STUDENT_REMEMBER_ME", "").lower() in TRUE_WORDS,
        "BANKS_PATH": env.get("QUIZ_BANKS_PATH", ""),
        "API_TOKEN_HOURS": int(env.get("QUIZ_API_TOKEN_HOURS", "12")),
    }


class Config:
    """Defaults that do not come from the environment."""

    # No ping on every checkout (a round trip per request): quiz/database.py pings a pooled
    # connection only after it idled, and replaces one the server dropped.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": False}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    WTF_CSRF_TIME_LIMIT = None  # a student may keep a form open for a whole lesson
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024  # rosters and bank files are small
