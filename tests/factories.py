"""Test factories: tests say `make.student(school_class)`, `make.contest(admin,
school_codes=["SA"])` or `make.attempt(contest, student, right=3)` and get committed rows, made
the way the app makes them.

Contests go through `create_contest` (scope checks, the shared draw), attempts through the
attempt service (start, save, finish and its hooks), so a factory row is never a shape the app
could not produce. Times default to the app's clock (`quiz.clock.now`), which the `clock`
fixture moves; pass `now=` to pin one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from quiz import clock
from quiz.banks.importer import import_bank_files
from quiz.banks.validation import parse_bank
from quiz.contests import attempts as attempt_service
from quiz.contests.creation import ContestSpec, create_contest
from quiz.contests.rules.drawing import DrawRule
from quiz.contests.rules.shuffling import present_options
from quiz.models import (
    Attempt,
    Contest,
    ContestPaperItem,
    District,
    QuestionVersion,
    Role,
    School,
    SchoolClass,
    StaffUser,
    Student,
    utcnow,
)
from quiz.models.volunteers import (
    Activity,
    ActivityParticipant,
    ActivityStatus,
    MemberRole,
    MemberStatus,
    TeamMember,
    VolunteerTeam,
)
from quiz.volunteers import service as volunteer_service

DEFAULT_PASSWORD = "pass-1234"
DEFAULT_DRAW = (DrawRule("demo", 4, (1,)),)
ALL = -1  # `make.attempt(..., right=ALL)`: every question (or every one left)


def bank_yaml(code: str, count: int, *, audience: str | None = None) -> str:
    """`count` questions per difficulty: singles, a multiple and a true/false in each."""
    lines = [f"scam_type: {{code: {code}, name: 测试{code}, summary: 测试用题型。}}", "questions:"]
    for difficulty in (1, 2, 3):
        for n in range(count):
            qid = f"{code}-{difficulty}{n:02d}"
            kind = ("multiple", "true_false", "single")[n % 3]
            lines += [f"  - id: {qid}", f"    type: {kind}", f"    difficulty: {difficulty}",
                      f"    stem: 题目 {qid}", f"    explanation: 解析 {qid}"]
            if kind == "single":
                lines += ["    options: [对的, 错的一, 错的二, 错的三]", "    answer: A"]
            elif kind == "multiple":
                lines += ["    options: [对一, 错, 对二, 错二]", "    answer: [A, C]"]
            else:
                lines += ["    answer: true"]
            if audience:
                lines += [f"    audience: [{audience}]"]
    return "\n".join(lines) + "\n"


def import_bank(session: Session, text: str, name: str = "bank.yaml") -> None:
    """Validate and import one bank file's text; commits."""
    bank, problems = parse_bank(name, text.encode("utf-8"))
    assert not problems, problems
    import_bank_files(session, [bank], now=utcnow())
    session.commit()


class Factory:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._seq = itertools.count(1)

    def _save(self, obj: Any) -> Any:
        self.session.add(obj)
        self.session.commit()
        return obj

    # --- people and places ---------------------------------------------------------------------

    def district(self, name: str | None = None) -> District:
        return self._save(District(name=name or f"测试区{next(self._seq)}"))

    def school(self, code: str | None = None, *, name: str | None = None, level: str = "junior",
               district: District | None = None) -> School:
        n = next(self._seq)
        return self._save(School(
            code=code or f"S{n:03d}", name=name or f"测试学校{n}", level=level,
            district=district or self.district(),
        ))

    def school_class(self, school: School | None = None, *, grade: int = 7,
                     name: str | None = None) -> SchoolClass:
        return self._save(SchoolClass(
            school=school or self.school(), grade=grade, name=name or f"{next(self._seq)}班",
        ))

    def student(self, school_class: SchoolClass | None = None, *, student_no: str | None = None,
                name: str = "张小明", password: str = DEFAULT_PASSWORD) -> Student:
        school_class = school_class or self.school_class()
        student = Student(
            school=school_class.school, school_class=school_class,
            student_no=student_no or f"2026{next(self._seq):04d}", name=name,
        )
        student.set_password(password)
        return self._save(student)

    def staff(self, role: Role | str = Role.TEACHER, *, school: School | None = None,
              username: str | None = None, classes: list[SchoolClass] = (),
              password: str = DEFAULT_PASSWORD, name: str = "王老师") -> StaffUser:
        role = Role(role)
        if school is None and role is not Role.BUREAU_ADMIN:
            school = classes[0].school if classes else self.school()
        staff = StaffUser(
            username=username or f"{role.value}{next(self._seq)}", name=name, role=role.value,
            school=school, classes=list(classes),
        )
        staff.set_password(password)
        return self._save(staff)

    # --- banks and contests --------------------------------------------------------------------

    def bank(self, code: str = "demo", per_difficulty: int = 6, *, audience: str | None = None,
             filename: str | None = None) -> None:
        """A city bank `code` of 3 × `per_difficulty` questions (see `bank_yaml`)."""
        import_bank(self.session, bank_yaml(code, per_difficulty, audience=audience),
                    filename or f"{code}.yaml")

    def contest(self, creator: StaffUser, *, now: datetime | None = None,
                title: str = "反诈知识竞赛", opens_at: datetime | None = None,
                closes_at: datetime | None = None, duration_seconds: int = 600,
                draw: Iterable[DrawRule | tuple] = DEFAULT_DRAW,
                paper: Sequence[QuestionVersion] | None = None, cancelled: bool = False,
                **spec: Any) -> Contest:
        """A contest `creator` made, open from a minute ago for an hour unless told otherwise.

        `draw` takes DrawRules or their argument tuples (`("demo", 4, (1,))`); `spec` is the
        rest of ContestSpec (`school_codes`, `grades`, `class_ids`, `city_wide`,
        `max_attempts`, `paper` mode is `paper_mode`, …). `paper` replaces the drawn shared
        paper with these question versions, in order; `cancelled` cancels it at `now`.
        """
        now = now or clock.now()
        if "paper_mode" in spec:
            spec["paper"] = spec.pop("paper_mode")
        contest = create_contest(self.session, creator, ContestSpec(
            title=title, opens_at=opens_at or now - timedelta(minutes=1),
            closes_at=closes_at or now + timedelta(hours=1), duration_seconds=duration_seconds,
            draw=[r if isinstance(r, DrawRule) else DrawRule(*r) for r in draw], **spec), now)
        if paper is not None:
            self.session.execute(delete(ContestPaperItem).where(
                ContestPaperItem.contest_id == contest.id))
            self.session.add_all(
                ContestPaperItem(contest_id=contest.id, position=position,
                                 question_version_id=version.id)
                for position, version in enumerate(paper, start=1))
            self.session.expire(contest, ["paper"])
        if cancelled:
            contest.cancelled_at = now
        self.session.commit()
        return contest

    # --- attempts ------------------------------------------------------------------------------

    def attempt(self, contest: Contest, student: Student, *, right: int = 0, wrong: int = 0,
                seconds: int | None = 60, now: datetime | None = None) -> Attempt:
        """The student starts (or resumes) an attempt at `now`, answers the first `right`
        questions right and the next `wrong` wrong (`ALL`: all, or all the rest), and
        finishes `seconds` later; `seconds=None` leaves the attempt open."""
        now = now or clock.now()
        attempt = attempt_service.start_or_resume(self.session, contest, student, now)
        if right == ALL:
            right = len(attempt.items)
        if wrong == ALL:
            wrong = len(attempt.items) - right
        versions = attempt_service.versions_of(self.session, attempt)
        for n, item in enumerate(attempt.items[:right + wrong]):
            keys = self._keys(attempt, contest, item, versions[item.question_version_id],
                              right=n < right)
            attempt_service.save_answer(self.session, attempt, contest, item.position, keys,
                                        now)
        if seconds is not None:
            attempt_service.finish(self.session, attempt, now + timedelta(seconds=seconds))
        return attempt

    def played(self, contest: Contest, student: Student,
               choose: Callable[[QuestionVersion], bool | None], *, seconds: int = 60,
               now: datetime | None = None) -> Attempt:
        """A finished attempt answered question by question: `choose(version)` says right
        (True), wrong (False) or left blank (None)."""
        now = now or clock.now()
        attempt = attempt_service.start_or_resume(self.session, contest, student, now)
        versions = attempt_service.versions_of(self.session, attempt)
        for item in attempt.items:
            version = versions[item.question_version_id]
            right = choose(version)
            if right is not None:
                keys = self._keys(attempt, contest, item, version, right=right)
                attempt_service.save_answer(self.session, attempt, contest, item.position,
                                            keys, now)
        attempt_service.finish(self.session, attempt, now + timedelta(seconds=seconds))
        return attempt

    @staticmethod
    def _keys(attempt: Attempt, contest: Contest, item: Any, version: QuestionVersion, *,
              right: bool) -> list[str]:
        """The keys the student sees for the right answer, or for one wrong option."""
        count = 2 if version.type == "true_false" else len(version.options)
        options = present_options(seed=attempt.seed, position=item.position,
                                  option_count=count, shuffle=contest.shuffle_options)
        correct = [o.key for o in options if o.index in version.answer]
        return correct if right else [o.key for o in options if o.key not in correct][:1]

    # --- volunteers ----------------------------------------------------------------------------

    def team(self, school: School) -> VolunteerTeam:
        """The school's team, made the way the app makes it (on first use)."""
        found = volunteer_service.team_for(self.session, school)
        self.session.commit()
        return found

    def member(self, student: Student, *, status: str = MemberStatus.ACTIVE,
               role: str = MemberRole.MEMBER) -> TeamMember:
        return self._save(TeamMember(team_id=self.team(student.school).id,
                                     student_id=student.id, status=str(status), role=str(role)))

    def activity(self, school: School, participants: Iterable[Student] = (), *,
                 hours: str = "2", people: int = 10, installs: int = 0,
                 status: str = ActivityStatus.APPROVED, kind: str = "community",
                 on: date = date(2026, 10, 10), logged_by_student: Student | None = None,
                 logged_by_staff: StaffUser | None = None, place: str = "幸福社区",
                 description: str = "发放反诈宣传单") -> Activity:
        """A volunteer activity of the school's team (approved unless told otherwise)."""
        row = Activity(
            school_id=school.id, team_id=self.team(school).id, kind=kind, occurred_on=on,
            place=place, hours=Decimal(hours), people_reached=people, app_installs=installs,
            description=description, status=str(status),
            logged_by_student_id=logged_by_student.id if logged_by_student else None,
            logged_by_staff_id=logged_by_staff.id if logged_by_staff else None,
        )
        row.participants = [ActivityParticipant(student_id=s.id) for s in participants]
        return self._save(row)
