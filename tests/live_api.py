"""JSON calls to a real server started by the `live_server` fixture, for race tests."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from tests.factories import DEFAULT_PASSWORD


def call(base: str, method: str, path: str, body=None, token: str | None = None):
    """`(status, parsed JSON)` of one API call; `base` is the API root (…/api/v1)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def token_for(base: str, username: str, school: str | None = None) -> str:
    status, body = call(base, "POST", "/token", {"school": school, "username": username,
                                                 "password": DEFAULT_PASSWORD})
    assert status == 200, body
    return body["token"]


def together(count: int, work):
    """Run `work(i)` in `count` threads released at the same moment."""
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))
