"""Drawing papers from the bank: candidates from the current versions, shared or per student."""

from __future__ import annotations

import functools
import json

from sqlalchemy import Select, Text, bindparam, cast, select
from sqlalchemy.orm import Session

from quiz.contests.rules.drawing import Candidate, DrawRule, draw
from quiz.models import Contest, Question, QuestionVersion, ScamType
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
    return [
        Candidate(question_id=qid, version_id=vid, scam_type=code, difficulty=difficulty,
                  audience=_audience(own, type_audience))
        for qid, vid, code, difficulty, own, type_audience in rows
    ]


def _candidates_query(for_school: bool) -> Select:
    """Built once per shape: every start of a per-student paper runs it.

    The audiences come back as JSON text and are parsed once per distinct text: a bank has a
    handful of distinct audience lists, and a draw reads a hundred or more rows.
    """
    query = _CANDIDATE_QUERIES.get(for_school)
    if query is None:
        query = _CANDIDATE_QUERIES.setdefault(for_school, (
            select(Question.id, QuestionVersion.id, ScamType.code, QuestionVersion.difficulty,
                   cast(QuestionVersion.audience, Text).label("own_audience"),
                   cast(ScamType.audience, Text).label("type_audience"))
            .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
            .join(ScamType, ScamType.id == Question.scam_type_id)
            .where(Question.retired_at.is_(None),
                   ScamType.code.in_(bindparam("scam_types", expanding=True)),
                   banks_for_school(bindparam("school_id") if for_school else None))))
    return query


_CANDIDATE_QUERIES: dict[bool, Select] = {}


@functools.lru_cache(maxsize=256)
def _audience(own: str | None, type_audience: str | None) -> frozenset[str] | None:
    """A question's audience (its own, else its scam type's) from their JSON texts."""
    chosen = _json_list(own) or _json_list(type_audience)
    return frozenset(chosen) if chosen else None


def _json_list(text: str | None) -> list[str] | None:
    value = json.loads(text) if text else None
    return value if isinstance(value, list) else None


def draw_paper(session: Session, rules: list[DrawRule], *, seed: str,
               levels: frozenset[str], school_id: int | None) -> list[Candidate]:
    """Draw; raises NotEnoughQuestions (from the rules) when the bank is short."""
    candidates = load_candidates(session, {rule.scam_type for rule in rules}, school_id)
    return draw(rules, candidates, seed=seed, levels=levels)
