"""Whose figures a report may hold: the bureau the city (or a district or school), school
staff their own school, with student rows only for the classes they see by name.

Visibility follows `quiz.permissions.can`: a district or school the user may not see answers
404 exactly like one that does not exist; one they see but may not report on answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.errors import Forbidden, NotFound
from quiz.i18n import _
from quiz.models import Contest, District, School, StaffUser, Student
from quiz.permissions import Action, Area, NameVisibility, can
from quiz.reports.filters import Filters


@dataclass(frozen=True)
class ReportScope:
    """The resolved request: which schools (None: every school of the city), the chosen
    district, school and contest, and the classes whose students are listed by name (None: no
    student sheet; the bureau never gets one)."""

    filters: Filters
    school_ids: tuple[int, ...] | None
    district: District | None = None
    school: School | None = None
    contest: Contest | None = None
    student_class_ids: tuple[int, ...] | None = None
    actor: StaffUser | None = None

    @property
    def label(self) -> str:
        if self.school is not None:
            return self.school.name
        if self.district is not None:
            return self.district.name
        return _("全市")


def _district(session: Session, name: str) -> District:
    district = session.scalar(select(District).where(District.name == name))
    if district is None:
        raise NotFound(_("没有这个区县：%(name)s。", name=name), "district")
    return district


def _school(session: Session, code: str) -> School:
    school = session.scalar(select(School).where(School.code == code))
    if school is None:
        raise NotFound(_("没有这个学校：%(code)s。", code=code), "school")
    return school


def _contest(session: Session, user: Any, contest_id: int) -> Contest:
    contest = session.get(Contest, contest_id)
    if contest is None or (user is not None and not can(user, Action.VIEW, contest)):
        raise NotFound(_("没有这个竞赛（编号 %(id)s）。", id=contest_id), "contest")
    return contest


def resolve(session: Session, user: StaffUser | Student | None, filters: Filters, *,
            city: bool = False) -> ReportScope:
    """Check `filters` against the database and `user`'s scope (None: the command line, which
    has the bureau's view). `city=True` is an explicit request for the whole city."""
    if isinstance(user, Student) or (user is not None and not isinstance(user, StaffUser)):
        raise Forbidden(_("只有教师、学校管理员和教育局可以下载报表。"))
    district = _district(session, filters.district) if filters.district else None
    school = _school(session, filters.school) if filters.school else None
    contest = (_contest(session, user, filters.contest_id)
               if filters.contest_id is not None else None)
    if user is None or can(user, Action.VIEW, Area.CITY):
        if school is not None and district is not None and school.district_id != district.id:
            raise NotFound(_("%(district)s没有学校 %(code)s。", district=district.name,
                                     code=school.code), "school")
        if school is not None:
            ids: tuple[int, ...] | None = (school.id,)
        elif district is not None:
            ids = tuple(session.scalars(select(School.id).where(
                School.district_id == district.id).order_by(School.id)))
        else:
            ids = None
        return ReportScope(filters, ids, district, school, contest, None, user)
    return _school_staff_scope(session, user, filters, district, school, contest, city)


def _school_staff_scope(session: Session, user: StaffUser, filters: Filters,
                        district: District | None, school: School | None,
                        contest: Contest | None, city: bool) -> ReportScope:
    only_own = _("教师和学校管理员只能下载本校的报表。")
    if district is not None:
        if not can(user, Action.VIEW, district):
            raise NotFound(_("没有这个区县：%(name)s。", name=district.name), "district")
        raise Forbidden(only_own, "district")
    if city:
        raise Forbidden(only_own, "scope")
    if school is not None and school.id != user.school_id:
        raise NotFound(_("没有这个学校：%(code)s。", code=school.code), "school")
    own = session.get(School, user.school_id)
    named = NameVisibility.for_viewer(user, session).named_class_ids
    return ReportScope(filters, (own.id,), None, own, contest, tuple(sorted(named)), user)
