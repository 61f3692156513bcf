"""The one table of school-level names: in the models' order, and read back by the converter."""

from __future__ import annotations

from quiz.banks.convert.excel import LEVEL_WORDS
from quiz.labels import SCHOOL_LEVEL_LABELS, SCHOOL_LEVELS, school_level_label, school_level_list
from quiz.models.org import SchoolLevel


def test_levels_follow_the_model_and_each_has_a_name():
    assert SCHOOL_LEVELS == tuple(SchoolLevel)
    assert tuple(SCHOOL_LEVEL_LABELS) == SCHOOL_LEVELS
    assert school_level_list() == "小学、初中、高中、职业学校、高校"
    assert school_level_label("nursery") == "nursery"


def test_every_level_name_reads_back_in_a_spreadsheet():
    for level in SCHOOL_LEVELS:
        assert LEVEL_WORDS[school_level_label(level)] == level
