"""Login ids and the session-version check: pure functions, no Flask, no database.

A login id is "kind:id:version" ("student:41:3", "staff:7:0"). The kind is there because staff
and students live in different tables and may share numeric ids; the version is the account's
`session_version`, bumped on a password change or reset and on 退出所有设备, so every session
cookie, remember cookie and sealed form made before the bump stops matching. A fast path that
reads the version with one column query (no ORM user) calls `session_is_current` the same way
the Flask-Login loader does.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("staff", "student")
_MAX_DIGITS = 18  # row ids and versions fit a 64-bit integer; longer is forged


@dataclass(frozen=True)
class LoginId:
    kind: str
    user_id: int
    version: int


def session_id(kind: str, user_id: int, version: int | None) -> str:
    """The id Flask-Login keeps in the session and the remember cookie."""
    return f"{kind}:{user_id}:{version or 0}"


def parse_session_id(raw: str) -> LoginId | None:
    """The parts of a login id, or None for anything malformed (including the old two-part
    ids without a version, which therefore log their holder out once)."""
    parts = raw.split(":") if isinstance(raw, str) else []
    if len(parts) != 3 or parts[0] not in KINDS:
        return None
    user_id, version = parts[1], parts[2]
    if not (_digits(user_id) and _digits(version)):
        return None
    return LoginId(parts[0], int(user_id), int(version))


def session_is_current(user_id: int | None, version_from_cookie: int | None,
                       version_in_db: int | None) -> bool:
    """Whether a session for `user_id` carrying `version_from_cookie` is still valid.

    `user_id` is None when the account does not exist (or is inactive), `version_in_db` is
    the account's stored version (None is read as 0, a row written before the column).
    """
    if user_id is None or version_from_cookie is None:
        return False
    return version_from_cookie == (version_in_db or 0)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS
