"""Helpers the fixtures and several test modules share: the test app's settings and a login
without the form. Test modules import these from here, never from conftest."""

from __future__ import annotations

from quiz.config import normalise_database_url

FAST_HASH = "pbkdf2:sha256:1"


def base_test_config(database_url: str, instance: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "WTF_CSRF_ENABLED": False,
        "STUDENT_PASSWORD_METHOD": FAST_HASH,
        "STAFF_PASSWORD_METHOD": FAST_HASH,
        "RATELIMIT_STORAGE_URI": "memory://",
        "INSTANCE_FOR_TESTS": instance,
    }


def log_in(client, user) -> None:
    """Log `user` in without the form (the form itself is tested in test_auth)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
