"""Importing checked roster rows into a school: plan first (no writes), then apply all at once.

Planning is separate so a teacher can preview exactly what an import will do, and so the web
page and the CLI share one set of rules. Re-importing the same file is a no-op: a row only
counts as changed when its name, class or given password differs from what is stored.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from quiz import clock, upload_limits
from quiz.auth.accounts import give_initial_password
from quiz.errors import Conflict
from quiz.extensions import db
from quiz.i18n import _
from quiz.models import Role, School, SchoolClass, StaffUser, Student
from quiz.permissions import Action, can
from quiz.rosters.parse import LABELS, RosterProblem, RosterRow, class_label, read_roster

ClassKey = tuple[int, str]  # (grade, class name)
_LOOKUP_CHUNK = 500  # keeps IN (...) lists well under every database's parameter limit


class RowStatus(enum.StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Change:
    """One difference between a row and the stored student; `field` is name/class/password."""

    field: str
    old: str
    new: str


@dataclass(frozen=True, eq=False)
class PlannedRow:
    """`password_unchecked`: the file gives a password for a stored student and the preview
    did not compare it (a hash check per row); the confirm does, and resets it if it differs."""

    row: RosterRow
    status: RowStatus
    student: Student | None = None
    changes: tuple[Change, ...] = ()
    password_unchecked: bool = False

    @property
    def class_key(self) -> ClassKey:
        return (self.row.grade, self.row.class_name)

    @property
    def class_label(self) -> str:
        return class_label(self.row.grade, self.row.class_name)


@dataclass(eq=False)
class ImportPlan:
    """What importing `rows` into `school` would do; `problems` non-empty means it may not."""

    school: School
    rows: list[PlannedRow] = field(default_factory=list)
    new_classes: list[ClassKey] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)
    classes: dict[ClassKey, SchoolClass] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, status: RowStatus | str) -> int:
        status = RowStatus(status)
        return sum(1 for planned in self.rows if planned.status is status)

    @property
    def unchecked_passwords(self) -> int:
        """Stored students whose password in the file is compared only on confirm."""
        return sum(1 for planned in self.rows if planned.password_unchecked)

    @property
    def new_class_labels(self) -> list[str]:
        return [class_label(grade, name) for grade, name in self.new_classes]


@dataclass(frozen=True)
class GeneratedPassword:
    """An initial password made for a new student; shown once, only its hash is stored."""

    student_no: str
    name: str
    class_id: int
    class_label: str
    password: str


@dataclass(frozen=True)
class ImportResult:
    new: int
    changed: int
    unchanged: int
    created_classes: tuple[str, ...]
    passwords: tuple[GeneratedPassword, ...]

    @property
    def password_classes(self) -> list[tuple[int, str]]:
        """(class id, label) of every class with generated passwords, for login-slip links."""
        seen: dict[int, str] = {}
        for generated in self.passwords:
            seen.setdefault(generated.class_id, generated.class_label)
        return list(seen.items())


class ImportRefused(Conflict):
    """apply_import was handed a plan that still has problems."""


def may_import_into(actor: StaffUser | None, school: School) -> bool:
    """Staff of the school (teachers for their own classes); None is the command line. The
    bureau does not: a roster is names and numbers, which it never sees."""
    if actor is None:
        return True
    return (isinstance(actor, StaffUser) and actor.role != Role.BUREAU_ADMIN
            and can(actor, Action.VIEW, school))


def plan_import(school: School, rows: Sequence[RosterRow], actor: StaffUser | None, *,
                compare_passwords: bool = True) -> ImportPlan:
    """Work out, without writing, what each row would do and which rows `actor` may not import.

    `actor` None acts with full rights over the school (the command line). Creating a missing
    class needs the right to change the school (school and bureau admins); a teacher may only
    import into, and move students between, classes they teach. `compare_passwords` False
    (the preview) skips checking a given password against the stored hash: a deliberately
    slow hash per row would make a 2,000-pupil preview take a minute.
    """
    plan = ImportPlan(school=school)
    if not may_import_into(actor, school):
        plan.problems.append(RosterProblem(None, None, _(
            "你没有权限向「%(school)s」导入学生。", school=school.name)))
        return plan
    plan.classes = {(c.grade, c.name): c for c in db.session.scalars(
        select(SchoolClass).where(SchoolClass.school_id == school.id))}
    students = _students_by_number(school, [row.student_no for row in rows])
    may_create_classes = actor is None or can(actor, Action.CHANGE, school)
    for number, row in enumerate(rows):
        if number % 256 == 0:
            upload_limits.check_time()
        key = (row.grade, row.class_name)
        problem = _class_problem(plan, key, actor, may_create_classes)
        student = students.get(row.student_no)
        if problem is None and student is not None and actor is not None and not can(
                actor, Action.CHANGE, student):
            problem = _("学号 %(no)s 是 %(label)s 的学生，你不是该班的任课教师，不能修改。",
                        no=row.student_no, label=student.school_class.label)
        if problem is not None:
            plan.problems.append(RosterProblem(row.row_number, LABELS["class"], problem))
            continue
        plan.rows.append(_plan_row(row, student, compare_passwords))
    plan.new_classes.sort()
    return plan


def check_roster(school: School, filename: str, data: bytes, actor: StaffUser | None, *,
                 compare_passwords: bool = True
                 ) -> tuple[ImportPlan | None, list[RosterProblem]]:
    """Parse and plan a roster file; the plan only when there is no problem at all.

    The problems of both steps come together, ordered by row, so a teacher fixes the file once.
    Both steps run under one time limit (quiz.upload_limits); running out is a problem too.
    """
    try:
        with upload_limits.time_limit():
            parsed = read_roster(filename, data)
            plan = plan_import(school, parsed.rows, actor,
                               compare_passwords=compare_passwords) if parsed.rows else None
    except upload_limits.TooLarge as refused:
        return None, [RosterProblem(None, None, str(refused))]
    problems = [*parsed.problems, *(plan.problems if plan else ())]
    problems.sort(key=lambda p: (p.row_number is not None, p.row_number or 0))
    return (plan if not problems else None), problems


def apply_import(plan: ImportPlan, on_row: Callable[[PlannedRow], None] | None = None
                 ) -> ImportResult:
    """Write the whole plan in one transaction (commit once, roll back on any error).

    New students without a given password get a generated initial password, returned in the
    result so it can be shown or printed once. `on_row` is called after each row (progress).
    """
    if plan.problems:
        raise ImportRefused(_("名单还有问题，没有导入任何学生。"))
    generated: list[tuple[Student, str]] = []
    try:
        classes = dict(plan.classes)
        for grade, name in plan.new_classes:
            classes[(grade, name)] = SchoolClass(school=plan.school, grade=grade, name=name)
            db.session.add(classes[(grade, name)])
        for planned in plan.rows:
            password = _apply_row(plan.school, planned, classes[planned.class_key])
            if password is not None:
                generated.append(password)
            if on_row is not None:
                on_row(planned)
        db.session.flush()  # gives new classes their ids for the slip links
        passwords = tuple(
            GeneratedPassword(student.student_no, student.name, student.class_id,
                              student.school_class.label, password)
            for student, password in generated)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return ImportResult(
        new=plan.count(RowStatus.NEW), changed=plan.count(RowStatus.CHANGED),
        unchanged=plan.count(RowStatus.UNCHANGED),
        created_classes=tuple(plan.new_class_labels), passwords=passwords,
    )


def _students_by_number(school: School, numbers: Iterable[str]) -> dict[str, Student]:
    wanted = sorted(set(numbers))
    found: dict[str, Student] = {}
    for start in range(0, len(wanted), _LOOKUP_CHUNK):
        chunk = wanted[start:start + _LOOKUP_CHUNK]
        found.update((s.student_no, s) for s in db.session.scalars(
            select(Student).where(Student.school_id == school.id,
                                  Student.student_no.in_(chunk))))
    return found


def _class_problem(plan: ImportPlan, key: ClassKey, actor: StaffUser | None,
                   may_create: bool) -> str | None:
    label = class_label(*key)
    school_class = plan.classes.get(key)
    if school_class is None:
        if not may_create:
            return _("班级 %(label)s 还不存在，只有学校管理员可以新建班级。", label=label)
        if key not in plan.new_classes:
            plan.new_classes.append(key)
        return None
    if actor is not None and not can(actor, Action.CHANGE, school_class):
        return _("你不是 %(label)s 的任课教师，不能导入该班学生。", label=label)
    return None


def _plan_row(row: RosterRow, student: Student | None, compare_passwords: bool) -> PlannedRow:
    if student is None:
        return PlannedRow(row=row, status=RowStatus.NEW)
    changes = []
    if student.name != row.name:
        changes.append(Change("name", student.name, row.name))
    current = student.school_class
    if (current.grade, current.name) != (row.grade, row.class_name):
        changes.append(Change("class", current.label, class_label(row.grade, row.class_name)))
    unchecked = row.password is not None and not compare_passwords
    if row.password is not None and compare_passwords and not student.check_password(
            row.password):
        changes.append(Change("password", "", ""))
    status = RowStatus.CHANGED if changes else RowStatus.UNCHANGED
    return PlannedRow(row=row, status=status, student=student, changes=tuple(changes),
                      password_unchecked=unchecked)


def _apply_row(school: School, planned: PlannedRow, school_class: SchoolClass
               ) -> tuple[Student, str] | None:
    """Write one row; for a new student without a given password, return it with the new one."""
    row = planned.row
    if planned.status is RowStatus.NEW:
        student = Student(school=school, school_class=school_class, student_no=row.student_no,
                          name=row.name)
        # Someone else knows an imported password: the student replaces it at first login.
        password = give_initial_password(db.session, student, clock.now(), row.password)
        db.session.add(student)
        return (student, password) if row.password is None else None
    student = planned.student
    if student is None:
        raise ImportRefused(_("第 %(row)s 行要更新的学生不存在，没有导入任何学生。",
                              row=row.row_number))
    for change in planned.changes:
        if change.field == "name":
            student.name = row.name
        elif change.field == "class":
            student.school_class = school_class
        elif change.field == "password":
            give_initial_password(db.session, student, clock.now(), row.password)
    return None
