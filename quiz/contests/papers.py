"""Drawing papers from the bank: candidates from the current versions, shared or per student."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.contests.rules.drawing import Candidate, DrawRule, draw
from quiz.models import Contest, Question, QuestionVersion, ScamType
from quiz.scopes import banks_for_school


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
    rows = session.execute(
        select(Question.id, QuestionVersion.id, ScamType.code, QuestionVersion.difficulty,
               QuestionVersion.audience, ScamType.audience)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(ScamType, ScamType.id == Question.scam_type_id)
        .where(Question.retired_at.is_(None), ScamType.code.in_(scam_types),
               banks_for_school(school_id))
    )
    return [
        Candidate(question_id=qid, version_id=vid, scam_type=code, difficulty=difficulty,
                  audience=frozenset(own or type_audience) if (own or type_audience) else None)
        for qid, vid, code, difficulty, own, type_audience in rows
    ]


def draw_paper(session: Session, rules: list[DrawRule], *, seed: str,
               levels: frozenset[str], school_id: int | None) -> list[Candidate]:
    """Draw; raises NotEnoughQuestions (from the rules) when the bank is short."""
    candidates = load_candidates(session, {rule.scam_type for rule in rules}, school_id)
    return draw(rules, candidates, seed=seed, levels=levels)
