"""Creating a contest within the creator's own scope, from a spec the API or a form built.

The scope rules: the bureau may pick any schools or the whole city; a school admin their own
school (any grades and classes of it); a teacher only classes they teach. The draw must be
satisfiable from the current bank for every school level the contest reaches; a shared paper
is drawn here, once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.contests.papers import draw_paper, load_candidates
from quiz.contests.rules import scoring, timing
from quiz.contests.rules.drawing import DrawRule, NotEnoughQuestions, availability
from quiz.errors import Invalid
from quiz.i18n import _
from quiz.models import (
    Contest,
    ContestClass,
    ContestPaperItem,
    ContestSchool,
    PaperMode,
    RevealPolicy,
    ScamType,
    School,
    SchoolClass,
    StaffUser,
)
from quiz.permissions import Action, Area, banks_for_school, can
from quiz.permissions.contests import scope_refusals, taught_class_ids

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread


@dataclass
class ContestSpec:
    title: str
    opens_at: datetime
    closes_at: datetime
    duration_seconds: int
    draw: list[DrawRule]
    school_codes: list[str] = field(default_factory=list)
    grades: list[int] = field(default_factory=list)
    class_ids: list[int] = field(default_factory=list)
    city_wide: bool = False
    description: str = ""
    paper: str = PaperMode.SHARED.value
    shuffle_options: bool = True
    max_attempts: int = 1
    reveal: str = RevealPolicy.AFTER_FINISH.value
    points: dict[int, int] = field(default_factory=lambda: dict(scoring.DEFAULT_POINTS))
    counts_in_season: bool | None = None  # None: as it is (new contests: not counting)


class _Errors:
    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise Invalid(_("竞赛设置有误，请按提示修改。"), fields=self.fields)


def create_contest(session: Session, creator: StaffUser, spec: ContestSpec,
                   now: datetime) -> Contest:
    """Check everything, then create (and for a shared paper, draw); commits."""
    schools, classes, levels = _validated(session, creator, spec, creator.school_id)
    contest = Contest(join_code=_new_join_code(session), created_by_id=creator.id,
                      owner_school_id=creator.school_id, seed=secrets.token_hex(16),
                      created_at=now)
    session.add(contest)
    _apply(session, contest, spec, schools, classes, levels, now)
    session.commit()
    return contest


def update_contest(session: Session, contest: Contest, editor: StaffUser, spec: ContestSpec,
                   now: datetime) -> Contest:
    """Change a contest that has not opened yet (nobody can have drawn from it); commits."""
    if timing.state_of(contest, now) is not timing.ContestState.SCHEDULED:
        raise Invalid(_("竞赛已经开始或已取消，不能再修改；可以复制后另建一个。"))
    schools, classes, levels = _validated(session, editor, spec, contest.owner_school_id)
    _apply(session, contest, spec, schools, classes, levels, now)
    session.commit()
    return contest


def _validated(session: Session, user: StaffUser, spec: ContestSpec, school_id: int | None
               ) -> tuple[list[School], list[SchoolClass], frozenset[str]]:
    """Every check; `school_id` is the owning school, whose own banks the draw may use."""
    errors = _Errors()
    _check_basics(spec, errors)
    schools, classes = _resolve_scope(session, user, spec, errors)
    if spec.counts_in_season and not can(user, Action.VIEW, Area.CITY):
        errors.add("counts_in_season", _("只有教育局可以把竞赛计入赛季。"))
    _check_scam_types(session, spec, errors, school_id)
    errors.raise_if_any()
    levels = _levels(session, schools, spec.city_wide)
    # A shared paper must fit every level at once; per-student papers fit each student's level.
    for level_set in ([levels] if spec.paper == PaperMode.SHARED
                      else [frozenset({level}) for level in sorted(levels)]):
        _check_draw(session, spec.draw, level_set, errors, school_id)
    errors.raise_if_any()
    return schools, classes, levels


def _apply(session: Session, contest: Contest, spec: ContestSpec, schools: list[School],
           classes: list[SchoolClass], levels: frozenset[str], now: datetime) -> None:
    contest.title, contest.description = spec.title.strip(), spec.description.strip()
    contest.city_wide, contest.grades = spec.city_wide, sorted(spec.grades)
    contest.opens_at, contest.closes_at = spec.opens_at, spec.closes_at
    contest.duration_seconds = spec.duration_seconds
    contest.draw_rules = [
        {"scam_type": r.scam_type, "count": r.count, "difficulty": list(r.difficulties)}
        for r in spec.draw]
    contest.paper_mode, contest.shuffle_options = spec.paper, spec.shuffle_options
    contest.max_attempts, contest.reveal = spec.max_attempts, spec.reveal
    contest.points = {str(k): v for k, v in spec.points.items()}
    if spec.counts_in_season is not None:
        contest.counts_in_season = spec.counts_in_season
    contest.updated_at = now
    contest.schools = [ContestSchool(school_id=s.id) for s in schools]
    contest.classes = [ContestClass(class_id=c.id) for c in classes]
    contest.paper = []
    session.flush()
    if spec.paper == PaperMode.SHARED:
        drawn = draw_paper(session, spec.draw, seed=contest.seed, levels=levels,
                           school_id=contest.owner_school_id)
        contest.paper = [ContestPaperItem(position=i, question_version_id=c.version_id)
                         for i, c in enumerate(drawn, start=1)]


def _levels(session: Session, schools: list[School], city_wide: bool) -> frozenset[str]:
    """The school levels a contest reaches; a shared paper must fit all of them."""
    if city_wide:
        return frozenset(session.scalars(select(School.level).distinct()))
    return frozenset(s.level for s in schools)


def _check_basics(spec: ContestSpec, errors: _Errors) -> None:
    if not spec.title.strip():
        errors.add("title", _("请填写竞赛名称。"))
    elif len(spec.title.strip()) > 100:
        errors.add("title", _("竞赛名称最多 100 个字。"))
    for problem in timing.check_window(opens_at=spec.opens_at, closes_at=spec.closes_at,
                                       duration_seconds=spec.duration_seconds):
        errors.add(*_window_message(problem))
    if not spec.draw:
        errors.add("draw", _("至少需要一条抽题规则。"))
    if spec.paper not in {m.value for m in PaperMode}:
        errors.add("paper", _("组卷方式只能是 shared 或 per_student。"))
    if spec.reveal not in {r.value for r in RevealPolicy}:
        errors.add("reveal", _("公布答案方式只能是 after_finish 或 after_close。"))
    if not 1 <= spec.max_attempts <= 10:
        errors.add("max_attempts", _("答题次数应在 1 到 10 之间。"))
    elif reveal_leaks_the_paper(spec.paper, spec.max_attempts, spec.reveal):
        errors.add("reveal", _("同一份试卷允许多次作答时，答案和解析只能在竞赛结束后公布："
                               "否则第一次交卷后看到的解析就是下一次的答案。"))
    try:
        scoring.validate_points(spec.points)
    except ValueError:
        errors.add("points", _("分值应写明难度 1、2、3 各得几分（%(low)d 到 %(high)d）。",
                               low=scoring.MIN_POINTS, high=scoring.MAX_POINTS))


def reveal_leaks_the_paper(paper: str, max_attempts: int, reveal: str) -> bool:
    """A shared paper taken more than once with answers shown after each finish: attempt 1's
    review is attempt 2's key. Per-student papers draw anew for each attempt."""
    return (paper == PaperMode.SHARED and max_attempts > 1
            and reveal == RevealPolicy.AFTER_FINISH)


def _window_message(problem: str) -> tuple[str, str]:
    messages = {
        "closes_before_opens": ("closes_at", _("结束时间必须晚于开始时间。")),
        "duration_not_positive": ("duration_seconds", _("答题时长必须大于 0。")),
        "duration_too_short": ("duration_seconds", _("答题时长至少 1 分钟。")),
        "duration_too_long": ("duration_seconds", _("答题时长最多 3 小时。")),
    }
    return messages.get(problem, ("opens_at", _("开始、结束时间或时长有误。")))


def _resolve_scope(session: Session, creator: StaffUser, spec: ContestSpec, errors: _Errors
                   ) -> tuple[list[School], list[SchoolClass]]:
    if spec.city_wide:
        for refusal in scope_refusals(creator, city_wide=True, schools=[], classes=[],
                                      taught_ids=set()):
            errors.add("scope", refusal)
        return [], []
    codes = sorted({code.strip().upper() for code in spec.school_codes})
    schools = list(session.scalars(select(School).where(School.code.in_(codes))))
    unknown = sorted(set(codes) - {s.code for s in schools})
    if not codes:
        errors.add("scope", _("请选择参赛学校。"))
    if unknown:
        errors.add("scope", _("没有这些学校：%(codes)s。", codes="、".join(unknown)))
    for grade in spec.grades:
        if not 1 <= grade <= 12:
            errors.add("scope", _("年级应在 1 到 12 之间。"))
    classes = list(session.scalars(select(SchoolClass).where(
        SchoolClass.id.in_(spec.class_ids)))) if spec.class_ids else []
    school_ids = {s.id for s in schools}
    if len(classes) != len(set(spec.class_ids)) or any(
            c.school_id not in school_ids for c in classes):
        errors.add("scope", _("所选班级不属于参赛学校。"))
    taught = taught_class_ids(creator, session) if classes else set()
    for refusal in scope_refusals(creator, city_wide=False, schools=schools, classes=classes,
                                  taught_ids=taught):
        errors.add("scope", refusal)
    return schools, classes


def _check_scam_types(session: Session, spec: ContestSpec, errors: _Errors,
                      school_id: int | None) -> None:
    wanted = {rule.scam_type for rule in spec.draw}
    known = set(session.scalars(select(ScamType.code).where(
        ScamType.code.in_(wanted), banks_for_school(school_id))))
    for code in sorted(wanted - known):
        errors.add("draw", _("没有题型 %(code)s。", code=code))
    for rule in spec.draw:
        if rule.count < 1 or rule.count > 100:
            errors.add("draw", _("每条规则抽 1 到 100 道题。"))


def _check_draw(session: Session, rules: list[DrawRule], levels: frozenset[str],
                errors: _Errors, school_id: int | None) -> None:
    """Refuse a draw larger than what the bank holds for every level the contest reaches."""
    try:
        draw_paper(session, rules, seed="check", levels=levels, school_id=school_id)
    except NotEnoughQuestions as short:
        for item in short.shortfalls:
            message = _(
                "题型 %(code)s（难度 %(levels)s）只有 %(n)s 道适用的题，不能抽 %(count)s 道。",
                code=item.rule.scam_type, levels="、".join(map(str, item.rule.difficulties)),
                n=item.available, count=item.rule.count)
            if message not in errors.fields.get("draw", []):
                errors.add("draw", message)
    except ValueError as error:
        errors.add("draw", str(error))


def rule_availability(session: Session, rules: list[DrawRule], levels: frozenset[str],
                      school_id: int | None):
    """How many questions each rule could draw (shown next to each rule on the form)."""
    candidates = load_candidates(session, {rule.scam_type for rule in rules}, school_id)
    return availability(rules, candidates, levels)


def _new_join_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))
        if session.scalar(select(Contest.id).where(Contest.join_code == code)) is None:
            return code
