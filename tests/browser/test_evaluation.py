"""Unit evaluation through the browser: the center office opens 单位考核 from the navigation, picks the year,
reads the graded table and downloads it as Excel."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bancheng.domain.calendar import TZ
from tests.browser.conftest import ARTIFACTS, Screenshots, sign_in

pytestmark = pytest.mark.browser


def test_the_office_reads_the_year_evaluation_and_exports_it(page, load_demo):
    load_demo("shenyang")
    year = str(timezone.now().astimezone(TZ).year)
    shots = Screenshots(ARTIFACTS / "evaluation")
    sign_in(page, "office")
    page.get_by_role("link", name="单位考核").click()
    expect(page.get_by_role("heading", name="单位考核", exact=True)).to_be_visible()
    page.get_by_label("考核周期", exact=True).select_option(year)
    page.get_by_role("button", name="考核").click()
    expect(page.get_by_role("heading", name=f"{year}年年度考核")).to_be_visible()
    table = page.locator("#evaluation")
    expect(table.get_by_role("columnheader", name="收到督办单")).to_be_visible()
    assert table.locator("tbody tr").count() >= 1
    shots(page, "year-table")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出 Excel").click()
    with open(info.value.path(), "rb") as stream:
        sheet = openpyxl.load_workbook(io.BytesIO(stream.read())).active
    assert sheet["A1"].value == f"{year}年年度单位考核"
    assert sheet["B4"].value == "承办单位"
    assert sheet.max_row - 4 == table.locator("tbody tr").count()
