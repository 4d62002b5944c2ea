"""In a real browser: the center office uploads a 12345 work order file, sees the dry run, confirms."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.hotline.conftest import GOOD, HEADINGS

pytestmark = pytest.mark.browser


def test_the_office_imports_work_orders_with_a_dry_run_then_confirms(page, load_demo, tmp_path):
    from openpyxl import Workbook

    from bancheng.cases.models import Case

    load_demo("shenyang")
    book = Workbook()
    book.active.append(HEADINGS)
    for row in GOOD:
        book.active.append(row)
    path = tmp_path / "orders.xlsx"
    book.save(path)
    sign_in(page, "office")
    page.goto("/hotline/")
    page.get_by_label("工单文件（XLSX、CSV 或 JSON）").set_input_files(str(path))
    page.get_by_role("button", name="试导入").click()
    expect(page.get_by_text("新建 2，已存在 0")).to_be_visible()
    assert not Case.objects.filter(external_number__startswith="QY12345").exists()
    page.get_by_role("button", name="确认导入 2 个工单").click()
    expect(page.get_by_text("已导入。")).to_be_visible()
    assert Case.objects.filter(external_number__startswith="QY12345", channel="hotline").count() == 2
