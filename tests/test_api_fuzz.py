"""Issue 14: schemathesis against /api/v1/openapi.json of a live test app, as a student, a
teacher and the bureau, positive and negative data, bounded examples: no call may answer 5xx.

Generated ids rarely hit a row, so path ids and the report's query are also drawn from the
world's real ones (a contest, an attempt, a season, the districts and schools): the report,
the leaderboards and the attempt calls then run their real code, not only their 404s.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from quiz.models import Season
from tests.contest_world import build, contest_body, open_contest
from tests.live_api import token_for

EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 8}  # per operation and role
ROLES = ("student", "teacher", "bureau")


@pytest.fixture
def world(make, clock):
    world = build(make)
    contest = open_contest(make, world)
    finished = make.attempt(contest, world["student2"], right=2, seconds=60)
    attempt = make.attempt(contest, world["student"], right=1, seconds=None)  # left open
    season = make._save(Season(name="2026秋季学期", starts_on=dt.date(2026, 1, 1),
                               ends_on=dt.date(2027, 1, 31)))
    make.session.commit()
    world.update(contest=contest, attempt=attempt, finished=finished, season=season)
    return world


def _ids(world) -> dict[str, list[int]]:
    return {
        "contest_id": [world["contest"].id],
        "attempt_id": [world["attempt"].id, world["finished"].id],
        "question_id": [1, 2, 3, 4],
        "season_id": [world["season"].id],
    }


def _report_queries(world):
    """Valid report filters (and a few wrong ones), so the report is really built."""
    days = st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat)
    optional = {
        "contest": st.sampled_from([str(world["contest"].id), "999999"]),
        "from": days, "to": days,
        "district": st.sampled_from([world["school_a"].district.name, "不存在区"]),
        "school": st.sampled_from(["SA", "SB", "NOPE"]),
        "scope": st.just("city"),
    }
    return st.fixed_dictionaries({"format": st.sampled_from(["xlsx", "csv"])},
                                 optional=optional)


def _contest_bodies(world):
    """Contest bodies within a teacher's scope, so creation runs to the end (201) as well."""
    now = dt.datetime.now(dt.UTC)
    return st.builds(
        lambda hours, count, paper, attempts: contest_body(
            now, scope={"schools": ["SA"], "classes": [world["class_a1"].id]},
            opens_at=(now + dt.timedelta(hours=hours)).isoformat(),
            draw=[{"scam_type": "demo", "count": count}], paper=paper,
            max_attempts=attempts, reveal="after_close"),
        st.integers(-2, 48), st.integers(1, 6), st.sampled_from(["shared", "per_student"]),
        st.integers(1, 3))


def _strategy(operation, mode: GenerationMode, world):
    generated = operation.as_strategy(generation_mode=mode)
    names = {p.name for p in operation.path_parameters}
    ids = _ids(world)
    taught = []
    if names:
        real = st.fixed_dictionaries({name: st.sampled_from(ids[name]) for name in names})
        taught.append(real.flatmap(
            lambda path: operation.as_strategy(generation_mode=mode, path_parameters=path)))
    if operation.method.upper() == "POST" and operation.path.endswith("/contests"):
        taught.append(_contest_bodies(world).flatmap(
            lambda body: operation.as_strategy(generation_mode=GenerationMode.POSITIVE,
                                               body=body)))
    if operation.path.endswith("/reports/participation"):
        taught.append(_report_queries(world).flatmap(
            lambda query: operation.as_strategy(generation_mode=GenerationMode.POSITIVE,
                                                query=query)))
    return st.one_of(generated, *taught) if taught else generated


class _Run:
    """Calls made and the 5xx answers seen, over every operation, role and mode."""

    def __init__(self, live_server: str, tokens: dict[str, str]) -> None:
        self.root, self.api, self.tokens = live_server, live_server + "/api/v1", tokens
        self.session = requests.Session()
        self.calls = 0
        self.statuses: dict[str, Counter] = {}
        self.failures: list[str] = []

    def call(self, case, role: str) -> None:
        token = self.tokens[role]
        if case.method.upper() == "DELETE" and case.path.endswith("/token"):
            token = token_for(self.api, "A002", "SA")  # a throwaway to revoke
        headers = {name: value for name, value in (case.headers or {}).items()
                   if name.lower() != "authorization"}  # the role's token, not a generated one
        headers["Authorization"] = f"Bearer {token}"
        response = case.call(base_url=self.root, session=self.session, headers=headers)
        self.calls += 1
        self.statuses.setdefault(f"{case.method} {case.path}", Counter())[
            response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(f"{role} {response.status_code} {case.as_curl_command()}")

    def fuzz(self, strategy, role: str, examples: int) -> None:
        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def run(case) -> None:
            self.call(case, role)

        run()


@pytest.mark.slow
def test_no_generated_api_call_answers_a_server_error(world, live_server):
    api = live_server + "/api/v1"
    schema = schemathesis.openapi.from_url(api + "/openapi.json")
    run = _Run(live_server, {"student": token_for(api, "A001", "SA"),
                             "teacher": token_for(api, "teacher-a"),
                             "bureau": token_for(api, "bureau")})
    for result in schema.get_all_operations():
        operation = result.ok()
        for role in ROLES:
            for mode, examples in EXAMPLES.items():
                run.fuzz(_strategy(operation, mode, world), role, examples)
    assert run.calls > 500
    if os.environ.get("QUIZ_FUZZ_STATS"):  # to see what the run reached
        for operation, statuses in run.statuses.items():
            print(operation, dict(statuses))
    assert run.failures == [], "\n".join(run.failures[:20])
