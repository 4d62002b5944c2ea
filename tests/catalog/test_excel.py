"""The catalog's Excel import (dry run, apply, update as new versions, per-row errors) and export (same
layout, round trip), and the ``bancheng catalog`` command."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from bancheng.catalog import excel
from bancheng.catalog.models import ServiceItem
from bancheng.domain.errors import DomainError
from tests.catalog.conftest import catalog_events

pytestmark = pytest.mark.django_db

HEADER = [
    "事项编码",
    "事项名称",
    "政策依据",
    "办理条件",
    "办理流程",
    "申请材料",
    "办理时限",
    "协办单位",
    "办理地点",
    "咨询电话",
    "事项分类",
]


def row(code="GJJ-TQ-01", name="租房提取住房公积金", materials="本人身份证原件\n房屋租赁合同", **cells):
    values = {
        "政策依据": "《住房公积金管理条例》第二十四条",
        "办理条件": "无自有住房",
        "办理流程": "窗口受理",
        "办理时限": "5个工作日",
        "协办单位": "不动产登记中心",
        "办理地点": "服务大厅",
        "咨询电话": "12329",
        "事项分类": "提取",
    }
    values.update(cells)
    values.update({"事项编码": code, "事项名称": name, "申请材料": materials})
    return [values[h] for h in HEADER]


def workbook(*rows, header=HEADER, title="事项目录"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_dry_run_lists_every_row_and_writes_nothing(org):
    report = excel.read_workbook(workbook(row(), row("GJJ-DK-01", "住房公积金贷款", 事项分类="贷款")))
    assert report.ok and [r.action for r in report.rows] == ["create", "create"]
    assert [r.row for r in report.rows] == [2, 3]
    assert report.summary() == "预检结果：共 2 行，新增 2 项，更新 0 项，无变化 0 项，有错误 0 行"
    assert not ServiceItem.objects.exists()


def test_applying_a_good_file_creates_the_items_with_their_materials_and_categories(org):
    report = excel.apply_workbook(
        workbook(row(), row("GJJ-DK-01", "贷款", 事项分类="贷款、提取")), actor=org.admin
    )
    assert report.applied and report.count("create") == 2
    rent = ServiceItem.objects.get(code="GJJ-TQ-01")
    assert rent.materials == ["本人身份证原件", "房屋租赁合同"] and rent.categories == ["withdrawal"]
    assert ServiceItem.objects.get(code="GJJ-DK-01").categories == ["loan", "withdrawal"]
    assert rent.versions.get().note == "Excel 导入"
    assert catalog_events("create_service_item").count() == 2


def test_bad_rows_are_each_reported_with_their_row_number_and_nothing_is_imported(org):
    content = workbook(
        row(),
        row("GJJ 02", "", materials=""),
        row("GJJ-TQ-01", "重复的编码"),
        row("GJJ-TQ-03", "退休提取", 事项分类="社保"),
        [None] * len(HEADER),  # an empty row is not a row
    )
    report = excel.read_workbook(content)
    assert not report.ok
    assert [(r.row, r.action) for r in report.rows] == [
        (2, "create"),
        (3, "error"),
        (4, "error"),
        (5, "error"),
    ]
    bad = {r.row: r.problems for r in report.rows if r.problems}
    assert any(p.startswith("事项编码：") for p in bad[3]) and "事项名称：请填写事项名称" in bad[3]
    assert any(p.startswith("申请材料：") for p in bad[3])
    assert bad[4] == ["事项编码：与第 2 行重复"]
    assert "社保" in bad[5][0]
    with pytest.raises(DomainError) as refused:
        excel.apply_workbook(content, actor=org.admin)
    assert refused.value.code == "catalog.import_invalid"
    assert [r["row"] for r in refused.value.details["rows"]] == [3, 4, 5]
    assert not ServiceItem.objects.exists() and not catalog_events().exists()


def test_an_import_updates_existing_codes_as_new_versions_and_leaves_unchanged_ones(org):
    excel.apply_workbook(workbook(row(), row("GJJ-DK-01", "贷款")), actor=org.admin)
    changed = row(materials="本人身份证原件\n房屋租赁合同\n婚姻状况证明", 办理时限="3个工作日")
    content = workbook(changed, row("GJJ-DK-01", "贷款"), row("GJJ-ZY-01", "转移接续", 事项分类="转移接续"))
    report = excel.read_workbook(content)
    assert [r.action for r in report.rows] == ["update", "unchanged", "create"]
    assert report.rows[0].changed_labels == "申请材料、办理时限"
    excel.apply_workbook(content, actor=org.office)
    rent = ServiceItem.objects.get(code="GJJ-TQ-01")
    assert rent.version == 2 and rent.materials[-1] == "婚姻状况证明" and rent.time_limit == "3个工作日"
    assert rent.versions.count() == 2
    assert rent.versions.get(number=1).snapshot["materials"] == ["本人身份证原件", "房屋租赁合同"]
    assert ServiceItem.objects.get(code="GJJ-DK-01").version == 1
    assert ServiceItem.objects.count() == 3


def test_a_file_without_the_columns_or_not_a_workbook_is_refused_in_chinese(org):
    missing = excel.read_workbook(workbook(row()[:5], header=HEADER[:5]))
    assert missing.problems == ["缺少列：申请材料、办理时限、协办单位、办理地点、咨询电话、事项分类"]
    assert excel.read_workbook(b"not a workbook").problems == [
        "无法读取该文件，请上传 Excel（.xlsx）格式的事项目录"
    ]
    assert "找不到表头行" in excel.read_workbook(workbook(header=["编号", "名称"])).problems[0]
    assert excel.read_workbook(workbook()).problems == ["表头下没有任何事项"]


def test_extra_columns_are_ignored_and_said(org):
    report = excel.read_workbook(workbook([*row(), "x"], header=[*HEADER, "备注"]))
    assert report.ok and report.notes == ["以下列不属于事项目录，已忽略：备注"]


def test_the_export_has_the_import_layout_and_imports_back_unchanged(org):
    excel.apply_workbook(
        workbook(row(), row("GJJ-DK-01", "贷款", materials="1. 身份证\n2. 合同", 事项分类="贷款、提取")),
        actor=org.admin,
    )
    exported = excel.export_workbook(ServiceItem.objects.order_by("code"))
    sheet = load_workbook(io.BytesIO(exported)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][0] == "GJJ-DK-01" and rows[1][5] == "身份证\n合同" and rows[1][10] == "贷款、提取"
    report = excel.read_workbook(exported)
    assert report.ok and [r.action for r in report.rows] == ["unchanged", "unchanged"]


def test_the_command_imports_with_a_dry_run_first_and_exports(org, tmp_path):
    source = tmp_path / "catalog.xlsx"
    source.write_bytes(workbook(row()))
    out = io.StringIO()
    call_command("catalog", "import", str(source), "--dry-run", stdout=out)
    assert "第 2 行 GJJ-TQ-01 新增" in out.getvalue() and not ServiceItem.objects.exists()
    out = io.StringIO()
    call_command("catalog", "import", str(source), stdout=out)
    assert "已导入：共 1 行，新增 1 项" in out.getvalue()
    assert ServiceItem.objects.get().versions.get().author == org.admin
    target = tmp_path / "out.xlsx"
    call_command("catalog", "export", str(target), stdout=io.StringIO())
    assert excel.read_workbook(target.read_bytes()).rows[0].action == "unchanged"


def test_the_command_refuses_a_file_with_errors(org, tmp_path):
    source = tmp_path / "bad.xlsx"
    source.write_bytes(workbook(row(name="")))
    out = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何事项"):
        call_command("catalog", "import", str(source), stdout=out)
    assert "事项名称：请填写事项名称" in out.getvalue()
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("catalog", "import", str(tmp_path / "none.xlsx"))
