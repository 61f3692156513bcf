"""The Chinese names of the school levels, in their order: the one copy every page, report and
converter uses.

Pure, so bank validation and the converters can use it outside an application. Question types
are named by their class in the registry (`quiz.banks.question_types`: `label`, `short_label`),
not here, so that adding a type stays one class; templates get both through the globals that
`quiz.templating` registers.
"""

from __future__ import annotations

from quiz.i18n import lazy_gettext as _l

# The order levels are listed in everywhere: forms, audiences, report rows.
SCHOOL_LEVELS: tuple[str, ...] = ("primary", "junior", "senior", "vocational", "college")

SCHOOL_LEVEL_LABELS = {
    "primary": _l("小学"),
    "junior": _l("初中"),
    "senior": _l("高中"),
    "vocational": _l("职业学校"),
    "college": _l("高校"),
}


def school_level_label(level: str) -> str:
    """The Chinese name of a school level, or the code itself when it is not one we know."""
    label = SCHOOL_LEVEL_LABELS.get(level)
    return str(label) if label is not None else level


def school_level_list(separator: str = "、") -> str:
    """Every level's name in order, as a hint lists them: 小学、初中、高中、职业学校、高校."""
    return separator.join(school_level_label(level) for level in SCHOOL_LEVELS)


__all__ = ["SCHOOL_LEVELS", "SCHOOL_LEVEL_LABELS", "school_level_label", "school_level_list"]
