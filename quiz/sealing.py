"""Carrying an uploaded file from its preview to its confirmation, with no state on the server.

App servers keep nothing between requests, so the preview page carries the file itself in its
confirm form: compressed, signed with the secret key, bound to the user who uploaded it and to
a purpose (the salt), and valid for two hours. The confirm request checks everything again.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from typing import Any

from flask import current_app
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

MAX_AGE = 2 * 60 * 60  # seconds a preview may be confirmed after it was shown
# Werkzeug refuses a form field over MAX_FORM_MEMORY_SIZE (500 kB by default); stay below it.
MAX_PAYLOAD = 450_000


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt)


def seal(salt: str, fields: dict[str, Any], data: bytes) -> str:
    packed = base64.b64encode(zlib.compress(data, 9)).decode("ascii")
    return _serializer(salt).dumps({"user": current_user.get_id(), "fields": fields,
                                    "data": packed})


def unseal(salt: str, token: str) -> tuple[dict[str, Any], bytes] | None:
    """(fields, data), or None when the token is forged, expired or another user's."""
    try:
        sealed = _serializer(salt).loads(token, max_age=MAX_AGE)
        data = zlib.decompress(base64.b64decode(sealed["data"]))
        fields = dict(sealed["fields"])
        user = sealed["user"]
    except (BadSignature, binascii.Error, zlib.error, KeyError, TypeError, ValueError):
        return None
    return (fields, data) if user == current_user.get_id() else None
