"""Template helpers: labels for enums (school levels from quiz.labels, question types from their
registry) and times shown in the city's zone."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from quiz.banks.question_types import QUESTION_TYPES
from quiz.clock import city_zone
from quiz.i18n import lazy_gettext as _l
from quiz.labels import SCHOOL_LEVEL_LABELS

ROLE_LABELS = {
    "bureau_admin": _l("教育局管理员"), "school_admin": _l("学校管理员"),
    "teacher": _l("教师"), "student": _l("学生"),
}
DIFFICULTY_LABELS = {1: _l("易"), 2: _l("中"), 3: _l("难")}


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(city_zone()).strftime(fmt)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.globals.update(
        SCHOOL_LEVEL_LABELS=SCHOOL_LEVEL_LABELS, ROLE_LABELS=ROLE_LABELS,
        DIFFICULTY_LABELS=DIFFICULTY_LABELS, QUESTION_TYPES=QUESTION_TYPES,
    )
