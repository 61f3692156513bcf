"""Password hashing with a method the deployment chooses.

A whole school logs in within a minute when a contest starts, so the student hash must stay
cheap enough for two cores to verify 1,500 logins a minute; staff accounts, which guard more,
use the stronger default. Tests set a fast method.
"""

from __future__ import annotations

import secrets

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

STAFF_DEFAULT = "scrypt"
STUDENT_DEFAULT = "scrypt:8192:8:1"  # about 25 ms a check on one core here
# Digits only, without look-alikes, so a primary pupil can type it from a paper slip.
INITIAL_PASSWORD_ALPHABET = "23456789"  # noqa: S105 (an alphabet, not a password)


def hash_password(password: str, *, for_student: bool) -> str:
    key = "STUDENT_PASSWORD_METHOD" if for_student else "STAFF_PASSWORD_METHOD"
    default = STUDENT_DEFAULT if for_student else STAFF_DEFAULT
    method = current_app.config.get(key, default) if has_app_context() else default
    return generate_password_hash(password, method=method)


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


def make_initial_password(length: int = 6) -> str:
    return "".join(secrets.choice(INITIAL_PASSWORD_ALPHABET) for _ in range(length))


# Compared against when the account does not exist, so that an unknown user and a wrong
# password take the same time and give the same answer.
_DUMMY_HASH: dict[str, str] = {}


def burn_time_like_a_check(password: str, *, for_student: bool) -> None:
    key = "student" if for_student else "staff"
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = hash_password(secrets.token_hex(8), for_student=for_student)
    check_password_hash(_DUMMY_HASH[key], password)
