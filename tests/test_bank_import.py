"""`banks validate` and `banks import`: formats, all-or-nothing, versions and retirement."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Question, QuestionVersion, ScamType

BANK = textwrap.dedent("""\
    scam_type:
      code: order-brushing
      name: 刷单返利类诈骗
      summary: 以兼职刷单为诱饵，骗人不断垫资。
      warning_signs: [要求先垫付资金]
    questions:
      - id: ob-001
        type: single
        difficulty: 1
        stem: 看到“在家刷单，日赚300元”的广告，应该怎么做？
        options: [先交押金试试, 不参与并提醒同学, 拉室友一起做]
        answer: B
        explanation: 刷单本身违法，先返小利再骗大钱是固定套路。
      - id: ob-002
        type: true_false
        difficulty: 1
        stem: 前几单能按时返钱，说明平台可靠。
        answer: false
        explanation: 小额返利是为了骗取信任。
      - id: ob-003
        type: multiple
        difficulty: 2
        stem: 哪些是刷单诈骗的信号？
        options: [要求垫资, 110, yes, 1.10]
        answer: [A, B]
        explanation: 垫资和“卡单”是典型信号。
    """)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_validate_ok(runner, tmp_path):
    path = write(tmp_path, "ob.yaml", BANK)
    result = runner.invoke(args=["banks", "validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "ok: 1 file(s), 3 question(s)" in result.output


def test_import_is_idempotent_and_keeps_option_text(runner, tmp_path, app_ctx):
    path = write(tmp_path, "ob.yaml", BANK)
    first = runner.invoke(args=["banks", "import", str(path)])
    assert first.exit_code == 0, first.output
    assert first.stdout.strip().splitlines()[-1] == (
        "imported: 3 new, 0 changed, 0 unchanged, 0 retired")
    second = runner.invoke(args=["banks", "import", str(path)])
    assert second.stdout.strip().splitlines()[-1] == (
        "imported: 0 new, 0 changed, 3 unchanged, 0 retired")
    assert count(QuestionVersion) == 3
    version = db.session.scalar(select(Question).where(Question.code == "ob-003")).current_version
    assert version.options == ["要求垫资", "110", "yes", "1.10"]
    assert version.answer == [0, 1]
    tf = db.session.scalar(select(Question).where(Question.code == "ob-002")).current_version
    assert tf.answer == [1]


def test_edit_makes_a_new_version_and_missing_question_is_retired(runner, tmp_path, app_ctx):
    path = write(tmp_path, "ob.yaml", BANK)
    runner.invoke(args=["banks", "import", str(path)])
    edited = BANK.replace("前几单能按时返钱，说明平台可靠。", "前几单按时返钱，说明平台一定可靠。")
    edited = edited[:edited.index("  - id: ob-003")]
    write(tmp_path, "ob.yaml", edited)
    result = runner.invoke(args=["banks", "import", str(path)])
    assert result.stdout.strip().splitlines()[-1] == (
        "imported: 0 new, 1 changed, 1 unchanged, 1 retired")
    question = db.session.scalar(select(Question).where(Question.code == "ob-002"))
    assert [v.version for v in question.versions] == [1, 2]
    assert question.current_version.stem == "前几单按时返钱，说明平台一定可靠。"
    assert question.versions[0].stem == "前几单能按时返钱，说明平台可靠。"  # kept forever
    retired = db.session.scalar(select(Question).where(Question.code == "ob-003"))
    assert retired.retired_at is not None  # retired, not deleted
    # Putting it back revives it without a new version.
    write(tmp_path, "ob.yaml", BANK.replace("前几单能按时返钱，说明平台可靠。",
                                            "前几单按时返钱，说明平台一定可靠。"))
    result = runner.invoke(args=["banks", "import", str(path)])
    assert result.stdout.strip().splitlines()[-1] == (
        "imported: 0 new, 1 changed, 2 unchanged, 0 retired")
    assert db.session.get(Question, retired.id).retired_at is None


def test_one_bad_file_imports_nothing(runner, tmp_path, app_ctx):
    good = write(tmp_path, "a.yaml", BANK)
    bad = write(tmp_path, "b.yaml", BANK.replace("order-brushing", "fake-refund")
                .replace("ob-0", "fr-0").replace("answer: B", "anwser: B"))
    result = runner.invoke(args=["banks", "import", str(good), str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.stderr
    assert "question fr-001" in result.stderr
    assert count(ScamType) == 0 and count(Question) == 0


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "空"),
    ("scam_type: [\n", ":"),
    (BANK.replace("answer: B", "answer: E"), "question ob-001"),
])
def test_validate_reports_problems_on_stderr_with_exit_1(runner, tmp_path, text, fragment):
    path = write(tmp_path, "x.yaml", text)
    result = runner.invoke(args=["banks", "validate", str(path)])
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:")
    assert fragment in first


def test_non_utf8_file(runner, tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(BANK.encode("gbk"))
    result = runner.invoke(args=["banks", "validate", str(path)])
    assert result.exit_code == 1
    assert "UTF-8" in result.stderr


def test_shipped_banks_are_valid(runner):
    banks = Path(__file__).resolve().parent.parent / "question_banks"
    result = runner.invoke(args=["banks", "validate", str(banks)])
    assert result.exit_code == 0, result.output
