"""`banks convert|export|template`: Excel and GIFT readers, the writers, round trips, the CLI.

Spreadsheets are built in memory with openpyxl; row numbers in the expectations are Excel's
(the header is row 1). GIFT line numbers count from the first line of each dedented string.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from quiz.banks.convert import Conversion, convert_source, detect_format
from quiz.banks.convert.excel import COLUMNS, read_xlsx
from quiz.banks.convert.gift import read_gift
from quiz.banks.convert.writer import (
    bank_to_gift,
    bank_to_xlsx,
    bank_to_yaml,
    scalar,
    template_xlsx,
)
from quiz.banks.validation import BankFile, BankQuestion, BankScamType, parse_bank

REAL_BANK = Path(__file__).resolve().parents[1] / "question_banks" / "fake-refund.yaml"

HEADER = [
    "题型",
    "题目",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "选项E",
    "选项F",
    "答案",
    "解析",
    "难度",
]
GOOD_ROW = [
    "单选",
    "接到“客服”退款电话，应该？",
    "照做",
    "挂断后在App里核实",
    "",
    "",
    "",
    "",
    "B",
    "正规客服不会索要验证码。",
    "1",
]


def xlsx(rows: list[list], header: list[str] = HEADER, merge: tuple[str, ...] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
    for cells in merge:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(**changes: object) -> list:
    """GOOD_ROW with some columns replaced, by header: row(答案="D", 选项C="x")."""
    values = list(GOOD_ROW)
    for header, value in changes.items():
        values[HEADER.index(header)] = value
    return values


def converted(path: str, data: bytes, **options: str) -> Conversion:
    conversion = convert_source(path, data, **options)
    assert not conversion.problems, [str(p) for p in conversion.problems]
    assert conversion.bank is not None
    return conversion


def problem_lines(conversion: Conversion) -> list[str]:
    assert conversion.problems, "expected problems"
    assert conversion.bank is None and conversion.yaml_text == ""
    return [str(problem) for problem in conversion.problems]


def real_bank() -> BankFile:
    bank, problems = parse_bank(str(REAL_BANK), REAL_BANK.read_bytes())
    assert not problems and bank is not None
    return bank


# --- Excel ---------------------------------------------------------------------------------------


def test_xlsx_types_answer_spellings_and_ids():
    data = xlsx(
        [
            GOOD_ROW,
            [
                "多选题",
                "哪些是诈骗信号？",
                "要求共享屏幕",
                "索要验证码",
                "官方App查询",
                "",
                "",
                "",
                "A,C",
                "都是。",
                "难",
            ],
            ["多选", "再选一次", "甲", "乙", "丙", "", "", "", "a c", "解析", "中等"],
            ["判断", "客服会要验证码。", "", "", "", "", "", "", "错", "不会。", 3],
            ["判断题", "真客服不要密码。", "", "", "", "", "", "", "√", "对。", "易"],
            ["true_false", "是吗", "正确", "错误", "", "", "", "", "TRUE", "是。", "2"],
        ]
    )
    conversion = converted("q.xlsx", data, code="fake-refund", name="冒充客服", summary="简介")
    questions = conversion.bank.questions
    assert [q.id for q in questions] == [f"fake-refund-00{n}" for n in range(1, 7)]
    assert [q.type for q in questions] == [
        "single",
        "multiple",
        "multiple",
        "true_false",
        "true_false",
        "true_false",
    ]
    assert [q.answer for q in questions] == [(1,), (0, 2), (0, 2), (1,), (0,), (0,)]
    assert [q.difficulty for q in questions] == [1, 3, 2, 3, 1, 2]
    assert questions[0].options == ("照做", "挂断后在App里核实")
    assert questions[3].options == ()


def test_xlsx_keeps_cell_text_as_displayed():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["单选", "拨打哪个号码报警？", 110, 96110, 12.5, 3.0, "yes", "", "A", "110。", 1])
    sheet["F2"].number_format = "0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    conversion = converted("n.xlsx", buffer.getvalue(), code="phone", name="n", summary="s")
    assert conversion.bank.questions[0].options == ("110", "96110", "12.5", "3.00", "yes")
    loaded = yaml.safe_load(conversion.yaml_text)
    assert loaded["questions"][0]["options"] == ["110", "96110", "12.5", "3.00", "yes"]


def test_xlsx_english_headers_and_unknown_columns_are_a_note():
    header = [
        "type",
        "stem",
        "option_a",
        "option_b",
        "answer",
        "explanation",
        "difficulty",
        "知识点",
    ]
    data = xlsx([["single", "题干", "甲", "乙", "A", "解析", "easy", "刷单"]], header=header)
    conversion = converted("en.xlsx", data, code="x", name="n", summary="s")
    assert conversion.bank.questions[0].options == ("甲", "乙")
    assert any("忽略了无法识别的列：知识点" in note for note in conversion.notes)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"答案": "D"}, "答案 D 没有对应的选项：本题只填了 2 个选项（A–B）"),
        ({"题型": "多选", "答案": "A"}, "多选题至少要有两个正确答案，现在只有“A”"),
        ({"答案": "AB"}, "单选题只能有一个答案，现在是“AB”"),
        ({"答案": "AA"}, "答案中的字母 A 写了两次"),
        ({"答案": ""}, "答案为空"),
        ({"答案": "第二个"}, "答案“第二个”无法识别"),
        ({"题目": ""}, "题目为空"),
        ({"题型": "填空"}, "题型“填空”无法识别：请填写 单选、多选 或 判断"),
        ({"题型": ""}, "题型为空"),
        ({"解析": ""}, "解析为空"),
        ({"难度": ""}, "难度为空：请填写 1、2、3"),
        ({"难度": "4"}, "难度“4”无法识别"),
        ({"选项C": "照做"}, "选项C 与 选项A 相同（“照做”）"),
        ({"选项B": "", "选项C": "核实"}, "选项B 为空，但后面的 选项C 有内容"),
        ({"选项B": ""}, "单选题至少要有 2 个选项"),
        (
            {"题型": "判断", "选项A": "", "选项B": "", "答案": "可能"},
            "判断题的答案“可能”无法识别：请填写 对 或 错",
        ),
        ({"题型": "判断", "答案": "对"}, "判断题不填选项"),
    ],
)
def test_xlsx_row_problems_name_the_row(changes, fragment):
    conversion = convert_source("bad.xlsx", xlsx([GOOD_ROW, row(**changes)]), code="x")
    lines = problem_lines(conversion)
    assert any(line.startswith("bad.xlsx:3: ") and fragment in line for line in lines), lines
    assert not any(line.startswith("bad.xlsx:2:") for line in lines)


def test_xlsx_optional_columns_problems():
    header = [*HEADER, "编号", "对话", "学段"]
    data = xlsx(
        [
            [*GOOD_ROW, "Q 1", "", ""],
            [*GOOD_ROW[:1], "另一题", *GOOD_ROW[2:], "", "陌生人说你中奖了", ""],
            [*GOOD_ROW[:1], "第三题", *GOOD_ROW[2:], "7", "", "幼儿园"],
        ],
        header=header,
    )
    lines = problem_lines(convert_source("o.xlsx", data, code="x"))
    assert any(line.startswith("o.xlsx:2: 编号“Q 1”不是题目编号") for line in lines), lines
    assert any(line.startswith("o.xlsx:3: 对话第 1 句") for line in lines), lines
    assert any(line.startswith("o.xlsx:4: 编号“7”不是题目编号") for line in lines), lines
    assert any(line.startswith("o.xlsx:4: 学段“幼儿园”无法识别") for line in lines), lines


def test_xlsx_every_broken_row_is_reported_in_one_pass():
    data = xlsx([row(答案="E"), GOOD_ROW, row(题目=""), row(解析="", 难度="")])
    lines = problem_lines(convert_source("all.xlsx", data, code="x"))
    assert [line.split(": ", 1)[0] for line in lines] == [
        "all.xlsx:2",
        "all.xlsx:4",
        "all.xlsx:5",
        "all.xlsx:5",
    ]


def test_xlsx_merged_cells_are_reported_with_their_rows():
    rows = [GOOD_ROW, row(题目="二"), row(题目="三"), row(题目="四"), row(选项A="甲", 选项B="乙")]
    data = xlsx(rows, merge=("A3:A5", "C6:D6"))
    lines = problem_lines(convert_source("m.xlsx", data, code="x"))
    assert lines[0].startswith("m.xlsx:3: 单元格 A3:A5 是合并单元格（第 3–5 行）")
    assert "请取消合并" in lines[0]
    assert lines[1].startswith("m.xlsx:6: 单元格 C6:D6 是合并单元格（第 6 行）")
    assert len(lines) == 2  # the merged rows are not also reported as empty


def test_xlsx_header_problems():
    lines = problem_lines(
        convert_source("h.xlsx", xlsx([GOOD_ROW[:9]], header=HEADER[:9]), code="x")
    )
    assert lines == [
        "h.xlsx:1: 缺少必填的列：解析、难度。第 1 行应为表头：题型、题目、"
        "选项A…选项F、答案、解析、难度（可用 banks template 生成空白模板）。"
    ]
    lines = problem_lines(convert_source("d.xlsx", xlsx([], header=[*HEADER, "答案"]), code="x"))
    assert lines == ["d.xlsx:1: 表头“答案”出现了两次，请删除多余的一列。"]


def test_xlsx_empty_rows_are_skipped_and_an_empty_sheet_is_a_problem():
    conversion = converted("e.xlsx", xlsx([GOOD_ROW, [""] * 11, row(题目="二")]), code="x")
    assert [q.stem for q in conversion.bank.questions] == [GOOD_ROW[1], "二"]
    assert problem_lines(convert_source("none.xlsx", xlsx([]), code="x")) == [
        "none.xlsx: 文件里没有可以转换的题目。"
    ]


def test_xlsx_given_ids_are_kept_and_new_ids_skip_them():
    header = [*HEADER, "编号"]
    data = xlsx([[*GOOD_ROW, ""], [*row(题目="二"), "x-001"], [*row(题目="三"), ""]], header=header)
    conversion = converted("i.xlsx", data, code="x")
    assert [q.id for q in conversion.bank.questions] == ["x-002", "x-001", "x-003"]
    duplicate = xlsx([[*GOOD_ROW, "x-007"], [*row(题目="二"), "x-007"]], header=header)
    assert problem_lines(convert_source("i.xlsx", duplicate, code="x")) == [
        "i.xlsx:3: 编号 x-007 与第 2 行的题目重复：每道题的编号必须唯一。"
    ]


def test_read_xlsx_on_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    read = read_xlsx("doc.xlsx", buffer.getvalue())
    assert [str(p) for p in read.problems] == [
        "doc.xlsx: 无法作为 Excel 表格打开（KeyError）：请在 Excel 中“另存为” .xlsx 后再转换。"
    ]


# --- GIFT ---------------------------------------------------------------------------------------

GIFT = textwrap.dedent("""\
    // 反诈题目，手写的 GIFT
    $CATEGORY: 反诈/fake-refund

    ::退款::接到“客服”退款电话，
    对方要验证码，应该？ {
        ~告诉对方 #不对
        =挂断后在App里核实 #对
        ~按对方说的做
        ####正规客服不会索要验证码。
    }

    // 多选：正的百分比是正确答案
    ::fake-refund-009 [难度3]::哪些是诈骗信号？{
        ~%50%要求共享屏幕
        ~%-100%在官方App里查询
        ~%50%索要验证码
        ####共享屏幕和验证码都是危险信号。
    }

    真客服不要密码。{T####对。}

    客服会让你借款。{FALSE####不会。}

    验证码可以告诉客服。{F}
    """)


def test_gift_supported_questions():
    read = read_gift("q.gift", GIFT)
    assert [str(p) for p in read.problems] == [
        "q.gift:24: 缺少解析：请在答案的最后（“}”之前）加一行“####解析内容”，"
        "或在正确答案后写“#反馈”。"
    ]
    first, second, tf_true = read.drafts[:3]
    assert first.stem == "接到“客服”退款电话，\n对方要验证码，应该？"
    assert first.options == ("告诉对方", "挂断后在App里核实", "按对方说的做")
    assert (first.type, first.answer, first.title, first.difficulty) == (
        "single",
        (1,),
        "退款",
        None,
    )
    assert first.explanation == "正规客服不会索要验证码。"
    assert (first.line, first.category) == (4, "fake-refund")
    assert (second.type, second.answer, second.difficulty) == ("multiple", (0, 2), 3)
    assert second.title == "fake-refund-009"
    assert [(d.type, d.answer) for d in read.drafts[2:]] == [
        ("true_false", (0,)),
        ("true_false", (1,)),
    ]
    assert tf_true.line == 20


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("T", (0,)), ("TRUE", (0,)), ("true", (0,)), ("F", (1,)), ("FALSE", (1,)), ("F#错#对", (1,))],
)
def test_gift_true_false_spellings(answer, expected):
    read = read_gift("tf.gift", f"::tf::客服会要验证码。{{{answer}####解析}}")
    assert not read.problems
    assert (read.drafts[0].type, read.drafts[0].answer) == ("true_false", expected)


def test_gift_ids_from_titles_category_and_default_difficulty_note():
    text = GIFT.replace("验证码可以告诉客服。{F}", "验证码可以告诉客服。{F####不能。}")
    conversion = converted("q.gift", text.encode("utf-8"))
    bank = conversion.bank
    assert bank.scam_type.code == "fake-refund"
    # the title "退款" is not an id; "fake-refund-009" is kept and skipped by the numbering
    assert [q.id for q in bank.questions] == [
        "fake-refund-001",
        "fake-refund-009",
        "fake-refund-002",
        "fake-refund-003",
        "fake-refund-004",
    ]
    assert [q.difficulty for q in bank.questions] == [2, 3, 2, 2, 2]
    assert any(note.startswith("4 道题没有标注难度") for note in conversion.notes)
    assert any("--name" in note for note in conversion.notes)


def test_gift_escapes_missing_word_and_html():
    text = textwrap.dedent("""\
        ::e::价格 \\{100\\} 元\\: 真的\\#吗？ {=是 \\= 假的 ~不是 \\~ 也许 ####看清\\{楚\\}。}

        骗子常用{=共享屏幕 ~官方App}偷看验证码。{####解析}

        ::h::[html]<p>第一行<br>第二行 &amp; 更多</p>{
        =<b>对</b>
        ~错
        ####<p>因为&nbsp;如此</p>
        }
        """)
    read = read_gift("e.gift", text)
    assert [str(p) for p in read.problems] == [
        "e.gift:3: 一道题只能有一组 {…} 答案，这里又出现了“{”：两道题之间要空一行。"
        "题目文字里的花括号请写成 \\{ 和 \\}。"
    ]
    escaped, html_question = read.drafts
    assert escaped.stem == "价格 {100} 元: 真的#吗？"
    assert escaped.options == ("是 = 假的", "不是 ~ 也许")
    assert escaped.explanation == "看清{楚}。"
    assert html_question.stem == "第一行\n第二行 & 更多"
    assert html_question.options == ("对", "错")
    assert html_question.explanation == "因为\xa0如此"
    missing_word = read_gift("w.gift", "骗子常用{=共享屏幕 ~官方App ####解析}偷看验证码。")
    assert missing_word.drafts[0].stem == "骗子常用____偷看验证码。"


MOODLE = textwrap.dedent("""\
    // question: 0  name: Switch category to $course$/top/默认/反诈/fake-refund
    $CATEGORY: $course$/top/默认/反诈/fake-refund


    // question: 101  name: 退款电话
    ::退款电话::[html]<p>接到“客服”电话要给你退款，并要验证码，你应该？</p>{
    \t~<p>告诉对方验证码</p>#不对
    \t=挂断电话，自己在App里核实#对
    \t~按对方指示操作
    \t####<p>正规客服<strong>不会</strong>索要验证码。</p>
    }

    // question: 102  name: 写作
    ::写作::[html]谈谈你对反诈的认识。{}

    // question: 103  name: 多选
    ::多选::[html]哪些是诈骗信号？{
    \t~%50%要求共享屏幕
    \t~%50%索要验证码
    \t~%-100%在官方App内查询
    \t####共享屏幕和验证码都是危险信号。
    }

    // question: 104  name: 匹配
    ::匹配::[html]把手法和目的对应起来。{
    \t=共享屏幕 -> 偷看验证码
    \t=安全账户 -> 骗取转账
    }

    // question: 105  name: 报警
    ::报警::报警电话是多少？{#110:0}

    // question: 106  name: 咨询
    ::咨询::反诈咨询电话是？{=96110 =96 110}

    // question: 107  name: 判断
    ::判断::[html]正规客服会让你在借贷平台借款。{FALSE#错#对####正规退款原路退回。}

    // question: 108  name: 说明
    ::说明::[html]<p>以下题目来自真实案例。</p>
    """)


def test_gift_moodle_export_skips_unsupported_questions_with_their_line():
    conversion = converted("moodle.txt", MOODLE.encode("utf-8"))
    assert [q.type for q in conversion.bank.questions] == ["single", "multiple", "true_false"]
    assert [str(s) for s in conversion.skipped] == [
        "moodle.txt:14: 跳过问答题（essay）“写作”：题库只支持单选、多选和判断题。",
        "moodle.txt:25: 跳过匹配题（matching）“匹配”：题库只支持单选、多选和判断题。",
        "moodle.txt:31: 跳过数值题（numerical）“报警”：题库只支持单选、多选和判断题。",
        "moodle.txt:34: 跳过填空题（short answer）“咨询”：题库只支持单选、多选和判断题。",
        "moodle.txt:40: 跳过说明文字（description）“说明”：题库只支持单选、多选和判断题。",
    ]
    assert conversion.bank.questions[0].explanation == "正规客服不会索要验证码。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\n::a::题干 {~甲 ~乙 ####解析}", "x.gift:2: 这道题没有正确答案"),
        ("::a::题干 {~%0%甲 ~%-50%乙 ####解析}", "x.gift:1: 这道题没有正确答案"),
        ("::a::题干 {\n=甲\n~乙\n", "x.gift:1: 这个“{”没有对应的“}”：花括号不配对。"),
        ("::a::题干\n=甲 ~乙}\n", "x.gift:2: 这个“}”前面没有对应的“{”"),
        ("::a::题干 {=甲 {~乙} }", "x.gift:1: 在“}”之前又出现了“{”"),
        ("::a::题干 {=甲 ~乙}", "x.gift:1: 缺少解析：请在答案的最后（“}”之前）加一行“####解析"),
        ("::a::题干 {=甲 =乙 ~丙 ####解析}", "x.gift:1: 有 2 个“=”：单选题只能有一个正确选项"),
        ("::a::题干 {=甲 ~甲 ####解析}", "x.gift:1: 选项 B 与选项 A 重复（“甲”）"),
        ("::a::题干 {=甲 ####解析}\n\n::b:: {~x =y ####z}", "x.gift:1: 跳过"),
        ("::a:: {=甲 ~乙 ####解析}", "x.gift:1: 题干为空"),
        ("::a::题干 {=甲 ~乙 ~丙 ~丁 ~戊 ~己 ~庚 ####解析}", "x.gift:1: 有 7 个选项"),
    ],
)
def test_gift_problems_name_the_line(text, expected):
    read = read_gift("x.gift", text)
    lines = [str(p) for p in read.problems] + [str(s) for s in read.skipped]
    assert any(line.startswith(expected) for line in lines), lines


def test_gift_scam_type_code_from_option_category_or_problem():
    two = "$CATEGORY: 反诈/a\n\n题 {T####解析}\n\n$CATEGORY: 反诈/b\n\n题二 {F####解析}"
    lines = problem_lines(convert_source("c.gift", two.encode()))
    assert lines == [
        "c.gift: 文件中的题目属于多个分类（a、b）：请用 --scam-type 指定题库，"
        "或把文件拆开分别转换。"
    ]
    assert converted("c.gift", two.encode(), code="c").bank.scam_type.code == "c"
    none = "$CATEGORY: $course$/top/Default for 反诈\n\n题 {T####解析}"
    assert "请用 --scam-type 指定" in problem_lines(convert_source("n.gift", none.encode()))[0]
    bad = problem_lines(convert_source("n.gift", none.encode(), code="Fake_Refund"))
    assert "--scam-type 只能用小写字母" in bad[0]


# --- detecting the input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("q.xlsx", xlsx([GOOD_ROW]), "xlsx"),
        ("q.bin", xlsx([GOOD_ROW]), "xlsx"),
        ("q.txt", "::a::题 {T####b}".encode(), "gift"),
        ("q.gift", b"anything", "gift"),
        ("q.txt", b"scam_type:\n  code: a\n", "yaml"),
        ("q.yml", b"", "yaml"),
        ("q.txt", "题 {T####b}".encode("gb18030"), "gift"),
        ("notes.txt", "这只是一段说明文字。".encode(), None),
        ("q.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, None),
        ("q.xlsx", b"not a spreadsheet", None),
        ("q.dat", bytes(range(256)), None),
    ],
)
def test_detect_format(name, data, kind):
    found, why = detect_format(name, data)
    assert found == kind
    assert bool(why) == (kind is None)


def test_neither_xlsx_gift_nor_yaml_is_a_problem():
    lines = problem_lines(convert_source("notes.txt", "只是说明文字。".encode(), code="x"))
    assert lines[0].startswith("notes.txt: 无法识别的文件：内容既不是 Excel 表格，也不是 GIFT")


# --- YAML in and out -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "110",
        "yes",
        "no",
        "2026-01-01",
        "1.10",
        "null",
        "~",
        "a: b",
        "- x",
        "#x",
        "x #y",
        "'q'",
        '"dq"',
        "[x]",
        "true",
        "中文，好",
        "第一行\n第二行",
        "a\u2028b",
        "%x",
        "@x",
    ],
)
def test_scalar_reads_back_as_the_same_text(text):
    assert yaml.safe_load(f"key: {scalar(text)}") == {"key": text}


def test_yaml_writer_quotes_option_texts_and_passes_the_validator():
    question = BankQuestion(
        id="x-001",
        type="multiple",
        difficulty=2,
        stem="多行\n题干: 有冒号",
        options=("110", "yes", "2026-01-01", "a, b"),
        answer=(0, 3),
        explanation="解析 #1",
        dialogue=(("陌生人", "你好, 中奖了"), ("我", "真的？")),
        tags=("a,b", "part-time"),
        audience=("senior", "college"),
        source="《反电信网络诈骗法》",
    )
    bank = BankFile("x.yaml", BankScamType("x", "名", "简介", ("信号",), ("college",)), (question,))
    text = bank_to_yaml(bank)
    loaded = yaml.safe_load(text)
    assert list(loaded["questions"][0]) == [
        "id",
        "type",
        "difficulty",
        "stem",
        "options",
        "answer",
        "explanation",
        "dialogue",
        "tags",
        "audience",
        "source",
    ]
    assert loaded["questions"][0]["options"] == ["110", "yes", "2026-01-01", "a, b"]
    parsed, problems = parse_bank("x.yaml", text.encode())
    assert not problems
    assert parsed.questions[0].content() == question.content()
    assert parsed.scam_type == bank.scam_type


def test_yaml_input_is_validated_and_normalised():
    source = real_bank()
    conversion = converted(str(REAL_BANK), REAL_BANK.read_bytes())
    assert [q.content() for q in conversion.bank.questions] == [
        q.content() for q in source.questions
    ]
    assert conversion.bank.scam_type == source.scam_type
    broken = REAL_BANK.read_text(encoding="utf-8").replace("answer: D", "answer: Z", 1)
    first_d = next(q for q in source.questions if q.type == "single" and q.answer == (3,))
    lines = problem_lines(convert_source("b.yaml", broken.encode()))
    assert f"question {first_d.id}: 答案 Z 没有对应的选项" in lines[0]
    lines = problem_lines(convert_source(str(REAL_BANK), REAL_BANK.read_bytes(), code="other"))
    assert "与 --scam-type other 不同" in lines[0]


# --- round trips ---------------------------------------------------------------------------------


def test_round_trip_yaml_xlsx_yaml_keeps_everything():
    source = real_bank()
    conversion = converted(
        "fr.xlsx", bank_to_xlsx(source), code=source.scam_type.code, existing=source.scam_type
    )
    assert [q.content() for q in conversion.bank.questions] == [
        q.content() for q in source.questions
    ]
    assert conversion.bank.scam_type == source.scam_type


def test_round_trip_yaml_gift_yaml_keeps_the_questions():
    source = real_bank()
    conversion = converted("fr.gift", bank_to_gift(source).encode("utf-8"))
    assert conversion.bank.scam_type.code == source.scam_type.code
    assert not any("难度" in note for note in conversion.notes)
    for before, after in zip(source.questions, conversion.bank.questions, strict=True):
        assert (
            after.id,
            after.type,
            after.options,
            after.answer,
            after.explanation,
            after.difficulty,
        ) == (
            before.id,
            before.type,
            before.options,
            before.answer,
            before.explanation,
            before.difficulty,
        )
        said = [f"{who}：{text}" for who, text in before.dialogue]
        assert after.stem == "\n".join([*said, before.stem])


def test_gift_writer_escapes_and_weights():
    question = BankQuestion(
        id="x-001",
        type="multiple",
        difficulty=1,
        stem="a=b {c} #d ~e: f\\g",
        options=("甲", "乙", "丙"),
        answer=(0, 1, 2),
        explanation="多行\n解析",
    )
    tf = BankQuestion(
        id="x-002",
        type="true_false",
        difficulty=3,
        stem="对吗",
        options=(),
        answer=(1,),
        explanation="不对",
    )
    text = bank_to_gift(BankFile("x.yaml", BankScamType("x", "名", "简介"), (question, tf)))
    assert "::x-001 [难度1]::a\\=b \\{c\\} \\#d \\~e\\: f\\\\g {" in text
    assert "\t~%33.33333%甲" in text and "\t####多行\\n解析" in text
    assert "::x-002 [难度3]::对吗 {FALSE####不对}" in text
    back = read_gift("x.gift", text)
    assert not back.problems
    assert back.drafts[0].stem == question.stem
    assert back.drafts[0].explanation == question.explanation
    assert back.drafts[0].answer == (0, 1, 2)


def test_xlsx_writer_keeps_formula_like_text_as_text():
    question = BankQuestion(
        id="x-001",
        type="single",
        difficulty=2,
        stem="=1+1",
        options=("=2", "110"),
        answer=(0,),
        explanation="e",
    )
    data = bank_to_xlsx(BankFile("x.yaml", BankScamType("x", "n", "s"), (question,)))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [sheet["B2"].value, sheet["C2"].value, sheet["D2"].value] == ["=1+1", "=2", "110"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 50


def test_template_has_header_example_and_explanation_sheet():
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    questions, notes = workbook.worksheets
    assert notes.title == "说明"
    assert [cell.value for cell in questions[1]] == [column.header for column in COLUMNS]
    assert questions.freeze_panes == "A2"
    explained = {row[0] for row in notes.iter_rows(values_only=True)}
    assert {column.header for column in COLUMNS} <= explained
    conversion = converted("t.xlsx", template_xlsx(), code="demo")
    assert [q.id for q in conversion.bank.questions] == ["demo-001"]


# --- the commands --------------------------------------------------------------------------------


def invoke(runner, *args: str):
    return runner.invoke(args=["banks", *args])


def test_cli_convert_xlsx(runner, tmp_path):
    source = tmp_path / "题目.xlsx"
    source.write_bytes(xlsx([GOOD_ROW, row(题型="判断", 选项A="", 选项B="", 答案="对")]))
    out = tmp_path / "bank.yaml"
    result = invoke(
        runner,
        "convert",
        str(source),
        "-o",
        str(out),
        "--scam-type",
        "fake-refund",
        "--name",
        "冒充客服",
        "--summary",
        "冒充客服退款。",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == f"converted: 2 questions -> {out}"
    assert result.stderr == ""
    validated = invoke(runner, "validate", str(out))
    assert validated.exit_code == 0, validated.output
    assert "ok: 1 file(s), 2 question(s)" in validated.output


def test_cli_convert_problems_write_nothing(runner, tmp_path):
    tmp_path = tmp_path / "files"  # the test database lives in tmp_path itself
    tmp_path.mkdir()
    source = tmp_path / "bad.xlsx"
    source.write_bytes(xlsx([GOOD_ROW, row(答案="F"), row(题型="多选", 答案="B")]))
    out = tmp_path / "bank.yaml"
    result = invoke(runner, "convert", str(source), "-o", str(out), "--scam-type", "x")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{source}:3: 答案 F 没有对应的选项：本题只填了 2 个选项（A–B）。",
        f"{source}:4: 多选题至少要有两个正确答案，现在只有“B”；只有一个正确答案请把题型改为 单选。",
        "2 problem(s) found; nothing was written.",
    ]
    assert result.stdout == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_cli_convert_error_leaves_an_existing_output_alone(runner, tmp_path):
    source = tmp_path / "bad.gift"
    source.write_text("::a::题干 {~甲 ~乙 ####解析}", encoding="utf-8")
    out = tmp_path / "bank.yaml"
    out.write_text("keep me", encoding="utf-8")
    result = invoke(runner, "convert", str(source), "-o", str(out), "--scam-type", "x")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{source}:1: 这道题没有正确答案")
    assert out.read_text(encoding="utf-8") == "keep me"


def test_cli_convert_moodle_gift(runner, tmp_path):
    source = tmp_path / "moodle.txt"
    source.write_text(MOODLE, encoding="utf-8")
    out = tmp_path / "bank.yaml"
    result = invoke(
        runner,
        "convert",
        str(source),
        "-o",
        str(out),
        "--name",
        "冒充客服",
        "--summary",
        "冒充客服退款。",
    )
    assert result.exit_code == 0, result.output
    stderr = result.stderr.splitlines()
    assert stderr[0] == f"{source}:14: 跳过问答题（essay）“写作”：题库只支持单选、多选和判断题。"
    assert sum(line.startswith(f"{source}:") for line in stderr) == 5
    assert any(line.startswith("note: 3 道题没有标注难度") for line in stderr)
    assert stderr[-1] == "skipped: 5 unsupported questions"
    assert result.stdout.strip() == f"converted: 3 questions -> {out}"
    bank, problems = parse_bank(str(out), out.read_bytes())
    assert not problems
    assert [q.id for q in bank.questions] == [
        "fake-refund-001",
        "fake-refund-002",
        "fake-refund-003",
    ]


def test_cli_convert_keeps_the_scam_type_of_the_bank_it_replaces(runner, tmp_path):
    out = tmp_path / "fake-refund.yaml"
    out.write_bytes(REAL_BANK.read_bytes())
    source = tmp_path / "new.xlsx"
    source.write_bytes(xlsx([GOOD_ROW]))
    result = invoke(runner, "convert", str(source), "-o", str(out), "--scam-type", "fake-refund")
    assert result.exit_code == 0, result.output
    assert "沿用输出文件中已有的 scam_type" in result.stderr
    bank, _problems = parse_bank(str(out), out.read_bytes())
    assert bank.scam_type == real_bank().scam_type
    assert len(bank.questions) == 1


def test_cli_export_and_convert_back(runner, tmp_path):
    for suffix in ("xlsx", "gift"):
        exported = tmp_path / f"fr.{suffix}"
        result = invoke(runner, "export", str(REAL_BANK), "-o", str(exported))
        assert result.exit_code == 0, result.output
        count = len(real_bank().questions)
        assert result.stdout.strip() == f"exported: {count} questions -> {exported}"
        back = tmp_path / f"from-{suffix}.yaml"
        result = invoke(
            runner,
            "convert",
            str(exported),
            "-o",
            str(back),
            "--scam-type",
            "fake-refund",
            "--name",
            "n",
            "--summary",
            "s",
        )
        assert result.exit_code == 0, result.output
        bank, problems = parse_bank(str(back), back.read_bytes())
        assert not problems
        assert [q.id for q in bank.questions] == [q.id for q in real_bank().questions]


def test_cli_export_invalid_bank_writes_nothing(runner, tmp_path):
    source = tmp_path / "bad.yaml"
    source.write_text(
        "scam_type: {code: x, name: n, summary: s}\nquestions: []\n", encoding="utf-8"
    )
    out = tmp_path / "bad.xlsx"
    result = invoke(runner, "export", str(source), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "1 problem(s) found; nothing was written."
    assert result.stderr.startswith(f"{source}:2: questions 应为题目列表")
    assert not out.exists()


def test_cli_template(runner, tmp_path):
    out = tmp_path / "模板.xlsx"
    result = invoke(runner, "template", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"template: -> {out}"
    assert openpyxl.load_workbook(out).sheetnames == ["题目", "说明"]


@pytest.mark.parametrize(
    "args",
    [
        ("convert", str(REAL_BANK), "-o", "out.xlsx"),
        ("export", str(REAL_BANK), "-o", "out.yaml"),
        ("template", "-o", "out.csv"),
    ],
)
def test_cli_wrong_output_extension_is_a_usage_error(runner, tmp_path, monkeypatch, args):
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert "文件扩展名应为" in result.stderr
    assert list(folder.iterdir()) == []


def test_cli_unreadable_input(runner, tmp_path):
    source = tmp_path / "old.xls"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    out = tmp_path / "out.yaml"
    result = invoke(runner, "convert", str(source), "-o", str(out), "--scam-type", "x")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{source}: 这是旧版 .xls")
    assert not out.exists()


@pytest.mark.parametrize(("text", "explanation"), [
    # the right answer's feedback, when there is no general feedback
    ("::a::题干 {~甲 #不对 =乙 #乙对：正规客服不要验证码 ~丙}", "乙对：正规客服不要验证码"),
    # a multiple-answer question: the feedback of each correct option, in order
    ("::a::题干 {~%50%甲 #甲是信号 ~%-100%乙 #乙不是 ~%50%丙 #丙也是}", "甲是信号 丙也是"),
    # true/false: Moodle's {T#wrong#right}; the right answer's text first, else the only one
    ("::a::判断 {T#答错时看到#答对时看到}", "答对时看到"),
    ("::a::判断 {FALSE#只有一条反馈}", "只有一条反馈"),
    # general feedback still wins
    ("::a::题干 {=乙 #反馈 ~甲 ####总解析}", "总解析"),
])
def test_gift_takes_the_teachers_feedback_as_the_explanation(text, explanation):
    read = read_gift("x.gift", text)
    assert read.problems == []
    assert read.drafts[0].explanation == explanation


def test_gift_without_any_feedback_is_refused_by_its_line():
    read = read_gift("x.gift", "::a::题干 {=甲 #\n ~乙 #乙不对}\n\n::b::判断 {T}")
    assert [str(p).split("：")[0] for p in read.problems] == [
        "x.gift:1: 缺少解析", "x.gift:4: 缺少解析"]
