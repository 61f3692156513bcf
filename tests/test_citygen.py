"""bench/citygen.py at a small size: builds once, skips when built, and its standings are the
rebuild of its attempts (PostgreSQL only, on a database of its own)."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from quiz.config import normalise_database_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


@pytest.fixture
def city_url(postgres_url):
    base = normalise_database_url(postgres_url).replace("postgresql+psycopg:", "postgresql:")
    url = base.rsplit("/", 1)[0] + f"/quiz_city_test_{uuid.uuid4().hex[:8]}"
    yield url
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def test_citygen_builds_a_small_city_once(city_url, capsys):
    import citygen

    facts = citygen.ensure_city(city_url, students=2000)
    assert facts["students"] == 2000 and facts["schools"] == 8
    assert facts["answers"] == facts["attempts"] * 20 > 0
    with psycopg.connect(city_url) as connection:
        count = connection.execute
        assert count("SELECT count(*) FROM student").fetchone()[0] == 2000
        assert count("SELECT count(DISTINCT level) FROM school").fetchone()[0] == 5
        assert count("SELECT count(*) FROM answer").fetchone()[0] == facts["answers"]
        assert count("SELECT count(*) FROM season").fetchone()[0] == 1
        standings = count("SELECT count(*) FROM contest_standing").fetchone()[0]
        assert standings == facts["attempts"]  # one attempt per student and contest
        assert count("SELECT count(*) FROM season_standing").fetchone()[0] > 0
    assert citygen.ensure_city(city_url, students=2000) == facts  # built: skipped
    assert "already built" in capsys.readouterr().out
