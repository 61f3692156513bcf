"""Drawing papers from the bank: candidates from the current versions, shared or per student."""

from __future__ import annotations

from sqlalchemy import Select, bindparam
from sqlalchemy.orm import Session

from quiz.banks.candidates import Candidate, candidate_from_row, candidate_query
from quiz.contests.rules.drawing import DrawRule, draw
from quiz.models import Contest, ScamType
from quiz.permissions import banks_for_school


def rules_of(contest: Contest) -> list[DrawRule]:
    return [
        DrawRule(scam_type=rule["scam_type"], count=int(rule["count"]),
                 difficulties=tuple(rule.get("difficulty") or (1, 2, 3)))
        for rule in contest.draw_rules
    ]


def load_candidates(session: Session, scam_types: set[str], school_id: int | None
                    ) -> list[Candidate]:
    """Current versions of active questions of the given scam types usable at `school_id`
    (the city's banks, and that school's own; None: the city's only)."""
    rows = session.execute(_candidates_query(school_id is not None), {
        "scam_types": sorted(scam_types), "school_id": school_id})
    return [candidate_from_row(row) for row in rows]


def _candidates_query(for_school: bool) -> Select:
    """Built once per shape: every start of a per-student paper runs it."""
    query = _CANDIDATE_QUERIES.get(for_school)
    if query is None:
        query = _CANDIDATE_QUERIES.setdefault(for_school, (
            candidate_query()
            .where(ScamType.code.in_(bindparam("scam_types", expanding=True)),
                   banks_for_school(bindparam("school_id") if for_school else None))))
    return query


_CANDIDATE_QUERIES: dict[bool, Select] = {}


def draw_paper(session: Session, rules: list[DrawRule], *, seed: str,
               levels: frozenset[str], school_id: int | None) -> list[Candidate]:
    """Draw; raises NotEnoughQuestions (from the rules) when the bank is short."""
    candidates = load_candidates(session, {rule.scam_type for rule in rules}, school_id)
    return draw(rules, candidates, seed=seed, levels=levels)
