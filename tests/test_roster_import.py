"""Roster import against the database: plan, apply, permissions, the CLI and the web pages."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quiz.extensions import db
from quiz.models import Role, SchoolClass, Student
from quiz.rosters.importer import ImportRefused, RowStatus, apply_import, plan_import
from quiz.rosters.parse import read_roster
from tests.factories import DEFAULT_PASSWORD

HEADER = "学号,姓名,年级,班级,初始密码"


def rows_of(*lines: str):
    result = read_roster("名单.csv", ("\n".join([HEADER, *lines]) + "\n").encode("utf-8"))
    assert result.problems == (), result.problems
    return result.rows


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def student(number: str, school) -> Student | None:
    return db.session.scalar(select(Student).where(Student.school_id == school.id,
                                                   Student.student_no == number))


@pytest.fixture
def world(make):
    """School A: classes 7年级 1班 (taught by teacher) and 2班, three students; school B."""
    school_a = make.school("SA", name="甲中学")
    school_b = make.school("SB", name="乙中学")
    class1 = make.school_class(school_a, grade=7, name="1班")
    class2 = make.school_class(school_a, grade=7, name="2班")
    class_b = make.school_class(school_b, grade=7, name="1班")
    return {
        "school_a": school_a, "school_b": school_b,
        "class1": class1, "class2": class2, "class_b": class_b,
        "s001": make.student(class1, student_no="001", name="甲"),
        "s002": make.student(class1, student_no="002", name="乙"),
        "s201": make.student(class2, student_no="201", name="丙"),
        "admin": make.staff(Role.SCHOOL_ADMIN, school=school_a),
        "teacher": make.staff(Role.TEACHER, school=school_a, classes=[class1]),
        "teacher_b": make.staff(Role.TEACHER, school=school_b, classes=[class_b]),
        "bureau": make.staff(Role.BUREAU_ADMIN),
    }


# --- plan and apply ----------------------------------------------------------------------------

MIXED = (
    f"001,甲,7,1班,{DEFAULT_PASSWORD}",  # same name, class and password: unchanged
    "002,乙乙,7,1班,",                   # renamed
    "201,丙,7,1,new-pass-1",             # new password
    "003,丁,七年级,1班,",                 # new, generated password
    "004,戊,初一,1,given-pw-4",           # new, given password
)


def test_plan_sorts_rows_into_new_changed_unchanged(world):
    plan = plan_import(world["school_a"], rows_of(*MIXED), actor=None)
    assert plan.ok
    assert [p.status for p in plan.rows] == [
        RowStatus.UNCHANGED, RowStatus.CHANGED, RowStatus.CHANGED, RowStatus.NEW, RowStatus.NEW]
    assert [c.field for c in plan.rows[1].changes] == ["name"]
    assert [(c.field, c.old, c.new) for c in plan.rows[2].changes] == [
        ("class", "7年级 2班", "7年级 1班"), ("password", "", "")]
    assert plan.new_classes == []


def test_plan_writes_nothing(world):
    before = count(Student)
    plan_import(world["school_a"], rows_of(*MIXED), actor=None)
    db.session.rollback()
    assert count(Student) == before
    assert student("002", world["school_a"]).name == "乙"


def test_apply_writes_everything_and_returns_generated_passwords(world):
    school = world["school_a"]
    plan = plan_import(school, rows_of(*MIXED), actor=None)
    result = apply_import(plan)
    assert (result.new, result.changed, result.unchanged) == (2, 2, 1)
    assert [(p.student_no, p.name, p.class_label) for p in result.passwords] == [
        ("003", "丁", "7年级 1班")]
    assert result.password_classes == [(world["class1"].id, "7年级 1班")]
    db.session.expire_all()
    assert student("003", school).check_password(result.passwords[0].password)
    assert student("004", school).check_password("given-pw-4")
    assert student("002", school).name == "乙乙"
    moved = student("201", school)
    assert moved.school_class.label == "7年级 1班" and moved.check_password("new-pass-1")


def test_reimporting_the_same_file_changes_nothing(world):
    school = world["school_a"]
    apply_import(plan_import(school, rows_of(*MIXED), actor=None))
    hashes = dict(db.session.execute(select(Student.student_no, Student.password_hash)).all())
    plan = plan_import(school, rows_of(*MIXED), actor=None)
    assert {p.status for p in plan.rows} == {RowStatus.UNCHANGED}
    result = apply_import(plan)
    assert (result.new, result.changed, result.unchanged, result.passwords) == (0, 0, 5, ())
    db.session.expire_all()
    assert dict(db.session.execute(
        select(Student.student_no, Student.password_hash)).all()) == hashes


def test_students_not_in_the_file_are_left_alone(world):
    apply_import(plan_import(world["school_a"], rows_of("003,丁,7,1班,"), actor=None))
    assert student("201", world["school_a"]).name == "丙"
    assert count(Student) == 4


def test_a_plan_with_problems_is_refused(world):
    plan = plan_import(world["school_a"], rows_of("009,新,7,3班,"), actor=world["teacher"])
    assert not plan.ok
    with pytest.raises(ImportRefused):
        apply_import(plan)


def test_apply_is_one_transaction(world, make):
    school = world["school_a"]
    before = count(Student)
    plan = plan_import(school, rows_of("003,丁,7,1班,", "004,戊,7,3班,", "005,己,7,1班,"),
                       actor=None)
    make.student(world["class2"], student_no="005")  # someone else got there first
    with pytest.raises(IntegrityError):
        apply_import(plan)
    assert count(Student) == before + 1
    assert student("003", school) is None
    assert count(SchoolClass) == 3  # 3班 was not created either


def test_same_number_in_another_school_is_a_new_student(world):
    plan = plan_import(world["school_b"], rows_of("001,别人,7,1班,"), actor=None)
    assert [p.status for p in plan.rows] == [RowStatus.NEW]


# --- permissions -------------------------------------------------------------------------------


def test_school_admin_may_create_classes(world):
    school = world["school_a"]
    plan = plan_import(school, rows_of("801,新生,八年级,3,", "802,新生二,8,3班,",
                                       "901,新生三,初三,1班,"), actor=world["admin"])
    assert plan.ok
    assert plan.new_classes == [(8, "3班"), (9, "1班")]
    result = apply_import(plan)
    assert result.created_classes == ("8年级 3班", "9年级 1班")
    assert student("802", school).school_class.label == "8年级 3班"
    assert count(SchoolClass) == 5


def test_teacher_imports_only_into_their_own_classes(world):
    rows = rows_of("003,丁,7,1班,", "004,戊,7,2班,", "005,己,7,9班,", "201,丙,7,1班,")
    plan = plan_import(world["school_a"], rows, actor=world["teacher"])
    assert [(p.row_number, p.message) for p in plan.problems] == [
        (3, "你不是 7年级 2班 的任课教师，不能导入该班学生。"),
        (4, "班级 7年级 9班 还不存在，只有学校管理员可以新建班级。"),
        (5, "学号 201 是 7年级 2班 的学生，你不是该班的任课教师，不能修改。"),
    ]
    assert plan.new_classes == []


def test_teacher_imports_their_class(world):
    plan = plan_import(world["school_a"], rows_of("003,丁,7,1班,", "001,甲,7,1班,"),
                       actor=world["teacher"])
    assert plan.ok
    assert apply_import(plan).new == 1


def test_teacher_of_school_b_cannot_import_into_school_a(world):
    plan = plan_import(world["school_a"], rows_of("003,丁,7,1班,"), actor=world["teacher_b"])
    assert [str(p) for p in plan.problems] == ["你没有权限向「甲中学」导入学生。"]
    assert plan.rows == []


def test_school_admin_of_another_school_cannot_import(world, make):
    admin_b = make.staff(Role.SCHOOL_ADMIN, school=world["school_b"])
    assert not plan_import(world["school_a"], rows_of("003,丁,7,1班,"), actor=admin_b).ok


def test_a_student_cannot_import(world):
    assert not plan_import(world["school_a"], rows_of("003,丁,7,1班,"),
                           actor=world["s001"]).ok


# --- command line ------------------------------------------------------------------------------


def write(tmp_path, text: str, name: str = "名单.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_cli_imports_and_reports_counts(world, runner, tmp_path):
    path = write(tmp_path, "\n".join([HEADER, *MIXED, "801,新生,8,1,"]) + "\n", encoding="gbk")
    result = runner.invoke(args=["roster", "import", path, "--school", "sa"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "roster: 3 new, 2 changed, 1 unchanged"
    assert "created class 8年级 1班" in lines
    slips = [line for line in lines if "/slips" in line]
    assert len(slips) == 2 and all(re.search(r"/admin/classes/\d+/slips$", s) for s in slips)
    again = runner.invoke(args=["roster", "import", path, "--school", "SA"])
    assert again.stdout.strip().splitlines() == ["roster: 0 new, 0 changed, 6 unchanged"]


def test_cli_problems_go_to_stderr_and_nothing_is_written(world, runner, tmp_path):
    path = write(tmp_path, "\n".join([HEADER, "003,丁,7,1班,", ",无学号,7,1班,",
                                      "005,己,15,1班,"]) + "\n")
    before = count(Student)
    result = runner.invoke(args=["roster", "import", path, "--school", "SA"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{path}: 第 3 行：缺少学号。" in lines
    assert any(line.startswith(f"{path}: 第 4 行：年级「15」无法识别") for line in lines)
    assert "nothing was imported" in lines[-1]
    assert result.stdout == ""
    assert count(Student) == before


def test_cli_unreadable_file(world, runner, tmp_path):
    path = write(tmp_path, "学号,姓名\n", name="名单.xlsx")
    result = runner.invoke(args=["roster", "import", path, "--school", "SA"])
    assert result.exit_code == 1
    assert "不是 Excel 文件" in result.stderr


def test_cli_unknown_school(world, runner, tmp_path):
    path = write(tmp_path, "\n".join([HEADER, "003,丁,7,1班,"]) + "\n")
    result = runner.invoke(args=["roster", "import", path, "--school", "NOPE"])
    assert result.exit_code == 1
    assert "no school with code 'NOPE'" in result.stderr
    assert count(Student) == 3


def test_cli_large_file_with_progress(world, runner, tmp_path):
    lines = [f"{3000 + i},学生{i},7,1班,pw-{i:05d}" for i in range(60)]
    path = write(tmp_path, "\n".join([HEADER, *lines]) + "\n")
    result = runner.invoke(args=["roster", "import", path, "--school", "SA"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "roster: 60 new, 0 changed, 0 unchanged"
    assert "slips" not in result.stdout  # every password was given
    assert count(Student) == 63


# --- web pages ---------------------------------------------------------------------------------


def upload(client, text: str, name: str = "名单.csv", **data):
    data["file"] = (io.BytesIO(text.encode("utf-8")), name)
    return client.post("/rosters/upload", data=data, content_type="multipart/form-data")


def payload_of(page: str) -> str:
    match = re.search(r'name="payload"[^>]*value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def test_upload_preview_confirm(world, login_as):
    client = login_as(world["admin"])
    assert "导入学生名单" in client.get("/rosters/upload").get_data(as_text=True)
    before = count(Student)
    preview = upload(client, "\n".join([HEADER, *MIXED, "801,新生,8,1,"]))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert page.count('<span class="badge new">新增</span>') == 3
    assert page.count('<span class="badge changed">修改</span>') == 2
    assert "将新建班级：8年级 1班" in page
    assert "姓名：乙 → 乙乙" in page
    db.session.expire_all()
    assert count(Student) == before  # a preview writes nothing

    done = client.post("/rosters/confirm", data={"payload": payload_of(page)})
    page = done.get_data(as_text=True)
    assert done.status_code == 200
    assert "新增 3 名学生，修改 2 名，1 名不变" in page
    assert page.count('class="slip"') == 2
    assert f"/admin/classes/{world['class1'].id}/slips" in page
    db.session.expire_all()
    assert count(Student) == before + 3
    generated = re.findall(r"初始密码 <strong>([^<]+)</strong>", page)
    assert len(generated) == 2 and all(len(p) == 8 for p in generated)
    assert done.headers["Cache-Control"] == "no-store"  # the page shows passwords


def test_upload_with_problems_lists_them_and_imports_nothing(world, login_as):
    client = login_as(world["admin"])
    page = upload(client, "\n".join([HEADER, "003,丁,7,1班,", "003,戊,7,1班,"])).get_data(
        as_text=True)
    assert "名单中有 1 个问题，没有导入任何学生" in page
    assert ('<td class="key">3</td><td class="key">学号</td>'
            '<td>学号 003 与第 2 行重复。</td>') in page
    assert 'name="payload"' not in page
    assert count(Student) == 3


def test_upload_form_errors_are_friendly(world, login_as):
    client = login_as(world["admin"])
    page = client.post("/rosters/upload", data={}, content_type="multipart/form-data")
    assert "请选择要导入的名单文件。" in page.get_data(as_text=True)
    page = upload(client, "x", name="名单.pdf").get_data(as_text=True)
    assert "只能上传 .csv 或 .xlsx 文件。" in page


def test_garbage_upload_is_a_problem_not_an_error(world, login_as):
    client = login_as(world["admin"])
    response = client.post("/rosters/upload", data={
        "file": (io.BytesIO(bytes(range(256))), "名单.csv")}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "无法读取文件" in response.get_data(as_text=True)


def test_teacher_sees_row_problems_for_classes_they_do_not_teach(world, login_as):
    client = login_as(world["teacher"])
    page = upload(client, "\n".join([HEADER, "003,丁,7,1班,", "004,戊,7,2班,"])).get_data(
        as_text=True)
    assert "你不是 7年级 2班 的任课教师，不能导入该班学生。" in page
    assert count(Student) == 3


def test_teacher_of_school_b_imports_into_school_b_only(world, login_as):
    client = login_as(world["teacher_b"])
    page = upload(client, "\n".join([HEADER, "003,丁,7,1班,"])).get_data(as_text=True)
    assert "乙中学" in page
    client.post("/rosters/confirm", data={"payload": payload_of(page)})
    db.session.expire_all()
    assert student("003", world["school_b"]) is not None
    assert student("003", world["school_a"]) is None


def test_a_payload_only_works_for_the_user_who_previewed_it(world, client, login_as):
    login_as(world["admin"])
    payload = payload_of(upload(client, "\n".join([HEADER, "003,丁,7,1班,"])).get_data(
        as_text=True))
    login_as(world["teacher_b"])
    response = client.post("/rosters/confirm", data={"payload": payload})
    assert response.status_code == 302
    assert student("003", world["school_a"]) is None


def test_a_tampered_payload_is_refused(world, login_as):
    client = login_as(world["admin"])
    payload = payload_of(upload(client, "\n".join([HEADER, "003,丁,7,1班,"])).get_data(
        as_text=True))
    response = client.post("/rosters/confirm", data={"payload": payload[:-2] + "xx"},
                           follow_redirects=True)
    assert "确认页面已过期" in response.get_data(as_text=True)
    assert student("003", world["school_a"]) is None


def test_confirm_replans_against_the_database(world, login_as):
    client = login_as(world["admin"])
    page = upload(client, "\n".join([HEADER, "003,丁,7,1班,"])).get_data(as_text=True)
    world["admin"].active = False  # lost their rights between preview and confirm
    db.session.commit()
    response = client.post("/rosters/confirm", data={"payload": payload_of(page)})
    assert response.status_code in (302, 403)
    assert student("003", world["school_a"]) is None


def test_bureau_admin_may_not_import_rosters(world, login_as):
    """Rosters are names and numbers: the school's (the bureau sees aggregates only)."""
    client = login_as(world["bureau"])
    assert client.get("/rosters/upload?school=SB").status_code == 403
    assert upload(client, "\n".join([HEADER, "003,丁,7,1班,"]),
                  school=str(world["school_b"].id)).status_code == 403
    db.session.expire_all()
    assert student("003", world["school_b"]) is None


def test_students_may_not_upload(world, login_as):
    assert login_as(world["s001"]).get("/rosters/upload").status_code == 403


def test_anonymous_users_are_sent_to_login(world, client):
    response = client.get("/rosters/upload")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_template_csv_reads_back_as_a_valid_roster(world, login_as):
    response = login_as(world["admin"]).get("/rosters/template.csv")
    assert response.mimetype == "text/csv"
    assert read_roster("roster-template.csv", response.data).ok


def test_row_problems_and_permission_problems_are_reported_together(world):
    """A teacher fixes the file once: parse problems and class problems come in one list."""
    from quiz.rosters.importer import check_roster

    text = "\n".join([HEADER, "101,甲,7,1班,", "102,,7,1班,", "103,丙,9,9班,"]) + "\n"
    plan, problems = check_roster(world["school_a"], "r.csv", text.encode("utf-8"),
                                  world["teacher"])
    assert plan is None
    assert [p.row_number for p in problems] == [3, 4]
    assert "缺少姓名" in problems[0].message
    assert "9年级 9班" in problems[1].message
