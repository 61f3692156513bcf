"""Issue 14 item 6: uploads that tie up a server. Each test is the attack file and its refusal:
fast, with a bounded amount of memory, a Chinese message naming the limit, nothing imported."""

from __future__ import annotations

import io
import random
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from quiz import upload_limits
from quiz.banks.convert import convert_source, detect_format, looks_like_gift
from quiz.banks.convert.gift import clean
from quiz.extensions import db
from quiz.models import Question, Student
from quiz.rosters.importer import check_roster
from quiz.rosters.parse import read_roster
from tests.contest_world import people

MIB = 1024 * 1024
NEWLINES = b"\n" * (8 * MIB)


@pytest.fixture
def world(make):
    return people(make)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def timed(call, *args, **kwargs):
    started = time.perf_counter()
    result = call(*args, **kwargs)
    return result, time.perf_counter() - started


def xlsx(sheet_xml: bytes, *, shared: bytes | None = None,
         compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal workbook around one worksheet's XML, as a hostile tool would write it."""
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            b'.org/package/2006/content-types"><Default Extension="rels" ContentType="applicati'
            b'on/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Conte'
            b'ntType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="appl'
            b'ication/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Overrid'
            b'e PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformat'
            b's-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
            b'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
            b'emas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
            b'"xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlform'
            b'ats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/offic'
            b'eDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
            b'</sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
            b'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
            b'emas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="work'
            b'sheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sheet(rows: list[bytes], dimension: str | None = None) -> bytes:
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlforma'
            b'ts.org/spreadsheetml/2006/main">')
    if dimension:
        head += f'<dimension ref="{dimension}"/>'.encode()
    return head + b"<sheetData>" + b"".join(rows) + b"</sheetData></worksheet>"


def bomb(cells: int, per_row: int = 20) -> bytes:
    """Numeric cells without positions (the format allows it), which compress to almost
    nothing: two million of them make a file of well under a hundred kilobytes."""
    row = b"<row>" + b"<c><v>1</v></c>" * per_row + b"</row>"
    return xlsx(sheet([row] * (cells // per_row)))


def roster_sheet_rows(count_: int, *, random_values: bool = False) -> list[bytes]:
    chooser = random.Random(7)
    rows = []
    for r in range(1, count_ + 1):
        value = chooser.randrange(10**9) if random_values else r
        rows.append(f'<row r="{r}"><c r="A{r}"><v>{value}</v></c><c r="B{r}"><v>{value}</v>'
                    f'</c><c r="C{r}"><v>7</v></c><c r="D{r}"><v>{value % 97}</v></c>'
                    f'</row>'.encode())
    return rows


# --- GIFT detection in linear time ------------------------------------------------------------


@pytest.mark.parametrize("name", ["题目.txt", "题目.gift", "题目"])
def test_eight_mebibytes_of_newlines_are_refused_in_well_under_a_second(name):
    """The attack: the detection regex (`^\\s*…` under MULTILINE) rescanned every blank line
    from every line start, so 48 kB of newlines took 13 s and 8 MiB would take hours."""
    conversion, seconds = timed(convert_source, name, NEWLINES, code="demo")
    assert conversion.bank is None and conversion.problems
    assert seconds < 0.8, seconds


def test_the_detector_is_linear_on_other_worst_cases():
    for text in [" \n" * (4 * MIB), "\t" * (8 * MIB), "{" * (8 * MIB), "::" * (4 * MIB),
                 "x::" * (2 * MIB), "\\{" * (4 * MIB), "<" * (8 * MIB)]:
        _found, seconds = timed(looks_like_gift, text)
        assert seconds < 0.5, (text[:3], seconds)
    text, seconds = timed(clean, "<" * MIB + "<b>x</b>", True)
    assert text == "<" * MIB + "x" and seconds < 0.5, seconds  # no rescan of a run of "<"


def test_the_detector_still_tells_gift_from_yaml_and_from_other_text():
    assert detect_format("a.txt", b"// a\n::q1::Q {=a ~b}\n")[0] == "gift"
    assert detect_format("a.txt", "  $CATEGORY: 反诈/demo\n".encode())[0] == "gift"
    assert detect_format("a.txt", b"Q {\n=a\n~b\n}\n")[0] == "gift"
    assert detect_format("a.txt", b"scam_type:\n  code: demo\nquestions: []\n")[0] == "yaml"
    assert detect_format("a.txt", b"a \\{ b \\} c")[0] is None
    assert detect_format("a.txt", b"just a note")[0] is None


def test_a_newline_file_uploaded_as_a_bank_is_refused_quickly(world, login_as):
    client = login_as(world["teacher"])
    data = NEWLINES[: 8 * MIB - 4096]  # under MAX_CONTENT_LENGTH with the form around it
    response, seconds = timed(client.post, "/banks/upload", data={
        "file": (io.BytesIO(data), "题目.gift"), "code": "sa-x", "name": "x", "summary": "x"},
        content_type="multipart/form-data")
    assert response.status_code == 200 and seconds < 3, seconds
    assert "文件里没有可以转换的题目" in response.get_data(as_text=True)
    assert count(Question) == 0


def test_a_file_over_the_request_limit_gets_the_limit_in_chinese(world, login_as):
    client = login_as(world["teacher"])
    response = client.post("/banks/upload", data={
        "file": (io.BytesIO(NEWLINES + b"\n"), "题目.gift"), "code": "sa-x"},
        content_type="multipart/form-data")
    assert response.status_code == 413
    assert "文件太大：一次上传不能超过 8 MiB" in response.get_data(as_text=True)


# --- XLSX bombs -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_million_cells() -> bytes:
    data = bomb(2_000_000)
    assert len(data) < 200 * 1024  # the was 78 KiB
    return data


def test_a_small_xlsx_of_two_million_cells_is_refused_before_it_is_loaded(two_million_cells):
    """The attack: 78 KiB that unpack to 2 million cells took 726 MiB and 12 s in the bank
    converter and 242 MiB in the roster import."""
    for reader in (lambda: convert_source("题.xlsx", two_million_cells, code="demo").problems,
                   lambda: read_roster("名单.xlsx", two_million_cells).problems):
        tracemalloc.start()
        problems, seconds = timed(reader)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        message = str(problems[0])
        assert "文件太大" in message and "上限" in message, message
        assert seconds < 2, seconds
        assert peak < 40 * MIB, peak


def test_the_web_upload_of_the_bomb_is_refused_and_imports_nothing(world, login_as,
                                                                   two_million_cells):
    client = login_as(world["admin"])
    roster = client.post("/rosters/upload", data={
        "file": (io.BytesIO(two_million_cells), "名单.xlsx")}, content_type="multipart/form-data")
    assert "文件太大" in roster.get_data(as_text=True)
    bank = client.post("/banks/upload", data={
        "file": (io.BytesIO(two_million_cells), "题.xlsx"), "code": "sa-x", "name": "x",
        "summary": "x"}, content_type="multipart/form-data")
    assert "文件太大" in bank.get_data(as_text=True)
    assert 'name="payload"' not in roster.get_data(as_text=True) + bank.get_data(as_text=True)
    assert (count(Student), count(Question)) == (4, 0)


def test_a_sheet_with_too_many_cells_is_refused_even_when_it_barely_compresses():
    """Random values keep the ratio low; the stream count of cells still refuses it."""
    data = xlsx(sheet(roster_sheet_rows(50_001, random_values=True)))
    archive = zipfile.ZipFile(io.BytesIO(data))
    member = archive.getinfo("xl/worksheets/sheet1.xml")
    assert member.file_size < 10 * member.compress_size  # no ratio alarm
    problems, seconds = timed(lambda: read_roster("名单.xlsx", data).problems)
    assert "文件太大：表格超过 200,000 个单元格的上限" in str(problems[0]), problems
    assert seconds < 3, seconds


def test_content_past_the_last_allowed_column_is_refused():
    """One cell at XFD would make every row sixteen thousand cells wide."""
    rows = [b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c>'
            b'<c r="XFD1"><v>1</v></c></row>']
    problems = read_roster("名单.xlsx", xlsx(sheet(rows))).problems
    assert "第 64 列之后还有内容（XFD 列）" in str(problems[0])
    conversion = convert_source("题.xlsx", xlsx(sheet(rows)), code="demo")
    assert "第 64 列之后还有内容" in str(conversion.problems[0])


def test_a_sheet_that_lies_about_its_size_is_read_as_it_is(world):
    """A stored size of A1:XFD1048576 used to pad every row to the claimed width."""
    rows = [('<row r="1"><c r="A1" t="inlineStr"><is><t>学号</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>姓名</t></is></c>'
             '<c r="C1" t="inlineStr"><is><t>年级</t></is></c>'
             '<c r="D1" t="inlineStr"><is><t>班级</t></is></c></row>').encode(),
            ('<row r="2"><c r="A2"><v>900</v></c><c r="B2" t="inlineStr"><is><t>新生</t></is>'
             '</c><c r="C2"><v>7</v></c><c r="D2"><v>1</v></c></row>').encode()]
    data = xlsx(sheet(rows, dimension="A1:XFD1048576"))
    result, seconds = timed(read_roster, "名单.xlsx", data)
    assert result.problems == () and seconds < 1
    assert [(r.student_no, r.name, r.grade, r.class_name) for r in result.rows] == [
        ("900", "新生", 7, "1班")]


def test_a_zip_whose_members_unpack_too_far_is_refused():
    data = xlsx(sheet([]) + b" " * (40 * MIB))
    problems = read_roster("名单.xlsx", data).problems
    assert "文件太大：Excel 文件" in str(problems[0]) and "上限" in str(problems[0])


def test_a_wide_csv_line_is_refused():
    data = ("学号,姓名,年级,班级\n" + "," * (4 * MIB) + "\n").encode()
    problems, seconds = timed(lambda: read_roster("名单.csv", data).problems)
    assert "文件太大：第 2 行有" in str(problems[0]) and "上限是 64 列" in str(problems[0])
    assert seconds < 0.5


# --- the time limit ---------------------------------------------------------------------------


def test_an_import_that_runs_out_of_time_is_refused_whole(world):
    lines = "\n".join(f"9{n:04d},学生{n},7,1班," for n in range(600))
    data = ("学号,姓名,年级,班级,初始密码\n" + lines + "\n").encode()
    with upload_limits.time_limit(0):
        plan, problems = check_roster(world["school_a"], "名单.csv", data, None)
    assert plan is None
    assert "处理超时" in str(problems[0]) and "0 秒" in str(problems[0])
    assert count(Student) == 4
    plan, problems = check_roster(world["school_a"], "名单.csv", data, None)
    assert problems == [] and len(plan.rows) == 600  # the same file with time to spare


def test_the_converter_runs_out_of_time_with_a_message():
    book = openpyxl.Workbook()
    book.active.append(["题型", "题目", "选项A", "选项B", "答案", "解析", "难度"])
    for n in range(600):
        book.active.append(["单选", f"题{n}", "甲", "乙", "A", "因为", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    with upload_limits.time_limit(0):
        conversion = convert_source("题.xlsx", buffer.getvalue(), code="demo")
    assert conversion.bank is None and "处理超时" in str(conversion.problems[0])
