"""Results go back in the platform's layout; the CLI imports (dry run or not) and exports."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from bancheng.cases.models import Case
from bancheng.domain.calendar import TZ
from bancheng.domain.hotline import DEFAULT_MAPPING, EXPORT_HEADINGS
from bancheng.hotline.services import import_orders, read_orders
from tests.hotline.conftest import close, give_feedback

NOW = datetime(2026, 10, 12, 11, 0, tzinfo=TZ)


def test_export_lists_answered_hotline_orders_of_the_month(demo, xlsx_bytes, tmp_path):
    import_orders(
        read_orders("o.xlsx", xlsx_bytes()), actor=demo["officer"], mapping=DEFAULT_MAPPING, now=NOW
    )
    case = Case.objects.get(external_number="QY12345-2026-0001")
    give_feedback(case, demo, datetime(2026, 10, 20, 15, 30, tzinfo=TZ), feedback="已协助补齐材料")
    close(case, demo, datetime(2026, 10, 22, 9, 0, tzinfo=TZ), satisfaction="satisfied")
    out = tmp_path / "results.xlsx"
    call_command("hotline", "export", "--month", "2026-10", "--out", str(out))
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == EXPORT_HEADINGS
    assert rows[1:] == [("QY12345-2026-0001", "已解决", "已协助补齐材料", "2026-10-22 09:00", "满意")]


def test_export_rejects_a_bad_month(demo, tmp_path):
    with pytest.raises(CommandError, match="月份格式应为 YYYY-MM"):
        call_command("hotline", "export", "--month", "2026/10", "--out", str(tmp_path / "x.xlsx"))


def test_cli_dry_run_writes_nothing_then_import_creates(demo, xlsx_bytes, tmp_path, capsys):
    path = tmp_path / "orders.xlsx"
    path.write_bytes(xlsx_bytes())
    before = Case.objects.count()
    call_command("hotline", "import", str(path), "--dry-run")
    assert Case.objects.count() == before
    assert "试运行，未写入：新建 2" in capsys.readouterr().out
    call_command("hotline", "import", str(path), "--user", "officer")
    assert Case.objects.count() == before + 2
    call_command("hotline", "import", str(path), "--user", "officer")
    assert "已存在 2" in capsys.readouterr().out
    assert Case.objects.count() == before + 2
