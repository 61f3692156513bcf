"""Ids in URLs: a number past the 32-bit range is a 404 from the router, on every route."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.routing import AnyConverter

from quiz.routing import MAX_ROW_ID, RowIdConverter


def id_arguments(rule) -> set[str]:
    return {name for name, converter in rule._converters.items()
            if isinstance(converter, RowIdConverter)}


def sample_value(converter):
    """A value the converter accepts: an `any(...)` choice, or a plain word."""
    return sorted(converter.items)[0] if isinstance(converter, AnyConverter) else "x"


def test_every_route_with_an_id_refuses_ids_past_32_bits(app):
    adapter = app.url_map.bind("localhost")
    rules = [rule for rule in app.url_map.iter_rules() if id_arguments(rule)]
    assert len(rules) > 20  # the contest, play, API, board, volunteer … routes
    for rule in rules:
        ids = id_arguments(rule)
        values = {name: MAX_ROW_ID if name in ids else sample_value(converter)
                  for name, converter in rule._converters.items()}
        path = rule.build(values, append_unknown=False)[1]
        method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        assert adapter.match(path, method=method)[0] == rule.endpoint
        with pytest.raises(NotFound):
            adapter.match(path.replace(str(MAX_ROW_ID), str(MAX_ROW_ID + 1)), method=method)


def test_a_huge_id_is_a_json_404_on_the_database(client, make, login_as):
    """On PostgreSQL an int4 column compared with 99999999999 would raise; the router stops it."""
    login_as(make.staff(role="bureau_admin"))
    response = client.get("/api/v1/contests/99999999999/leaderboard")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"]
    page = client.get("/staff/contests/99999999999")
    assert page.status_code == 404
