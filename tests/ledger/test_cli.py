"""bancheng ledger export / import / layouts: files read back, and clear errors with exit code 2."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bancheng.audit.models import Event
from bancheng.cases.models import Case
from tests.ledger.readback import read_csv, read_xlsx


def ledger(*args):
    out = io.StringIO()
    call_command("ledger", *args, stdout=out)
    return out.getvalue()


def refused(*args):
    with pytest.raises(CommandError) as error:
        ledger(*args)
    return error.value


def test_the_cli_exports_a_period_in_a_layout_with_the_headings_first(demo, tmp_path):
    days = sorted(set(Case.objects.values_list("registered_on", flat=True)))
    start, end = days[1], days[-2]
    out = tmp_path / "ledger.xlsx"
    said = ledger(
        "export", "--layout", "shanting", "--from", start.isoformat(), "--to", end.isoformat(), "-o", str(out)
    )
    table = read_xlsx(out.read_bytes())
    expected = Case.objects.filter(registered_on__range=(start, end))
    assert table[0][:3] == ["编号", "反映人", "联系电话"]
    assert {r[0] for r in table[1:]} == set(expected.values_list("number", flat=True))
    assert f"已导出 {expected.count()} 行" in said


def test_the_format_follows_the_file_suffix(demo, tmp_path):
    out = tmp_path / "ledger.csv"
    ledger("export", "--layout", "shenyang", "-o", str(out), "--state", "closed")
    table = read_csv(out.read_bytes())
    assert table[0][0] == "序号" and len(table) - 1 == Case.objects.filter(state="closed").count()
    assert all("****" in r[5] for r in table[1:])


def test_a_full_cli_export_is_unmasked_and_logged(demo, tmp_path):
    out = tmp_path / "full.xlsx"
    ledger("export", "--layout", "shenyang", "-o", str(out), "--full", "--branch", "HQ")
    phones = {r[5] for r in read_xlsx(out.read_bytes())[1:]}
    assert phones == set(Case.objects.values_list("requester_phone", flat=True))
    event = Event.objects.get(action="export_personal_data")
    assert event.actor is None and event.data["via"] == "cli" and event.data["filter"] == {"branch": "HQ"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--layout", "nowhere"], "台账格式“nowhere”不存在"),
        (["--layout", "shenyang", "--from", "2026-13-01"], "格式不正确"),
        (["--layout", "shenyang", "--format", "pdf"], "只能是 xlsx 或 csv"),
        (["--layout", "shenyang", "--state", "lost"], "状态“lost”不存在"),
        (["--layout", "shenyang", "--branch", "XX"], "受理单位“XX”不存在"),
        (["--layout", "shenyang", "--from", "2026-05-02", "--to", "2026-05-01"], "开始日期不能晚于结束日期"),
    ],
)
def test_bad_arguments_are_refused_with_exit_code_2(org, tmp_path, args, message):
    error = refused("export", *args, "-o", str(tmp_path / "x.xlsx"))
    assert error.returncode == 2 and message in str(error)
    assert not (tmp_path / "x.xlsx").exists()


def test_a_missing_output_directory_is_refused(org, tmp_path):
    error = refused("export", "--layout", "shenyang", "-o", str(tmp_path / "no" / "x.xlsx"))
    assert error.returncode == 2 and "不存在" in str(error)


def test_the_layouts_are_listed(org):
    said = ledger("layouts")
    assert "shenyang" in said and "问题类型及办理时限" in said and "putuo" in said


def test_the_cli_imports_a_ledger_after_a_dry_run(demo, tmp_path):
    out = tmp_path / "hq.xlsx"
    ledger("export", "--layout", "shanting", "-o", str(out), "--full", "--state", "closed")
    closed = Case.objects.filter(state="closed").count()
    said = ledger("import", str(out), "--layout", "shanting", "--branch", "HN", "--dry-run")
    assert "试导入" in said and not Case.objects.filter(branch__code="HN").exists()
    said = ledger("import", str(out), "--layout", "shanting", "--branch", "HN")
    assert f"已导入 {closed} 行" in said and Case.objects.filter(branch__code="HN").count() == closed


def test_a_cli_import_with_errors_lists_them_and_imports_nothing(demo, tmp_path):
    out = tmp_path / "masked.xlsx"
    ledger("export", "--layout", "shanting", "-o", str(out), "--state", "closed")
    with pytest.raises(CommandError) as error:
        ledger("import", str(out), "--layout", "shanting", "--branch", "HN")
    assert error.value.returncode == 1 and not Case.objects.filter(branch__code="HN").exists()


def test_importing_a_missing_file_is_refused(org):
    assert refused("import", "/nonexistent.xlsx", "--layout", "shanting", "--branch", "HN").returncode == 2
