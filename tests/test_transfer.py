"""Excel import and export of the registries, through the CLI, HTTP and the units beneath."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.conftest import client_for
from yifa.audit.models import AuditEvent
from yifa.audit.record import snapshot
from yifa.law.models import Law, PowerItem, Provision
from yifa.lib.idcodes import resident_id_check_char
from yifa.registry.models import Agency, Officer, Post, Unit
from yifa.transfer.kinds import KINDS, OFFICERS
from yifa.transfer.reading import TransferError

SHANGHAI = ZoneInfo("Asia/Shanghai")
TRACKED = (Agency, Unit, Post, Officer, PowerItem, Law, Provision)
FOOD_LAW = "中华人民共和国食品安全法"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def registry(agency_a, agency_b, officer_record_a, officer_record_b):
    """Units, posts, a law with provisions and a power item on each side."""
    unit_a = Unit.objects.create(agency=agency_a, name="食品安全科", duties="食品安全监管")
    post_a = Post.objects.create(agency=agency_a, unit=unit_a, name="食品检查岗", duties="日常检查")
    Officer.objects.filter(pk=officer_record_a.pk).update(unit=unit_a, post=post_a)
    unit_b = Unit.objects.create(agency=agency_b, name="执法一中队", duties="综合执法")
    Post.objects.create(agency=agency_b, unit=unit_b, name="巡查岗", duties="巡查", headcount=3)
    law = Law.objects.create(name=FOOD_LAW, kind="law", issuer="全国人民代表大会常务委员会",
                             promulgated_on=dt.date(2015, 4, 24))
    p34 = Provision.objects.create(law=law, article=34, label="第三十四条")
    p124 = Provision.objects.create(law=law, article=124, label="第一百二十四条")
    from yifa.workcal.models import DeadlineRule

    power_a = PowerItem.objects.create(
        code="330726-CF-0001", name="对生产经营超过保质期食品的处罚", category="penalty",
        agency=agency_a, unit=unit_a, post=post_a, procedure="penalty_ordinary",
        time_limit_rule=DeadlineRule.objects.get(code="APL_DECISION"),
        penalty_types=["warning", "fine"], penalty_standard="货值金额一万元以下的，并处五万元以上十万元以下罚款",
    )
    power_a.violated_provisions.set([p34])
    power_a.penalty_provisions.set([p124])
    PowerItem.objects.create(code="330726-JC-0001", name="对市容环境卫生的检查", category="inspection",
                             agency=agency_b, procedure="inspection")
    return {"unit_a": unit_a, "post_a": post_a, "law": law}


def db_state() -> dict[str, Any]:
    state: dict[str, Any] = {m.__name__: [snapshot(o) for o in m.objects.order_by("pk")] for m in TRACKED}
    state["audit"] = AuditEvent.objects.count()
    return state


def export(kind: str, user: Any, tmp_path: Path, name: str = "out.xlsx") -> Path:
    path = tmp_path / name
    call_command("export_registry", kind, str(path), "--user", user.username, stdout=io.StringIO())
    return path


def read(path: Path) -> tuple[list[str], list[list[Any]]]:
    ws = load_workbook(path).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return [str(h) for h in rows[0]], rows[1:]


def write(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def import_cli(kind: str, path: Path, user: Any, *extra: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_registry", kind, str(path), "--user", user.username, *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_fails(kind: str, path: Path, user: Any) -> tuple[str, str]:
    """Run an import that must fail; the CommandError message and what went to stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_registry", kind, str(path), "--user", user.username,
                     stdout=io.StringIO(), stderr=err)
    return str(failure.value), err.getvalue()


def rid(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def officer_row(headers: list[str], **values: Any) -> list[Any]:
    base = {
        "执法证号": "浙C330726009", "姓名": "赵新", "身份证号码": rid("33072619900303003"),
        "执法主体统一社会信用代码": "11330726MB12345673", "发证机关": "浙江省人民政府",
        "执法区域": "浦江县", "有效期起": dt.date(2025, 1, 1), "有效期至": dt.date(2029, 12, 31),
    }
    base.update(values)
    return [base.get(h) for h in headers]


# --- Round trips -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["units", "posts", "officers", "powers"])
def test_head_round_trip_changes_nothing(kind, registry, head_a, tmp_path):
    path = export(kind, head_a, tmp_path)
    _, rows = read(path)
    assert rows, "the agency's own rows are exported"
    before = db_state()

    out, _ = import_cli(kind, path, head_a)

    assert f"新增0条，更新0条，未变{len(rows)}条" in out
    assert db_state() == before


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_supervisor_round_trip_of_every_registry_changes_nothing(kind, registry, supervisor, tmp_path):
    path = export(kind, supervisor, tmp_path)
    before = db_state()
    out, _ = import_cli(kind, path, supervisor)
    assert "新增0条，更新0条" in out
    assert db_state() == before


def test_changed_cell_updates_once_and_reimport_is_idempotent(registry, head_a, officer_record_a, tmp_path):
    path = export("officers", head_a, tmp_path)
    headers, rows = read(path)
    rows[0][headers.index("执法类别")] = "食品安全"
    write(path, headers, rows)
    audit_before = AuditEvent.objects.count()

    out, _ = import_cli("officers", path, head_a)

    assert "新增0条，更新1条，未变0条" in out
    officer_record_a.refresh_from_db()
    assert officer_record_a.field == "食品安全"
    assert AuditEvent.objects.count() == audit_before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "officer.update"
    assert event.after["field"] == "食品安全"

    state = db_state()
    out, _ = import_cli("officers", path, head_a)
    assert "更新0条，未变1条" in out
    assert db_state() == state


def test_new_rows_are_created_through_the_actions(registry, head_a, tmp_path):
    headers = OFFICERS.headers
    path = write(tmp_path / "new.xlsx", headers, [officer_row(headers, 内设机构="食品安全科", 执法岗位="食品检查岗")])
    audit_before = AuditEvent.objects.count()

    out, _ = import_cli("officers", path, head_a)

    assert "新增1条" in out
    created = Officer.objects.get(certificate_no="浙C330726009")
    assert created.agency.uscc == "11330726MB12345673"
    assert created.unit == registry["unit_a"]
    assert created.post == registry["post_a"]
    assert created.valid_until == dt.date(2029, 12, 31)
    assert AuditEvent.objects.filter(action="officer.create", object_id=str(created.pk)).count() == 1
    assert AuditEvent.objects.count() == audit_before + 1


def test_dry_run_checks_but_writes_nothing(registry, head_a, tmp_path):
    headers = OFFICERS.headers
    path = write(tmp_path / "new.xlsx", headers, [officer_row(headers)])
    before = db_state()
    out, _ = import_cli("officers", path, head_a, "--dry-run")
    assert "检查通过" in out
    assert "新增1条" in out
    assert db_state() == before


# --- Bad rows: nothing is imported ---------------------------------------------------------


def test_one_bad_row_among_good_ones_imports_nothing(registry, head_a, tmp_path):
    headers = OFFICERS.headers
    bad_id = rid("33072619900404004")[:-1] + ("0" if rid("33072619900404004")[-1] != "0" else "1")
    rows = [
        officer_row(headers),
        officer_row(headers, 执法证号="浙C330726010", 身份证号码=rid("33072619910505005")),
        officer_row(headers, 执法证号="浙C330726011", 身份证号码=bad_id),
    ]
    path = write(tmp_path / "mixed.xlsx", headers, rows)
    before = db_state()

    message, report = import_fails("officers", path, head_a)

    assert "第4行【身份证号码】：身份证号码校验码错误" in report
    assert "共1处错误，未导入任何数据" in message
    assert db_state() == before


def test_every_problem_is_reported_with_row_and_column(registry, head_a, tmp_path):
    headers = OFFICERS.headers
    rows = [
        officer_row(headers, 姓名=None),
        officer_row(headers, 执法证号="浙C330726012", 身份证号码=rid("33072619920606006"), 有效期起="明年"),
        officer_row(headers, 执法证号="浙C330726013", 身份证号码=rid("33072619930707007"),
                    执法主体统一社会信用代码="91330726MA2ABCDE1X"),
        officer_row(headers, 执法证号="浙C330726014", 身份证号码=rid("33072619940808008"), 执法岗位="不存在岗"),
        officer_row(headers, 执法证号="浙C330726015", 身份证号码=rid("33072619950909009"),
                    有效期至=dt.date(2020, 1, 1)),
    ]
    path = write(tmp_path / "bad.xlsx", headers, rows)
    before = db_state()

    _, report = import_fails("officers", path, head_a)

    assert "第2行【姓名】：此项为必填项，不能为空" in report
    assert "第3行【有效期起】：日期“明年”无法识别" in report
    assert "第4行【执法主体统一社会信用代码】：未找到统一社会信用代码为91330726MA2ABCDE1X的执法主体" in report
    assert "第5行【执法岗位】：浦江县市场监督管理局没有名为“不存在岗”的执法岗位" in report
    assert "第6行【有效期至】：有效期至不能早于有效期起" in report
    assert db_state() == before


def test_duplicates_inside_the_file_are_refused(registry, head_a, tmp_path):
    headers = OFFICERS.headers
    same_id = rid("33072619900303003")
    rows = [officer_row(headers), officer_row(headers, 执法证号="浙C330726020", 身份证号码=same_id),
            officer_row(headers, 身份证号码=rid("33072619960101001"))]
    path = write(tmp_path / "dup.xlsx", headers, rows)
    before = db_state()
    _, report = import_fails("officers", path, head_a)
    assert "第3行【身份证号码】：与第2行重复" in report
    assert "第4行【执法证号】：与第2行重复" in report
    assert db_state() == before


def test_id_of_another_stored_officer_is_refused_by_model_validation(registry, head_a, officer_record_b, tmp_path):
    headers = OFFICERS.headers
    path = write(tmp_path / "taken.xlsx", headers, [officer_row(headers, 身份证号码=officer_record_b.resident_id)])
    before = db_state()
    _, report = import_fails("officers", path, head_a)
    assert "第2行【身份证号码】" in report
    assert "已存在" in report
    assert db_state() == before


def test_certificate_status_cannot_change_by_import(registry, head_a, officer_record_a, tmp_path):
    path = export("officers", head_a, tmp_path)
    headers, rows = read(path)
    rows[0][headers.index("证件状态")] = "注销（吊销）"
    write(path, headers, rows)
    before = db_state()
    _, report = import_fails("officers", path, head_a)
    assert "第2行【证件状态】：证件状态不能通过导入变更" in report
    assert db_state() == before


# --- Permissions ------------------------------------------------------------------------------


def test_rows_of_agency_b_imported_by_head_a_are_refused(registry, supervisor, head_a, tmp_path):
    path = export("officers", supervisor, tmp_path)
    headers, rows = read(path)
    assert {r[headers.index("执法主体名称")] for r in rows} == {"浦江县市场监督管理局", "浦江县综合行政执法局"}
    for row in rows:  # a change on both sides: A's must not go through either
        row[headers.index("执法类别")] = "改动"
    write(path, headers, rows)
    before = db_state()

    _, report = import_fails("officers", path, head_a)

    b_row = 2 + [r[headers.index("执法证号")] for r in rows].index("浙C330726101")
    assert f"第{b_row}行【执法主体统一社会信用代码】：未找到统一社会信用代码为11330726MB76543210的执法主体" in report
    assert db_state() == before


def test_new_row_for_agency_b_by_head_a_is_refused(registry, head_a, tmp_path):
    headers = OFFICERS.headers
    path = write(tmp_path / "b.xlsx", headers, [officer_row(headers, 执法主体统一社会信用代码="11330726MB76543210")])
    before = db_state()
    _, report = import_fails("officers", path, head_a)
    assert "第2行【执法主体统一社会信用代码】" in report
    assert "不在您的权限范围内" in report
    assert db_state() == before


def test_supervisor_may_see_but_head_may_not_edit_agencies(registry, head_a, tmp_path):
    path = export("agencies", head_a, tmp_path)
    headers, rows = read(path)
    assert [r[headers.index("统一社会信用代码")] for r in rows] == ["11330726MB12345673"]
    before = db_state()
    _, report = import_fails("agencies", path, head_a)
    assert "第2行：您无权导入或修改“浦江县市场监督管理局”的执法主体记录" in report
    assert db_state() == before


def test_plain_officer_is_refused(registry, officer_a, tmp_path):
    path = export("officers", officer_a, tmp_path)
    headers, rows = read(path)
    rows[0][headers.index("执法类别")] = "改动"
    write(path, headers, rows)
    before = db_state()
    _, report = import_fails("officers", path, officer_a)
    assert "第2行：您无权导入或修改“浦江县市场监督管理局”的执法人员记录" in report
    assert db_state() == before


def test_export_by_officer_a_has_only_agency_a_and_masks_ids(registry, officer_a, head_a, tmp_path):
    headers, rows = read(export("officers", officer_a, tmp_path))
    assert [r[headers.index("执法证号")] for r in rows] == ["浙C330726001"]
    assert rows[0][headers.index("身份证号码")] == "330***********0011"
    assert "11330726MB76543210" not in str(rows)
    powers = read(export("powers", officer_a, tmp_path, "p.xlsx"))[1]
    assert [r[0] for r in powers] == ["330726-CF-0001"]
    _, head_rows = read(export("officers", head_a, tmp_path, "h.xlsx"))
    assert head_rows[0][headers.index("身份证号码")] == "330726198001010011"


def test_masked_id_means_unchanged_for_existing_officer_only(registry, officer_a, head_a, tmp_path):
    path = export("officers", officer_a, tmp_path)
    before = db_state()
    out, _ = import_cli("officers", path, head_a)
    assert "未变1条" in out
    assert db_state() == before

    headers = OFFICERS.headers
    new = write(tmp_path / "masked-new.xlsx", headers, [officer_row(headers, 身份证号码="330***********0033")])
    _, report = import_fails("officers", new, head_a)
    assert "第2行【身份证号码】：身份证号码为脱敏值" in report
    assert db_state() == before


def test_cli_refuses_a_public_user(registry, citizen, tmp_path):
    with pytest.raises(CommandError, match="无权"):
        call_command("export_registry", "officers", str(tmp_path / "x.xlsx"), "--user", "citizen")
    assert not (tmp_path / "x.xlsx").exists()


# --- Power items: provisions, rules, choice lists ---------------------------------------------


def test_power_export_writes_provisions_and_rule_by_natural_key(registry, head_a, tmp_path):
    headers, rows = read(export("powers", head_a, tmp_path))
    row = dict(zip(headers, rows[0], strict=True))
    assert row["违则"] == f"《{FOOD_LAW}》第三十四条"
    assert row["罚则（依据）"] == f"《{FOOD_LAW}》第一百二十四条"
    assert row["法定时限规则编码"] == "APL_DECISION"
    assert row["处罚种类"] == "警告、通报批评；罚款"
    assert row["权力类别"] == "行政处罚"


def test_power_import_links_provisions_and_rejects_unknown_ones(registry, head_a, tmp_path):
    path = export("powers", head_a, tmp_path)
    headers, rows = read(path)
    rows[0][headers.index("违则")] = f"《{FOOD_LAW}》第三十四条;《{FOOD_LAW}》第一百二十四条"
    rows[0][headers.index("法定时限规则编码")] = "ALL_DECISION"
    write(path, headers, rows)
    out, _ = import_cli("powers", path, head_a)
    assert "更新1条" in out
    power = PowerItem.objects.get(code="330726-CF-0001")
    assert sorted(p.label for p in power.violated_provisions.all()) == ["第一百二十四条", "第三十四条"]
    assert power.time_limit_rule.code == "ALL_DECISION"

    rows[0][headers.index("罚则（依据）")] = f"《{FOOD_LAW}》第九百条"
    rows[0][headers.index("法定时限规则编码")] = "NO_SUCH_RULE"
    write(path, headers, rows)
    before = db_state()
    _, report = import_fails("powers", path, head_a)
    assert f"第2行【罚则（依据）】：未找到条款《{FOOD_LAW}》第九百条" in report
    assert "第2行【法定时限规则编码】：未找到现行有效的法定时限规则NO_SUCH_RULE" in report
    assert db_state() == before


def test_agency_with_bad_credit_code_check_character(registry, supervisor, tmp_path):
    path = export("agencies", supervisor, tmp_path)
    headers, rows = read(path)
    new = list(rows[0])
    new[headers.index("统一社会信用代码")] = "11330726MB12345674"
    new[headers.index("名称")] = "浦江县新设局"
    write(path, headers, [*rows, new])
    before = db_state()
    _, report = import_fails("agencies", path, supervisor)
    assert "第4行【统一社会信用代码】：统一社会信用代码校验码错误" in report
    assert db_state() == before


# --- Whole-file problems --------------------------------------------------------------------


def test_not_an_xlsx_changes_nothing(registry, head_a, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("姓名,身份证号码\n王,1\n", encoding="utf-8")
    before = db_state()
    message, _ = import_fails("officers", path, head_a)
    assert "文件不是有效的Excel工作簿" in message
    assert "not a valid Excel workbook" in message
    assert db_state() == before


@pytest.mark.parametrize(("headers", "rows", "expected"), [
    (["执法证号", "姓名"], [["浙C1", "王"]], "缺少必需的列：身份证号码"),
    ([*OFFICERS.headers, "备注"], [], "无法识别的表头：备注"),
    (OFFICERS.headers, [], "文件中没有数据行"),
    ([], [], "文件为空"),
])
def test_bad_headers_and_empty_files(headers, rows, expected, registry, head_a, tmp_path):
    path = write(tmp_path / "h.xlsx", headers, rows)
    before = db_state()
    message, _ = import_fails("officers", path, head_a)
    assert expected in message
    assert db_state() == before


def test_row_limit(registry, head_a, tmp_path, monkeypatch):
    monkeypatch.setattr("yifa.transfer.reading.MAX_ROWS", 2)
    headers = OFFICERS.headers
    rows = [officer_row(headers, 执法证号=f"浙C9{i}", 身份证号码=rid(f"3307261990010100{i}")) for i in range(3)]
    path = write(tmp_path / "many.xlsx", headers, rows)
    from yifa.transfer.importer import import_registry

    with path.open("rb") as f, pytest.raises(TransferError, match="数据超过2行"):
        import_registry(OFFICERS, f, head_a)


# --- The exported workbook -----------------------------------------------------------------


def test_export_header_is_bold_and_frozen_and_text_is_never_a_formula(registry, head_a, tmp_path):
    Unit.objects.create(agency=registry["unit_a"].agency, name="=HYPERLINK(\"x\")", duties="")
    path = export("units", head_a, tmp_path)
    ws = load_workbook(path).worksheets[0]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == KINDS["units"].headers
    assert all(c.font.b for c in ws[1])
    names = [ws.cell(row=r, column=3) for r in range(2, ws.max_row + 1)]
    formula = next(c for c in names if str(c.value).startswith("="))
    assert formula.data_type == "s"


# --- HTTP -------------------------------------------------------------------------------------


def test_page_needs_login_and_staff(registry, citizen, head_a):
    url = reverse("transfer:index")
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    assert client_for(citizen).get(url).status_code == 403
    assert client_for(citizen).get(reverse("transfer:export", args=["officers"])).status_code == 403
    page = client_for(head_a).get(url)
    assert page.status_code == 200
    assert "执法人员" in page.content.decode()


def test_download_over_http(registry, officer_a):
    response = client_for(officer_a).get(reverse("transfer:export", args=["officers"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["浙C330726001"]


def test_upload_over_http(registry, head_a, tmp_path):
    headers = OFFICERS.headers
    path = write(tmp_path / "new.xlsx", headers, [officer_row(headers)])
    client = client_for(head_a)
    with path.open("rb") as f:
        response = client.post(reverse("transfer:import", args=["officers"]), {"file": f})
    assert response.status_code == 200
    assert "新增1条" in response.content.decode()
    assert Officer.objects.filter(certificate_no="浙C330726009").exists()


def test_upload_over_http_reports_bad_rows_and_writes_nothing(registry, head_a, tmp_path):
    headers = OFFICERS.headers
    path = write(tmp_path / "bad.xlsx", headers, [officer_row(headers), officer_row(headers, 执法证号="浙C2", 有效期至="x")])
    before = db_state()
    with path.open("rb") as f:
        response = client_for(head_a).post(reverse("transfer:import", args=["officers"]), {"file": f})
    assert response.status_code == 400
    body = response.content.decode()
    assert "第3行【有效期至】：日期“x”无法识别" in body
    assert db_state() == before


def test_upload_of_not_an_xlsx_over_http(registry, head_a):
    before = db_state()
    fake = io.BytesIO(b"PK\x03\x04 not really a zip")
    fake.name = "fake.xlsx"
    response = client_for(head_a).post(reverse("transfer:import", args=["officers"]), {"file": fake})
    assert response.status_code == 400
    assert "文件不是有效的Excel工作簿" in response.content.decode()
    assert db_state() == before


def test_upload_by_public_user_is_forbidden(registry, citizen, tmp_path):
    headers = OFFICERS.headers
    path = write(tmp_path / "new.xlsx", headers, [officer_row(headers)])
    before = db_state()
    with path.open("rb") as f:
        response = client_for(citizen).post(reverse("transfer:import", args=["officers"]), {"file": f})
    assert response.status_code == 403
    assert db_state() == before
