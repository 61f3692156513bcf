"""Adding a question type is one class: a dummy three-way type (是 / 否 / 不确定) registered in a
fixture validates from YAML, converts to and from YAML and Excel, writes GIFT, and is shown and
marked, without any other module knowing about it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import render_template_string

from quiz.banks.convert import convert_source
from quiz.banks.convert.excel import read_xlsx, type_words
from quiz.banks.convert.writer import bank_to_gift, bank_to_xlsx, bank_to_yaml
from quiz.banks.question_types import QUESTION_TYPES, QuestionType, register
from quiz.banks.validation import parse_bank

WORDS = ("yes", "no", "unsure")
SHOWN = ("是", "否", "不确定")


class YesNoUnsure(QuestionType):
    """A statement judged 是, 否 or 不确定; fixed options, `answer: yes`, `no` or `unsure`."""

    code = "yes_no_unsure"
    label = "三态判断题"
    short_label = "三态判断"
    lettered = False

    def parse(self, options, answer, question_line, checker):
        if options is not None:
            checker.report(options.line, "三态判断题不写 options。")
            return None
        if answer is None:
            return None
        raw = checker.text(answer.value, "answer")  # the text as written: yes is not a bool here
        if raw is None:
            return None
        if raw not in WORDS:
            checker.report(answer.line, "三态判断题的答案只能写 yes、no 或 unsure。")
            return None
        return (), (WORDS.index(raw),)

    def display_options(self, options):
        return SHOWN

    def yaml_answer(self, answer):
        return WORDS[answer[0]]

    def sheet_answer(self, answer):
        return SHOWN[answer[0]]

    def read_sheet(self, texts, answer, sheet):
        if any(texts):
            sheet.report("三态判断题不填选项。")
            return None
        if answer.strip() not in SHOWN:
            sheet.report("三态判断题的答案请填写 是、否 或 不确定。")
            return None
        return (), (SHOWN.index(answer.strip()),)


@pytest.fixture
def three_way():
    register(YesNoUnsure)
    yield QUESTION_TYPES[YesNoUnsure.code]
    del QUESTION_TYPES[YesNoUnsure.code]


BANK = """\
scam_type:
  code: three-way
  name: 三态测试
  summary: 只用于测试新题型。

questions:
  - id: three-way-001
    type: yes_no_unsure
    difficulty: 1
    stem: 陌生人说“刷单返利稳赚不赔”，这是真的吗？
    answer: no
    explanation: 刷单本身违法，所谓返利是诈骗的诱饵。
  - id: three-way-002
    type: single
    difficulty: 2
    stem: 接到“客服”退款电话，应该？
    options:
      - 照做
      - 挂断后在App里核实
    answer: B
    explanation: 正规客服不会索要验证码。
"""


def parsed(text: str):
    bank, problems = parse_bank("three-way.yaml", text.encode())
    assert not problems, [str(p) for p in problems]
    return bank


def test_it_validates_from_yaml(three_way):
    bank = parsed(BANK)
    question = bank.questions[0]
    assert (question.type, question.options, question.answer) == ("yes_no_unsure", (), (1,))
    bank, problems = parse_bank("bad.yaml", BANK.replace("answer: no", "answer: maybe").encode())
    assert bank is None
    assert "三态判断题的答案只能写 yes、no 或 unsure。" in str(problems[0])


def test_the_registry_names_it_where_types_are_listed(three_way):
    _bank, problems = parse_bank("bad.yaml", BANK.replace("yes_no_unsure", "maybe").encode())
    assert "yes_no_unsure" in str(problems[0]) and "三态判断" in str(problems[0])
    assert type_words()["三态判断"] == "yes_no_unsure"
    assert type_words()["三态判断题"] == "yes_no_unsure"


def test_it_converts_to_yaml_excel_and_gift_and_back(three_way):
    bank = parsed(BANK)
    assert "    answer: no\n" in bank_to_yaml(bank)
    assert [q.content() for q in parsed(bank_to_yaml(bank)).questions] == [
        q.content() for q in bank.questions
    ]

    sheet = bank_to_xlsx(bank)
    read = read_xlsx("three-way.xlsx", sheet)
    assert not read.problems, [str(p) for p in read.problems]
    draft = read.drafts[0]
    assert (draft.type, draft.options, draft.answer) == ("yes_no_unsure", (), (1,))
    conversion = convert_source("three-way.xlsx", sheet, code="three-way", name="三态测试",
                                summary="只用于测试新题型。")
    assert not conversion.problems, [str(p) for p in conversion.problems]
    assert conversion.bank.questions[0].answer == (1,)

    gift = bank_to_gift(bank)
    assert "\t~是\n\t=否\n\t~不确定" in gift  # offered as a choice of its three options


def test_it_is_presented_and_marked(three_way, app):
    assert three_way.display_options(()) == SHOWN
    assert three_way.check_given(3, [1]) is None
    assert three_way.check_given(3, [0, 1]) is not None
    assert three_way.is_correct((1,), [1]) and not three_way.is_correct((1,), [2])
    version = SimpleNamespace(type="yes_no_unsure", difficulty=1, version=1, dialogue=[],
                              stem="这是真的吗？", options=[], answer=[1], explanation="不是。",
                              audience=None, source=None)
    with app.test_request_context():
        card = render_template_string(
            '{% from "_question.html" import question_card %}'
            "{{ question_card(question, version) }}",
            question=SimpleNamespace(code="three-way-001"), version=version, report_link=False)
        texts = render_template_string('<template {% include "_question_type_texts.html" %}>')
    assert "三态判断" in card
    assert '<li class="">是</li>' in card and '<li class="correct">否 ✓</li>' in card
    assert 'data-yes_no_unsure="三态判断"' in texts
    assert 'data-unlettered="true_false yes_no_unsure"' in texts
    assert 'data-many="multiple"' in texts


def test_it_is_gone_after_the_fixture():
    assert "yes_no_unsure" not in QUESTION_TYPES
