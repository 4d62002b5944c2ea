"""Importing an old Excel ledger: a dry run reports every row error, nothing is half-imported, the same
file twice creates nothing twice, and imported cases say so in their timeline."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import Workbook

from bancheng.audit.models import Event
from bancheng.cases.models import Case
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError
from bancheng.ledger.exports import write_ledger
from bancheng.ledger.imports import RowError, import_ledger
from bancheng.ledger.layouts import get_layout
from tests.ledger.readback import read_xlsx

SHANTING_HEADINGS = [
    "编号", "反映人", "联系电话", "反映事项", "受理时间", "问题类型及办理时限",
    "承办单位", "办理结果", "实际办结时间", "备注",
]  # fmt: skip


def sheet(path, rows, title="山亭区“办不成事”登记窗口登记台账（2022年）"):
    book = Workbook()
    ws = book.active
    ws.append([title])
    ws.append(SHANTING_HEADINGS)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


GOOD = [
    ["2022-001", "李四", "13912345678", "社保转移办不成", "2024-03-05", "一般问题（1个工作日）", "归集部", "已办结", "2024/3/6", ""],
    ["2022-002", "王五", "0632-1234567", "营业执照变更", "2024/3/5", "困难问题", "归集部、信贷部", "已协调", "2024年3月8日", "回访满意"],
    ["2022-003", "赵六", "13800000000", "不动产登记", datetime(2024, 3, 7, 10, 30), "", "", "", None, "仍在办理"],
]  # fmt: skip
MESSY = [
    GOOD[0],
    ["2022-004", "钱七", "1381234", "电话不对", "2024-03-05", "一般问题", "", "", "", ""],
    ["2022-005", "", "13812345678", "没有反映人", "2024-03-05", "一般问题", "", "", "", ""],
    ["2022-006", "孙八", "13812345678", "类型不对", "2024-03-05", "紧急事项（3个工作日）", "", "", "", ""],
    ["2022-007", "周九", "13812345678", "日期不对", "2024-13-05", "", "", "", "", ""],
]  # fmt: skip


def run(org, path, *, dry_run, branch="HN", actor="admin"):
    return import_ledger(
        path, layout=get_layout("shanting"), branch=branch, actor=org.people[actor], dry_run=dry_run
    )


def test_a_messy_ledger_gives_exactly_the_expected_row_errors(org, tmp_path):
    report = run(org, sheet(tmp_path / "messy.xlsx", MESSY), dry_run=True)
    assert report.rows_read == 5 and report.rows_valid == 1
    assert [(e.row, e.column) for e in report.errors] == [
        (4, "联系电话"),
        (5, "反映人"),
        (6, "问题类型及办理时限"),
        (7, "受理时间"),
    ]
    assert "11 位手机号" in report.errors[0].reason
    assert report.errors[1].reason == "诉求人不能为空"
    assert "紧急事项" in report.errors[2].reason and "一般问题" in report.errors[2].reason
    assert "不存在" in report.errors[3].reason


def test_dates_in_three_formats_and_a_date_cell_are_all_read(org, tmp_path):
    run(org, sheet(tmp_path / "good.xlsx", GOOD), dry_run=False)
    got = {c.external_number: c for c in Case.objects.all()}
    assert [got[n].registered_on.isoformat() for n in ("2022-001", "2022-002", "2022-003")] == [
        "2024-03-05",
        "2024-03-05",
        "2024-03-07",
    ]
    assert got["2022-003"].registered_at == datetime(2024, 3, 7, 10, 30, tzinfo=TZ)
    assert got["2022-002"].closed_at.astimezone(TZ).date().isoformat() == "2024-03-08"


def test_a_dry_run_writes_nothing(org, tmp_path):
    report = run(org, sheet(tmp_path / "good.xlsx", GOOD), dry_run=True)
    assert report.ok and report.rows_valid == 3
    assert not Case.objects.exists() and not Event.objects.filter(action="import").exists()


def test_a_file_with_one_error_imports_nothing(org, tmp_path):
    report = run(org, sheet(tmp_path / "messy.xlsx", MESSY), dry_run=False)
    assert not report.ok and report.created == 0
    assert not Case.objects.exists()


def test_importing_the_same_file_twice_creates_no_duplicates(org, tmp_path):
    path = sheet(tmp_path / "good.xlsx", GOOD)
    first = run(org, path, dry_run=False)
    second = run(org, path, dry_run=False)
    assert (first.created, second.created, second.already) == (3, 0, 3)
    assert Case.objects.count() == 3


def test_imported_cases_have_their_history_and_final_state(org, tmp_path):
    run(org, sheet(tmp_path / "good.xlsx", GOOD), dry_run=False)
    closed = Case.objects.get(external_number="2022-002")
    assert closed.state == "closed" and closed.branch.code == "HN" and closed.case_class == "difficult"
    assert sorted(closed.assignments.values_list("unit__code", flat=True)) == ["DEP-GJ", "DEP-XD"]
    assert closed.close_reason == "回访满意" and closed.resolution == "已协调"
    assert closed.number.startswith("SY-HN-2024-")
    assert Case.objects.get(external_number="2022-003").state == "registered"


def test_the_timeline_shows_the_import_with_file_row_and_key(org, tmp_path, client):
    run(org, sheet(tmp_path / "old.xlsx", GOOD), dry_run=False)
    case = Case.objects.get(external_number="2022-001")
    event = Event.objects.get(case=case, stream=case.stream)
    assert event.action == "import"
    assert (
        event.data["source"] == "old.xlsx"
        and event.data["row"] == 3
        and event.data["key"] == case.submission_key
    )
    client.force_login(org.people["office"])
    assert "导入（历史台账）" in client.get(f"/cases/{case.pk}/").content.decode()


def test_missing_headings_are_reported_by_name(org, tmp_path):
    book = Workbook()
    book.active.append(["编号", "反映人", "联系电话", "反映事项"])
    book.save(tmp_path / "short.xlsx")
    report = run(org, tmp_path / "short.xlsx", dry_run=True)
    missing = {e.column for e in report.errors if e.reason == "缺少该列"}
    assert missing == {"受理时间", "问题类型及办理时限", "承办单位", "办理结果", "实际办结时间", "备注"}


def test_a_file_that_is_not_excel_is_refused_in_chinese(org, tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"not a spreadsheet")
    with pytest.raises(DomainError) as refused:
        run(org, tmp_path / "x.xlsx", dry_run=True)
    assert "Excel" in refused.value.message


def test_only_the_administrator_and_the_office_import(org, tmp_path):
    with pytest.raises(DomainError):
        run(org, sheet(tmp_path / "good.xlsx", GOOD), dry_run=True, actor="officer")


def test_an_exported_ledger_imports_back_into_an_empty_branch_as_the_same_rows(demo, tmp_path):
    from bancheng.org.models import Staff

    layout = get_layout("shenyang")
    out = tmp_path / "hq.xlsx"
    hq = Case.objects.filter(branch__code="HQ")
    write_ledger(hq, layout.columns, out, masked=False)
    report = import_ledger(
        out, layout=layout, branch="HN", actor=Staff.objects.get(username="admin"), dry_run=False
    )
    assert report.ok and report.created == hq.count()
    again = io.BytesIO()
    write_ledger(Case.objects.filter(branch__code="HN"), layout.columns, again, masked=False)
    before, after = read_xlsx(out.read_bytes()), read_xlsx(again.getvalue())
    assert before[0] == after[0] and len(before) == len(after)
    ended = {"closed", "archived", "out_of_scope", "withdrawn"}
    states = list(hq.order_by("registered_at", "pk").values_list("state", flat=True))
    for state, old, new in zip(states, before[1:], after[1:], strict=True):
        # a case still open comes back registered: its units (no assignments yet) and 备注 (the state) differ
        if state not in ended:
            old, new = old[:7] + old[8:11], new[:7] + new[8:11]
        assert old == new


def test_row_errors_name_the_row_the_column_and_why(org, tmp_path):
    report = run(org, sheet(tmp_path / "m.xlsx", MESSY[:2]), dry_run=True)
    assert report.errors == [RowError(4, "联系电话", report.errors[0].reason)]
    assert "错误 1 处" in report.summary and "未导入" in report.summary
