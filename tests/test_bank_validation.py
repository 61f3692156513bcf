"""Bank file validation: parsed values, every rule's message and line, cross-file checks.

Pure tests: no app, no database. Line numbers in the expectations count from the first line
of each dedented YAML string.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from quiz.banks.question_types import QUESTION_TYPES
from quiz.banks.validation import (
    SCHOOL_LEVELS,
    BankFile,
    Problem,
    expand_paths,
    parse_bank,
    validate_paths,
)

HEADER = """\
scam_type:
  code: order-brushing
  name: 刷单返利类诈骗
  summary: 先小额返利取得信任，再让人不断垫资。
questions:
"""  # five lines: the first question starts on line 6

QUESTION = """\
  - id: q-001
    type: single
    difficulty: 1
    stem: 题干
    options: [甲, 乙, 丙]
    answer: B
    explanation: 解析
"""  # lines 6-12 after HEADER


def yaml_bytes(text: str) -> bytes:
    return textwrap.dedent(text).encode("utf-8")


def parse(text: str) -> tuple[BankFile | None, list[Problem]]:
    return parse_bank("banks/x.yaml", yaml_bytes(text))


def problems_of(text: str) -> list[Problem]:
    bank, problems = parse(text)
    assert problems, "expected at least one problem"
    assert bank is None
    return problems


def assert_problem(problems: list[Problem], line: int, fragment: str) -> Problem:
    for problem in problems:
        if problem.line == line and fragment in problem.message:
            return problem
    raise AssertionError(f"no problem at line {line} with {fragment!r} in {problems}")


def with_question(question: str) -> str:
    """HEADER followed by one question written at the questions' indentation."""
    return HEADER + textwrap.indent(textwrap.dedent(question), "  ")


# --- a valid file ------------------------------------------------------------------------------

VALID = """\
scam_type:
  code: order-brushing
  name: 刷单返利类诈骗
  summary: |
    以“兼职刷单”为诱饵。
  warning_signs:
    - 要求先垫付资金
    - 110
  audience: [senior, junior]
questions:
  - id: q-001
    type: single
    difficulty: 1
    stem: 报警电话是？
    options:
      - 110
      - yes
      - 1.10
      - 0x1F
      - ~
      - true
    answer: A
    explanation: 2026-01-01
    dialogue:
      - {from: 陌生人, text: 日结兼职}
      - from: 我
        text: 'no'
    tags: [part-time, 2026]
    audience: [college]
    source: 《反电信网络诈骗法》
  - id: q-002
    type: multiple
    difficulty: 2
    stem: 哪些是诈骗？
    options: [2026-01-01, ok, 'null', 否]
    answer: [D, A]
    explanation: 解析
  - id: q-003
    type: true_false
    difficulty: 3
    stem: 返利说明平台可靠。
    answer: false
    explanation: 不可靠。
  - id: q-004
    type: true_false
    difficulty: 1
    stem: 陌生链接不要点。
    answer: True
    explanation: 对。
"""


def test_valid_file_parses_with_raw_text_and_normalised_answers():
    bank, problems = parse(VALID)
    assert problems == []
    assert bank is not None and bank.path == "banks/x.yaml"
    scam = bank.scam_type
    assert scam.code == "order-brushing"
    assert scam.summary == "以“兼职刷单”为诱饵。"
    assert scam.warning_signs == ("要求先垫付资金", "110")
    assert scam.audience == ("junior", "senior")  # school-level order

    single, multiple, false_q, true_q = bank.questions
    assert single.options == ("110", "yes", "1.10", "0x1F", "~", "true")
    assert single.answer == (0,)
    assert single.explanation == "2026-01-01"
    assert single.dialogue == (("陌生人", "日结兼职"), ("我", "no"))
    assert single.tags == ("part-time", "2026")
    assert single.audience == ("college",)
    assert single.source == "《反电信网络诈骗法》"
    assert single.line == 11
    assert multiple.options == ("2026-01-01", "ok", "null", "否")
    assert multiple.answer == (0, 3)
    assert multiple.dialogue == () and multiple.tags == () and multiple.audience is None
    assert multiple.source is None
    assert (false_q.options, false_q.answer) == ((), (1,))
    assert (true_q.options, true_q.answer) == ((), (0,))
    assert [q.difficulty for q in bank.questions] == [1, 2, 3, 1]


def test_content_is_json_able_in_a_stable_order_and_omits_the_line():
    bank, _ = parse(VALID)
    content = bank.questions[0].content()
    assert list(content) == [
        "id", "type", "difficulty", "stem", "options", "answer", "explanation",
        "dialogue", "tags", "audience", "source",
    ]  # fmt: skip
    assert content["dialogue"] == [
        {"from": "陌生人", "text": "日结兼职"},
        {"from": "我", "text": "no"},
    ]
    assert json.loads(json.dumps(content)) == content
    moved, _ = parse(VALID.replace("questions:\n", "questions:\n\n\n"))
    assert moved.questions[0].line != bank.questions[0].line
    assert moved.questions[0].content() == content


def test_utf8_bom_is_accepted():
    bank, problems = parse_bank("x.yaml", b"\xef\xbb\xbf" + yaml_bytes(VALID))
    assert problems == [] and bank is not None


# --- question types ----------------------------------------------------------------------------


def test_registry_and_display_options():
    assert set(QUESTION_TYPES) == {"single", "multiple", "true_false"}
    assert QUESTION_TYPES["single"].display_options(("a", "b")) == ("a", "b")
    assert QUESTION_TYPES["true_false"].display_options(()) == ("正确", "错误")


def test_is_correct_is_an_exact_set_match():
    single, multiple, true_false = (QUESTION_TYPES[k] for k in ("single", "multiple", "true_false"))
    assert single.is_correct((1,), [1])
    assert not single.is_correct((1,), [0])
    assert multiple.is_correct((0, 2), [2, 0])
    assert not multiple.is_correct((0, 2), [0])
    assert not multiple.is_correct((0, 2), [0, 1, 2])
    assert true_false.is_correct((1,), (1,))
    assert not true_false.is_correct((1,), [])


@pytest.mark.parametrize(
    ("code", "count", "given", "fragment"),
    [
        ("single", 4, [1], None),
        ("single", 4, [0, 1], "只能选一个"),
        ("single", 4, [], "请选择"),
        ("single", 4, [4], "不存在"),
        ("single", 4, [-1], "不存在"),
        ("single", 4, ["1"], "格式"),
        ("single", 4, [True], "格式"),
        ("single", 4, None, "格式"),
        ("multiple", 4, [0, 2, 3], None),
        ("multiple", 4, [0], None),
        ("multiple", 4, [], "至少"),
        ("multiple", 4, [1, 1], "两次"),
        ("true_false", 2, [0], None),
        ("true_false", 2, [0, 1], "只能选一个"),
        ("true_false", 2, [2], "不存在"),
    ],
)
def test_check_given(code, count, given, fragment):
    error = QUESTION_TYPES[code].check_given(count, given)
    if fragment is None:
        assert error is None
    else:
        assert error is not None and fragment in error


# --- str(Problem) ------------------------------------------------------------------------------


def test_problem_str_for_each_scope():
    assert str(Problem("a.yaml", 7, "q-1", "坏了")) == "a.yaml:7: question q-1: 坏了"
    assert str(Problem("a.yaml", 7, None, "坏了", position=3)) == "a.yaml:7: question #3: 坏了"
    assert str(Problem("a.yaml", 2, None, "坏了", "scam_type")) == "a.yaml:2: scam_type: 坏了"
    assert str(Problem("a.yaml", 1, None, "坏了", "file")) == "a.yaml:1: 坏了"
    assert str(Problem("nowhere", 0, None, "找不到", "file")) == "nowhere: 找不到"


def test_problems_carry_the_scope_that_str_shows():
    problems = problems_of(
        """\
        scam_type:
          code: Bad_Code
          name: 名
          summary: 概要
        questions:
          - id: q-001
            type: single
            difficulty: 9
            stem: 题干
            options: [甲, 乙]
            answer: A
            explanation: 解析
          - id: Q 2
            type: single
            difficulty: 1
            stem: 题干
            options: [甲, 乙]
            answer: Z
            explanation: 解析
        """
    )
    rendered = [str(p) for p in problems]
    assert rendered[0].startswith("banks/x.yaml:2: scam_type: code 只能用小写字母")
    assert rendered[1].startswith("banks/x.yaml:8: question q-001: difficulty 应为数字")
    assert rendered[2].startswith("banks/x.yaml:13: question #2: id 只能用")
    assert rendered[3].startswith("banks/x.yaml:18: question #2: 答案 Z 没有对应的选项")
    assert len(problems) == 4


def test_file_level_problem_str():
    (problem,) = problems_of("- a\n- b\n")
    assert str(problem).startswith("banks/x.yaml:1: 文件最外层应为 scam_type")
    assert problem.scope == "file" and problem.question_id is None


# --- file-level problems -----------------------------------------------------------------------


def test_non_utf8_bytes_name_the_encoding_and_the_line():
    data = "scam_type:\n  name: 刷单返利\n".encode("gbk")
    bank, problems = parse_bank("gbk.yaml", data)
    assert bank is None
    (problem,) = problems
    assert problem.line == 2 and problem.scope == "file"
    assert "UTF-8" in problem.message and "另存" in problem.message


@pytest.mark.parametrize("text", ["", "\n\n", "# 只有注释\n# 第二行\n", "---\n"])
def test_empty_file(text):
    (problem,) = problems_of(text)
    assert problem.line == 1 and "文件是空的" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("scam_type:\n  code: [a\nquestions: []\n", 3, "YAML 格式错误"),
        ("scam_type:\n  name: 注意: 这里\n", 2, "冒号+空格"),
        ("scam_type:\n\tcode: a\n", 2, "Tab"),
        ("scam_type:\n  name: '未闭合\n", 3, "引号没有配对"),
        ("scam_type: {}\nquestions: []\n---\nscam_type: {}\n", 3, "只能有一个 YAML 文档"),
        ("scam_type: &a {code: a}\nquestions: *a\n", 2, "不支持锚点和别名"),
        ("a: \x07\n", 1, "不允许的控制字符 U+0007"),
    ],
)
def test_yaml_level_errors(text, line, fragment):
    problem = assert_problem(problems_of(text), line, fragment)
    assert problem.scope == "file"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("[1, 2]\n", 1, "文件最外层应为 scam_type: 和 questions:"),
        ("就一句话\n", 1, "现在是“就一句话”"),
        ("scam_type: {code: a, name: b, summary: c}\n", 1, "缺少必填的键：questions"),
        ("scam_type: {code: a, name: b, summary: c}\nquestion: []\n", 2, "是否想写 questions？"),
        ("scam_type: {code: a, name: b, summary: c}\nquestions: []\nextra: 1\n", 3, "未知的键"),
        ("scam_type: {code: a, name: b, summary: c}\nquestions: []\n", 2, "至少有一道题"),
        ("scam_type: {code: a, name: b, summary: c}\nquestions:\n", 2, "至少有一道题"),
        ("scam_type: {code: a, name: b, summary: c}\nquestions: 题\n", 2, "题目列表"),
        ("scam_type: {code: a, name: b, summary: c}\nquestions: [1]\nquestions: [1]\n", 3, "两次"),
        ("<<: {scam_type: 1}\nquestions: []\n", 1, "合并键"),
    ],
)
def test_top_level_errors(text, line, fragment):
    assert_problem(problems_of(text), line, fragment)


# --- scam type ---------------------------------------------------------------------------------


def scam_type(body: str) -> str:
    """A file whose scam_type (line 1) has `body` from line 2; one valid question follows."""
    return "scam_type:\n" + textwrap.indent(textwrap.dedent(body), "  ") + "questions:\n" + QUESTION


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("scam_type: 刷单\nquestions:\n" + QUESTION, 1, "scam_type 应为键值对"),
        ("scam_type:\nquestions:\n" + QUESTION, 1, "scam_type 应为键值对"),
        (scam_type("code: a\nname: 名\n"), 2, "缺少必填的键：summary"),
        (scam_type("code: a\nnmae: 名\nsummary: s\n"), 3, "是否想写 name？"),
        (scam_type("code: a\nname: 名\nname: 又\nsummary: s\n"), 4, "name 写了两次（第 3 行已有）"),
        (scam_type("code: Order_Brushing\nname: 名\nsummary: s\n"), 2, "“Order_Brushing”"),
        (scam_type("code: a--b\nname: 名\nsummary: s\n"), 2, "code 只能用"),
        (scam_type("code: -a\nname: 名\nsummary: s\n"), 2, "code 只能用"),
        (scam_type("code: a\nname: ''\nsummary: s\n"), 3, "name 不能为空"),
        (scam_type("code: a\nname: 名\nsummary:\n"), 4, "summary 不能为空"),
        (scam_type("code: a\nname: [名]\nsummary: s\n"), 3, "name 应为一段文字，不是列表"),
        (scam_type("code: a\nname: 名\nsummary: s\nwarning_signs: 垫资\n"), 5, "应为列表"),
        (scam_type("code: a\nname: 名\nsummary: s\nwarning_signs:\n  - 垫资\n  -\n"), 7, "第 2 项"),
        (scam_type("code: a\nname: 名\nsummary: s\naudience: [primary, high]\n"), 5, "“high”"),
        (scam_type("code: a\nname: 名\nsummary: s\naudience: []\n"), 5, "学段列表"),
        (scam_type("code: a\nname: 名\nsummary: s\naudience: college\n"), 5, "学段列表"),
        (scam_type("code: a\nname: 名\nsummary: s\naudience: [Senior]\n"), 5, "是否想写 senior"),
        (scam_type("code: a\nname: 名\nsummary: s\naudience: [junior, junior]\n"), 5, "写了两次"),
    ],
)
def test_scam_type_errors(text, line, fragment):
    problem = assert_problem(problems_of(text), line, fragment)
    assert problem.scope == "scam_type" or line == 1


# --- questions ---------------------------------------------------------------------------------


def choice(options: str = "[甲, 乙, 丙]", answer: str = "A", type_: str = "single") -> str:
    """A choice question on lines 6-12: id, type, difficulty, stem, options (10), answer (11)."""
    return (
        f"- id: q-001\n  type: {type_}\n  difficulty: 1\n  stem: 题\n"
        f"  options: {options}\n  answer: {answer}\n  explanation: 解\n"
    )


# A true_false question on lines 6-11; cases append optional keys from line 12.
TRUE_FALSE = (
    "- id: q-001\n  type: true_false\n  difficulty: 1\n  stem: 题\n"
    "  answer: true\n  explanation: 解\n"
)

BAD_QUESTIONS = [
    # (question YAML whose first line is line 6 of the file, line, fragment)
    (choice().replace("  difficulty: 1\n", "").replace("  explanation: 解\n", ""),
     6, "缺少必填的键：difficulty、explanation"),
    (choice().replace("answer:", "anwser:"), 11, "是否想写 answer？"),
    (choice().replace("answer:", "Answer:"), 11, "是否想写 answer？"),
    (choice().replace("  answer: A\n", "  answer: A\n  answer: B\n"),
     12, "answer 写了两次（第 11 行已有）"),
    (choice() + "  color: red\n", 13, "未知的键 “color”"),
    (choice(type_="singel"), 7, "是否想写 single？"),
    (choice(type_="essay"), 7, "single、multiple、true_false"),
    (choice().replace("difficulty: 1", "difficulty: '2'"), 8, "不加引号"),
    (choice().replace("difficulty: 1", "difficulty: 2.0"), 8, "现在是“2.0”"),
    (choice().replace("difficulty: 1", "difficulty: 4"), 8, "difficulty 应为数字 1、2 或 3"),
    (choice().replace("difficulty: 1", "difficulty: 易"), 8, "difficulty 应为数字 1、2 或 3"),
    (choice().replace("stem: 题", "stem:"), 9, "stem 不能为空"),
    (choice().replace("stem: 题", "stem: {注意: 陌生来电}"), 9, "stem 应为文字，却被读成了键值对"),
    (choice().replace("explanation: 解", "explanation:\n    - 解"), 13, "explanation 应为一段文字"),
    (choice(options="[甲]"), 10, "有 1 个选项"),
    (choice(options="[1, 2, 3, 4, 5, 6, 7]"), 10, "有 7 个选项"),
    (choice(options="\n    - 甲\n    - 乙\n    - 甲"), 13, "选项 C 与选项 A 重复"),
    (choice(options="\n    - 甲\n    - ''"), 12, "选项 B 不能为空"),
    (choice(options="\n    - 甲\n    -"), 12, "选项 B 不能为空"),
    (choice(options="\n    - 甲\n    - 注意: 陌生来电"), 12, "选项 B 应为文字"),
    (choice(options="甲乙"), 10, "options 应为选项列表"),
    (choice(type_="multiple", answer="[A, B]").replace("  options: [甲, 乙, 丙]\n", ""),
     6, "多选题缺少 options"),
    (TRUE_FALSE + "  options: [对, 错]\n", 12, "判断题不写 options"),
    (choice(answer="b"), 11, "请把 b 改为 B"),
    (choice(answer="E"), 11, "本题只有 3 个选项（A–C）"),
    (choice(answer="[A, B]"), 11, "type 改为 multiple"),
    (choice(answer="1"), 11, "答案应为一个选项字母（A–C）"),
    (choice(answer=""), 11, "现在是空"),
    (choice(type_="multiple", answer="A"), 11, "如 answer: [A, C]"),
    (choice(type_="multiple", answer="A, C"), 11, "如 answer: [A, C]"),
    (choice(type_="multiple", answer="[A]"), 11, "至少要有两个正确答案"),
    (choice(type_="multiple", answer="\n    - A\n    - A"), 13, "答案字母 A 写了两次"),
    (choice(type_="multiple", answer="[A, D]"), 11, "答案 D 没有对应的选项"),
    (choice(type_="multiple", answer="[a, c]"), 11, "请把 a 改为 A"),
    (TRUE_FALSE.replace("answer: true", "answer: yes"), 10, "现在是“yes”"),
    (TRUE_FALSE.replace("answer: true", "answer: 'true'"), 10, "不要加引号"),
    (TRUE_FALSE.replace("answer: true", "answer: [true]"), 10, "现在是列表"),
    (TRUE_FALSE.replace("answer: true", "answer: 对"), 10, "只能写 true（正确）或 false（错误）"),
    (TRUE_FALSE.replace("answer: true", "answer: 1"), 10, "只能写 true（正确）或 false（错误）"),
    (TRUE_FALSE + "  dialogue: 你好\n", 12, "dialogue 应为对话列表"),
    (TRUE_FALSE + "  dialogue:\n    - 你好\n", 13, "dialogue 第 1 句应写成"),
    (TRUE_FALSE + "  dialogue:\n    - {from: 我, text: 好}\n    - {from: 我}\n",
     14, "缺少必填的键：text"),
    (TRUE_FALSE + "  dialogue:\n    - {from: '', text: 好}\n", 13, "第 1 句的 from 不能为空"),
    (TRUE_FALSE + "  dialogue:\n    - {from: 我, text: 好, time: 1}\n", 13, "未知的键 “time”"),
    (TRUE_FALSE + "  dialogue:\n    - {from: 我, text: 好, text: 坏}\n", 13, "text 写了两次"),
    (TRUE_FALSE + "  tags: students\n", 12, "tags 应为列表"),
    (TRUE_FALSE + "  tags:\n    - a\n    - {b: c}\n", 14, "tags 第 2 项"),
    (TRUE_FALSE + "  audience: [college, university]\n", 12, "“university”"),
    (TRUE_FALSE + "  audience:\n", 12, "学段列表"),
    (TRUE_FALSE + "  source:\n", 12, "source 不能为空"),
    (TRUE_FALSE + "  source: [书]\n", 12, "source 应为一段文字"),
]  # fmt: skip


@pytest.mark.parametrize(("question", "line", "fragment"), BAD_QUESTIONS)
def test_question_errors(question, line, fragment):
    problem = assert_problem(problems_of(with_question(question)), line, fragment)
    assert problem.scope == "question" and problem.question_id == "q-001"
    assert str(problem).startswith(f"banks/x.yaml:{line}: question q-001: ")


@pytest.mark.parametrize(
    ("first_line", "fragment"),
    [("- id: Q_001", "现在是“Q_001”"), ("- id:", "id 不能为空"), ("- id: [a]", "id 应为一段文字")],
)
def test_an_unusable_id_names_the_question_by_position(first_line, fragment):
    text = HEADER + QUESTION + QUESTION.replace("  - id: q-001", "  " + first_line)
    problem = assert_problem(problems_of(text), 13, fragment)
    assert problem.question_id is None and problem.position == 2
    assert str(problem).startswith("banks/x.yaml:13: question #2: ")


def test_a_question_that_is_not_a_mapping():
    problems = problems_of(HEADER + QUESTION + "  - 只有一句话\n  - ~\n")
    assert str(assert_problem(problems, 13, "现在是“只有一句话”")).startswith(
        "banks/x.yaml:13: question #2: "
    )
    assert assert_problem(problems, 14, "每道题应写成键值对").position == 3


def test_duplicate_id_within_a_file_points_at_both():
    problems = problems_of(HEADER + QUESTION + QUESTION)
    (problem,) = problems
    assert problem.line == 13 and problem.question_id == "q-001"
    assert "第 6 行" in problem.message


def test_every_problem_in_a_file_is_reported_in_one_pass():
    text = HEADER + textwrap.indent(
        textwrap.dedent(
            """\
            - id: q-001
              type: single
              difficulty: '1'
              stem: ''
              options: [甲, 甲]
              answer: c
              explanation: 解
              anwser: A
            - id: q-002
              type: true_false
              difficulty: 1
              stem: 题
              answer: maybe
            """
        ),
        "  ",
    )
    problems = problems_of(text)
    assert [p.line for p in problems] == [8, 9, 10, 11, 13, 14, 18]


# --- robustness --------------------------------------------------------------------------------

ODD_INPUTS = [
    "42\n",
    "~\n",
    "null\n",
    "[]\n",
    "{}\n",
    "- - - x\n",
    "'scam_type'\n",
    "scam_type: ~\nquestions: ~\n",
    "scam_type: []\nquestions: {}\n",
    "scam_type: {code: ~, name: ~, summary: ~, audience: ~, warning_signs: ~}\nquestions: [~]\n",
    "1: 2\n3: 4\n",
    "? [a, b]\n: c\nscam_type: {}\nquestions: [[]]\n",
    "scam_type:\n  ? {x: 1}\n  : y\nquestions:\n  - ? [1]\n    : 2\n",
    "questions:\n  - {id: ~, type: ~, difficulty: ~, stem: ~, options: ~, answer: ~}\n",
    "questions:\n  - {id: '', type: '', explanation: ~, tags: ~, dialogue: ~, source: ~}\n",
    "questions:\n  - {id: a, type: single, options: [[], {}, ~], answer: [[], {}]}\n",
    "questions:\n  - {id: a, type: multiple, options: {a: b}, answer: {a: b}}\n",
    "questions:\n  - {id: a, type: true_false, answer: {a: b}, dialogue: [[], ~, {from: []}]}\n",
    "questions:\n  - {id: a, type: [single], difficulty: {a: 1}, tags: [[]], audience: [{}]}\n",
    "questions:\n  - {id: a, type: single, options: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, "
    "p, q, r, s, t, u, v, w, x, y, z, aa, ab], answer: Z}\n",
    "a: &x [*x]\n",
    "a: *undefined\n",
    "!!python/object:os.system {}\n",
    "scam_type: !!binary aGk=\nquestions: !custom [1]\n",
    "[" * 200 + "]" * 200 + "\n",
    "\x00\n",
    "\ufeff\ufeff\n",
    "%YAML 1.1\n---\na: 1\n",
]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_odd_yaml_gives_problems_not_exceptions(text):
    bank, problems = parse_bank("odd.yaml", text.encode("utf-8"))
    assert bank is None and problems
    assert all(isinstance(p.line, int) and p.message for p in problems)
    assert all(str(p).startswith("odd.yaml") for p in problems)


def test_odd_bytes_give_problems_not_exceptions():
    for data in (b"\xff\xfe\x00a", b"\x80", "题".encode("utf-16"), bytes(range(256))):
        bank, problems = parse_bank("odd.yaml", data)
        assert bank is None and problems


# --- across files ------------------------------------------------------------------------------


def write(path, text: str):
    path.write_bytes(yaml_bytes(text))
    return path


def test_duplicate_code_and_id_across_files_point_at_both_places(tmp_path):
    first = write(tmp_path / "a.yaml", HEADER + QUESTION)
    second = write(tmp_path / "b.yaml", HEADER + QUESTION.replace("解析", "另一个解析"))
    banks, problems = validate_paths([str(first), str(second)])
    assert [bank.path for bank in banks] == [str(first)]
    code_problem, id_problem = problems
    assert (code_problem.file, code_problem.line) == (str(second), 2)
    assert code_problem.scope == "scam_type"
    assert f"{first} 第 2 行" in code_problem.message
    assert (id_problem.file, id_problem.line, id_problem.question_id) == (str(second), 6, "q-001")
    assert f"{first} 第 6 行" in id_problem.message
    assert str(id_problem).startswith(f"{second}:6: question q-001: id q-001 与 {first}")


def test_cross_file_checks_still_run_for_files_with_other_problems(tmp_path):
    first = write(tmp_path / "a.yaml", HEADER + QUESTION)
    broken = HEADER.replace("order-brushing", "other") + QUESTION.replace("丙]", "丙, 丙]")
    second = write(tmp_path / "b.yaml", broken)
    banks, problems = validate_paths([str(tmp_path)])
    assert [bank.path for bank in banks] == [str(first)]
    assert [(p.file, p.line) for p in problems] == [(str(second), 6), (str(second), 10)]


def test_validate_paths_sorts_problems_by_file_and_line(tmp_path):
    write(tmp_path / "b.yaml", "scam_type: 1\nquestions: 2\n")
    write(tmp_path / "a.yaml", "questions: 2\nscam_type: 1\n")
    _, problems = validate_paths([str(tmp_path / "b.yaml"), str(tmp_path)])
    keys = [(p.file, p.line) for p in problems]
    assert keys == sorted(keys) and len(keys) == 4


def test_expand_paths_lists_bank_files_of_a_folder(tmp_path):
    for name in ("b.yaml", "a.yml", "c.YAML", "notes.txt"):
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "dir.yaml").mkdir()
    empty = tmp_path / "empty"
    empty.mkdir()
    direct = str(tmp_path / "notes.txt")
    files, problems = expand_paths([str(tmp_path), direct, str(tmp_path / "a.yml"), str(empty)])
    assert files == [str(tmp_path / n) for n in ("a.yml", "b.yaml", "c.YAML", "notes.txt")]
    (problem,) = problems
    assert problem.file == str(empty) and "没有 .yaml" in problem.message


def test_a_missing_path_is_a_problem(tmp_path):
    missing = str(tmp_path / "nope.yaml")
    banks, problems = validate_paths([missing])
    assert banks == []
    (problem,) = problems
    assert (problem.file, problem.line, problem.scope) == (missing, 0, "file")
    assert str(problem) == f"{missing}: 找不到这个文件或文件夹，请检查路径。"


def test_validate_paths_returns_clean_banks(tmp_path):
    write(tmp_path / "a.yaml", VALID)
    banks, problems = validate_paths([str(tmp_path)])
    assert problems == []
    assert [len(bank.questions) for bank in banks] == [4]
    assert set(SCHOOL_LEVELS) >= set(banks[0].scam_type.audience)
