"""Issue 14 item 5: no text the app writes into a spreadsheet or CSV becomes a live formula."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pandas as pd
import pytest

from quiz import spreadsheets
from quiz.banks.convert.writer import bank_to_xlsx
from quiz.banks.validation import BankFile, BankQuestion, BankScamType
from quiz.reports import workbook
from quiz.reports.frames import Sheet
from tests.contest_world import build, open_contest

ATTACK = '=HYPERLINK("http://x.invalid/","点我")'


@pytest.fixture
def world(make):
    return build(make)


def _upload_roster(client, text: str):
    page = client.post("/rosters/upload", data={
        "file": (io.BytesIO(text.encode("utf-8")), "名单.csv")},
        content_type="multipart/form-data").get_data(as_text=True)
    payload = re.search(r'name="payload"[^>]*value="([^"]+)"', page)
    assert payload, page
    done = client.post("/rosters/confirm", data={"payload": payload.group(1)})
    assert done.status_code == 200, done.get_data(as_text=True)


def test_a_roster_name_that_is_a_formula_is_inert_in_the_class_results(world, login_as, make):
    """The attack: a teacher's roster carries a HYPERLINK formula as a pupil's name; the
    colleague who downloads the results gets text, not a link that runs."""
    client = login_as(world["admin"])
    quoted = ATTACK.replace('"', '""')
    _upload_roster(client, f'学号,姓名,年级,班级,初始密码\nA009,"{quoted}",7,1班,pass-word-9\n')
    contest = open_contest(make, world)

    xlsx = client.get(f"/staff/contests/{contest.id}/results.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    cells = [row[3] for row in sheet.iter_rows(min_row=2) if row[2].value == "A009"]
    assert len(cells) == 1
    cell = cells[0]
    assert cell.value == ATTACK  # the name as typed, so nothing is lost
    assert cell.data_type == "s" and cell.data_type != "f"
    assert cell.quotePrefix  # and Excel keeps it text when someone edits the cell

    data = client.get(f"/staff/contests/{contest.id}/results.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    names = [row[3] for row in rows if row[2] == "A009"]
    assert names == ["'" + ATTACK]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "＝1+1",
                                  "＋1", "－1", "＠SUM(A1)", " =1"])
def test_every_formula_start_is_neutralised(text):
    assert spreadsheets.looks_like_formula(text)
    assert spreadsheets.csv_value(text) == "'" + text


@pytest.mark.parametrize("text", ["张小明", "7年级 1班", "12.5%", "a=b", "", "—"])
def test_ordinary_text_is_left_alone(text):
    assert not spreadsheets.looks_like_formula(text)
    assert spreadsheets.csv_value(text) == text


def test_report_xlsx_and_csv_are_inert():
    frame = pd.DataFrame({"学校": [ATTACK, "-2"], "人数": [3, -2]})
    sheet = Sheet(name="学校汇总", frame=frame, formats={}, totals=False)
    book = openpyxl.load_workbook(io.BytesIO(workbook.to_xlsx([sheet])))
    cell = book.active["A2"]
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (ATTACK, "s", True)
    assert book.active["B3"].value == -2  # numbers stay numbers
    rows = list(csv.reader(io.StringIO(workbook.to_csv(sheet).decode("utf-8-sig"))))
    assert rows[1] == ["'" + ATTACK, "3"] and rows[2] == ["'-2", "-2"]


def test_bank_export_is_inert_and_converts_back_unchanged():
    question = BankQuestion(id="demo-001", type="single", difficulty=1, stem=ATTACK,
                            options=("=1+1", "@A1"), answer=(0,), explanation="+解析")
    bank = BankFile("demo.yaml", BankScamType(code="demo", name="演示", summary="演示"),
                    (question,))
    sheet = openpyxl.load_workbook(io.BytesIO(bank_to_xlsx(bank))).active
    texts = [cell for cell in sheet[2] if isinstance(cell.value, str)
             and spreadsheets.looks_like_formula(cell.value)]
    assert [c.value for c in texts] == [ATTACK, "=1+1", "@A1", "+解析"]
    assert all(c.data_type == "s" and c.quotePrefix for c in texts)
