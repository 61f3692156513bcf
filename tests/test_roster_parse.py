"""Roster parsing: encodings, XLSX, headers, and every row problem with its spreadsheet row."""

from __future__ import annotations

import io

import openpyxl
import pytest

from quiz.rosters.parse import RosterProblem, RosterRow, parse_grade, read_roster

HEADER = "学号,姓名,年级,班级"


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problems_by_row(result) -> dict[int | None, list[str]]:
    found: dict[int | None, list[str]] = {}
    for problem in result.problems:
        found.setdefault(problem.row_number, []).append(problem.message)
    return found


def only_problem(result) -> RosterProblem:
    assert not result.ok
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


# --- reading ---------------------------------------------------------------------------------

ROSTER = f"{HEADER}\n007,张小明,7,2班\n20260002,李小红,初一,3\n"
EXPECTED = (
    RosterRow(2, "007", "张小明", 7, "2班", None),
    RosterRow(3, "20260002", "李小红", 7, "3班", None),
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_excel_writes(encoding):
    result = read_roster("名单.csv", csv_bytes(ROSTER, encoding))
    assert result.problems == ()
    assert result.rows == EXPECTED


def test_utf16_text_from_excel_unicode_save():
    result = read_roster("名单.csv", ROSTER.replace(",", "\t").encode("utf-16"))
    assert result.rows == EXPECTED


def test_xlsx_keeps_text_student_numbers_and_reads_numeric_cells():
    data = xlsx_bytes([
        ["学号", "姓名", "年级", "班级", "初始密码"],
        ["007", "张小明", 7, 2, "abc123"],
        [20260002, "李小红", "七年级", "3班", None],
    ])
    result = read_roster("名单.xlsx", data)
    assert result.problems == ()
    assert result.rows == (
        RosterRow(2, "007", "张小明", 7, "2班", "abc123"),
        RosterRow(3, "20260002", "李小红", 7, "3班", None),
    )


def test_xlsx_row_numbers_count_blank_rows():
    data = xlsx_bytes([
        ["学号", "姓名", "年级", "班级"],
        ["001", "甲", 7, "1班"],
        [None, None, None, None],
        ["002", "乙", 99, "1班"],
    ])
    result = read_roster("名单.xlsx", data)
    assert problems_by_row(result).keys() == {4}


def test_english_headers_any_case_and_spaces_with_password():
    text = " Student_No ,NAME, Grade,CLASS ,Password\n0042,Amy Li,10,1班,secret-1\n"
    result = read_roster("roster.csv", csv_bytes(text))
    assert result.rows == (RosterRow(2, "0042", "Amy Li", 10, "1班", "secret-1"),)


def test_whitespace_stripped_and_blank_rows_skipped_but_counted():
    text = f"{HEADER}\n  007 , 张小明 , 7 , 2班 \n\n,,,\n008,李小红,7,2班\n"
    result = read_roster("a.csv", csv_bytes(text))
    assert [(r.row_number, r.student_no, r.name) for r in result.rows] == [
        (2, "007", "张小明"), (5, "008", "李小红")]


def test_crlf_line_endings_and_full_width_digits():
    text = f"{HEADER}\r\n００７,张小明,７年级,２\r\n"
    result = read_roster("a.csv", csv_bytes(text, "gbk"))
    assert result.rows == (RosterRow(2, "007", "张小明", 7, "2班", None),)


@pytest.mark.parametrize(("text", "grade"), [
    ("1", 1), ("07", 7), ("12", 12), ("7年级", 7), ("七年级", 7), ("一年级", 1),
    ("六年级", 6), ("十二年级", 12), ("初一", 7), ("初二", 8), ("初三", 9), ("高一", 10),
    ("高二", 11), ("高三", 12), ("0", None), ("13", None), ("初四", None), ("大一", None),
    ("7.5", None), ("七", None), ("", None),
])
def test_grade_forms(text, grade):
    assert parse_grade(text) == grade


@pytest.mark.parametrize(("raw", "normalised"), [
    ("2", "2班"), ("02", "2班"), ("2班", "2班"), ("7年级2班", "2班"), ("初一 2班", "2班"),
    ("实验班", "实验班"),
])
def test_class_names_are_normalised(raw, normalised):
    result = read_roster("a.csv", csv_bytes(f"{HEADER}\n001,甲,7,{raw}\n"))
    assert result.rows[0].class_name == normalised


# --- row problems ------------------------------------------------------------------------------


def test_every_problem_of_every_row_with_row_numbers_and_nothing_imported():
    text = "\n".join([
        HEADER + ",初始密码",
        "001,甲,7,1班,",             # 2: fine
        ",乙,7,1班,",                # 3: missing 学号
        "003,,,,",                   # 4: missing 姓名, 年级, 班级
        "001,丁,7,1班,",             # 5: duplicate of row 2
        "005,戊,十三年级,1班,",       # 6: bad grade
        "00 6,己,7,1班,",            # 7: bad characters
        "0" * 33 + ",庚,7,1班,",     # 8: too long
        "008," + "名" * 51 + ",7,1班,",  # 9: name too long
        "009,壬,7,1班,12345",        # 10: password too short
        "010,癸,7,1班," + "p" * 65,  # 11: password too long
        "011,子,7," + "班" * 51 + ",",   # 12: class too long
        "012,丑,8,7年级1班,",         # 13: class and grade disagree
    ]) + "\n"
    result = read_roster("a.csv", csv_bytes(text))
    assert not result.ok
    # Rows that passed their own checks are kept for the importer's checks; the duplicate's
    # first row (2) is kept, and nothing is imported while any problem exists.
    assert [row.row_number for row in result.rows] == [2]
    found = problems_by_row(result)
    assert sorted(found) == list(range(3, 14))
    assert found[3] == ["缺少学号。"]
    assert found[4] == ["缺少姓名。", "缺少年级。", "缺少班级。"]
    assert found[5] == ["学号 001 与第 2 行重复。"]
    assert "年级「十三年级」无法识别" in found[6][0]
    assert found[7] == ["学号「00 6」只能包含数字、字母和短横线。"]
    assert found[8] == ["学号不能超过 32 个字符。"]
    assert found[9] == ["姓名不能超过 50 个字。"]
    assert found[10] == found[11] == ["初始密码应为 6 到 64 位。"]
    assert found[12] == ["班级名称不能超过 50 个字。"]
    assert found[13] == ["班级「7年级1班」与年级 8 不一致。"]


def test_problem_text_names_row_and_column():
    result = read_roster("a.csv", csv_bytes("student_no,name,grade,class\n,甲,7,1\n"))
    problem = only_problem(result)
    assert (problem.row_number, problem.column) == (2, "student_no")
    assert str(problem) == "第 2 行：缺少学号。"


def test_duplicates_name_the_first_row_each_time():
    text = f"{HEADER}\n001,甲,7,1\n002,乙,7,1\n001,丙,7,1\n001,丁,7,1\n"
    found = problems_by_row(read_roster("a.csv", csv_bytes(text)))
    assert found == {4: ["学号 001 与第 2 行重复。"], 5: ["学号 001 与第 2 行重复。"]}


# --- file problems -----------------------------------------------------------------------------


def test_unknown_column_is_named_with_the_accepted_ones():
    result = read_roster("a.csv", csv_bytes(f"{HEADER},电话\n001,甲,7,1,13800000000\n"))
    problem = only_problem(result)
    assert problem.row_number is None and problem.column == "电话"
    assert "不认识的列「电话」" in problem.message
    for accepted in ("学号", "姓名", "年级", "班级", "初始密码", "student_no", "password"):
        assert accepted in problem.message
    assert str(problem) == problem.message


def test_missing_required_column():
    problem = only_problem(read_roster("a.csv", csv_bytes("学号,姓名,班级\n001,甲,1班\n")))
    assert problem.message == "缺少「年级」列（也可写作 grade）。"


def test_same_column_twice():
    problem = only_problem(read_roster("a.csv", csv_bytes(f"{HEADER},student_no\n1,甲,7,1,1\n")))
    assert "「student_no」列出现了不止一次" in problem.message


def test_values_under_a_column_without_header():
    problem = only_problem(read_roster("a.csv", csv_bytes(f"{HEADER}\n001,甲,7,1,多余\n")))
    assert problem.message.startswith("E 列有内容，但没有列名")


def test_trailing_empty_columns_excel_adds_are_fine():
    result = read_roster("a.csv", csv_bytes(f"{HEADER},,\n001,甲,7,1,,\n"))
    assert result.problems == () and len(result.rows) == 1


def test_file_level_problems_come_before_row_problems():
    result = read_roster("a.csv", csv_bytes(f"{HEADER},备注\n,甲,7,1,x\n"))
    assert [p.row_number for p in result.problems] == [None, 2]


def test_data_without_a_header_row():
    problem = only_problem(read_roster("a.csv", csv_bytes("001,甲,7,1班\n")))
    assert problem.message.startswith("第 1 行应是表头")


@pytest.mark.parametrize("data", [b"", b"   \r\n\n", "\ufeff".encode()])
def test_empty_file(data):
    assert only_problem(read_roster("a.csv", data)).message == "文件是空的。"


def test_header_without_data():
    problem = only_problem(read_roster("a.csv", csv_bytes(f"{HEADER}\n\n,,,\n")))
    assert problem.message == "文件中没有学生数据，只有表头。"


def test_empty_xlsx():
    assert only_problem(read_roster("a.xlsx", xlsx_bytes([]))).message == "文件是空的。"


def test_garbage_bytes_are_one_clear_problem():
    problem = only_problem(read_roster("a.csv", bytes(range(256)) * 4))
    assert "无法读取文件" in problem.message


def test_a_text_file_named_xlsx():
    problem = only_problem(read_roster("名单.xlsx", csv_bytes(ROSTER)))
    assert "不是 Excel 文件" in problem.message


def test_a_corrupt_xlsx():
    data = xlsx_bytes([["学号", "姓名", "年级", "班级"], ["1", "甲", 7, "1班"]])
    problem = only_problem(read_roster("名单.xlsx", data[: len(data) // 2]))
    assert "无法读取 Excel 文件" in problem.message


def test_a_zip_that_is_not_a_workbook():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    problem = only_problem(read_roster("名单.xlsx", buffer.getvalue()))
    assert "无法读取 Excel 文件" in problem.message


def test_old_xls_is_refused_with_advice():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert "旧版 .xls" in only_problem(read_roster("名单.xls", data)).message


def test_other_file_types_are_refused():
    assert "只能导入 .csv 或 .xlsx" in only_problem(
        read_roster("名单.txt", csv_bytes(ROSTER))).message


def test_an_xlsx_saved_with_a_csv_name_is_still_read():
    data = xlsx_bytes([["学号", "姓名", "年级", "班级"], ["001", "甲", 7, "1班"]])
    assert read_roster("名单.csv", data).rows == (RosterRow(2, "001", "甲", 7, "1班", None),)


def test_quoted_fields_with_commas():
    text = f'{HEADER}\n001,"欧阳,娜娜",7,1班\n'
    result = read_roster("a.csv", csv_bytes(text))
    assert result.rows[0].name == "欧阳,娜娜"


def test_too_many_lines(monkeypatch):
    monkeypatch.setattr("quiz.rosters.parse.MAX_LINES", 3)
    text = f"{HEADER}\n" + "".join(f"00{i},甲,7,1\n" for i in range(3))
    assert "文件超过 3 行" in only_problem(read_roster("a.csv", csv_bytes(text))).message
    data = xlsx_bytes([["学号", "姓名", "年级", "班级"],
                       *[[f"00{i}", "甲", 7, 1] for i in range(3)]])
    assert "文件超过 3 行" in only_problem(read_roster("a.xlsx", data)).message
    assert read_roster("a.csv", csv_bytes(f"{HEADER}\n001,甲,7,1\n002,乙,7,1\n")).ok
