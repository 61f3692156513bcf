"""The JSON API through Flask's test client: log in for a bearer token, call, create contests."""

from __future__ import annotations

from tests.contest_world import contest_body
from tests.factories import DEFAULT_PASSWORD


class Api:
    def __init__(self, client, token: str | None = None) -> None:
        self.client, self.token = client, token
        self.default_scope: dict | None = None  # what `create` uses unless told otherwise

    def call(self, method: str, path: str, body=None, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return self.client.open("/api/v1" + path, method=method, json=body, headers=headers,
                                **kwargs)


def login(client, username: str, school: str | None = None) -> Api:
    response = client.post("/api/v1/token", json={
        "school": school, "username": username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.get_json()
    return Api(client, response.get_json()["token"])


def create(api: Api, clock, **overrides) -> int:
    """A contest made through POST /contests (see `contest_body`); its id."""
    if api.default_scope is not None:
        overrides.setdefault("scope", api.default_scope)
    response = api.call("POST", "/contests", contest_body(clock.current, **overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]
