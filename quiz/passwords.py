"""Password hashing with a method the deployment chooses.

A whole school logs in within a minute when a contest starts, so the student hash must stay
cheap enough for two cores to verify 1,500 logins a minute; staff accounts, which guard more,
use the stronger default. Tests set a fast method.
"""

from __future__ import annotations

import secrets

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

from quiz.i18n import _

STAFF_DEFAULT = "scrypt"
STUDENT_DEFAULT = "scrypt:8192:8:1"  # about 25 ms a check on one core here
# Lower-case letters and digits without look-alikes (no 0/o/O, 1/l/I/i), so a primary pupil
# can type it from a paper slip on a phone keyboard: 31 symbols, 8 of them ≈ 39.6 bits.
INITIAL_PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # noqa: S105 (an alphabet)
INITIAL_PASSWORD_LENGTH = 8
# What a person may choose: long enough to resist guessing behind the login backoff, short
# enough for a pupil (ASVS V2.1.1 asks for 12 with no other control; see docs/SECURITY.md).
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128


def hash_password(password: str, *, for_student: bool) -> str:
    key = "STUDENT_PASSWORD_METHOD" if for_student else "STAFF_PASSWORD_METHOD"
    default = STUDENT_DEFAULT if for_student else STAFF_DEFAULT
    method = current_app.config.get(key, default) if has_app_context() else default
    return generate_password_hash(password, method=method)


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


def make_initial_password(length: int = INITIAL_PASSWORD_LENGTH) -> str:
    """The one generator of initial passwords (roster import, resets, login slips)."""
    return "".join(secrets.choice(INITIAL_PASSWORD_ALPHABET) for _ in range(length))


def password_problem(new: str, *, current: str | None = None) -> str | None:
    """Why a password someone chose cannot be used (a Chinese sentence), or None."""
    if len(new) < MIN_PASSWORD_LENGTH:
        return _("新密码至少需要 %(n)s 个字符。", n=MIN_PASSWORD_LENGTH)
    if len(new) > MAX_PASSWORD_LENGTH:
        return _("新密码不能超过 %(n)s 个字符。", n=MAX_PASSWORD_LENGTH)
    if not new.strip():
        return _("新密码不能全是空格。")
    if current is not None and new == current:
        return _("新密码不能与当前密码相同。")
    return None


# Compared against when the account does not exist, so that an unknown user and a wrong
# password take the same time and give the same answer.
_DUMMY_HASH: dict[str, str] = {}


def burn_time_like_a_check(password: str, *, for_student: bool) -> None:
    key = "student" if for_student else "staff"
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = hash_password(secrets.token_hex(8), for_student=for_student)
    check_password_hash(_DUMMY_HASH[key], password)
