"""Paper and Excel through the browser: an officer prints a demo case's intake form, the center office
downloads the ledger and reads the weekly filing board, and an old Excel ledger is tried and imported."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS, Screenshots, sign_in
from tests.browser.pages import CASE_URL

pytestmark = pytest.mark.browser


def download(page, click) -> bytes:
    """Click something that answers with an attachment, and return the file's bytes."""
    with page.expect_download() as info:
        click()
    path = info.value.path()
    with open(path, "rb") as stream:
        return stream.read()


def test_an_officer_prints_the_intake_form_of_a_demo_case(page, load_demo):
    from bancheng.cases.models import Case

    load_demo("shenyang")
    case = Case.objects.filter(number__startswith="SY-HQ").order_by("pk").first()
    shots = Screenshots(ARTIFACTS / "documents")
    sign_in(page, "officer")
    page.goto(f"/cases/{case.pk}/")
    forms = page.locator("#forms")
    expect(forms.get_by_role("heading", name="打印表单")).to_be_visible()
    shots(page, "case-page-with-forms")
    intake_row = forms.get_by_role("row").filter(has_text="受理单").first
    # The PDF opens in the browser to be printed (inline); fetch what the link points to with the session.
    answer = page.request.get(intake_row.get_by_role("link", name="PDF").get_attribute("href"))
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    pdf = answer.body()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert case.number in text and case.requester_name in text
    docx = download(page, lambda: intake_row.get_by_role("link", name="Word").click())
    assert docx.startswith(b"PK")


def test_the_office_downloads_the_ledger_and_reads_the_weekly_filings(page, load_demo):
    from bancheng.domain.policy import SHENYANG

    load_demo("shenyang")
    shots = Screenshots(ARTIFACTS / "ledger")
    sign_in(page, "office")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="台账").click()
    expect(page.get_by_role("heading", name="台账", exact=True)).to_be_visible()
    shots(page, "ledger-page")
    xlsx = download(page, lambda: page.get_by_role("button", name="导出 Excel").click())
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [column.label for column in SHENYANG.ledger_layout]
    assert len(rows) > 1 and all("****" in str(row[5]) for row in rows[1:] if row[5])

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="周报备").click()
    expect(page.get_by_role("heading", name="报备情况")).to_be_visible()
    for branch in ("直属管理部", "和平管理部", "浑南分中心"):
        expect(page.locator("main")).to_contain_text(branch)
    shots(page, "filing-board")


def test_an_old_excel_ledger_is_tried_then_imported_and_its_cases_say_so(page, load_demo, tmp_path):
    from bancheng.cases.models import Case

    load_demo("shanting")
    old = openpyxl.Workbook()
    sheet = old.active
    sheet.append(
        [
            "编号",
            "反映人",
            "联系电话",
            "反映事项",
            "受理时间",
            "问题类型及办理时限",
            "承办单位",
            "办理结果",
            "实际办结时间",
            "备注",
        ]
    )
    sheet.append(
        [
            "2023-001",
            "周八",
            "13912345678",
            "社保转移接续被退回三次",
            "2023年3月5日",
            "一般事项",
            "",
            "",
            "",
            "",
        ]
    )
    sheet.append(
        ["2023-002", "吴九", "13987654321", "营业执照变更材料不清", "2023/3/6", "简单事项", "", "", "", ""]
    )
    path = tmp_path / "旧台账.xlsx"
    old.save(path)
    before = Case.objects.count()

    shots = Screenshots(ARTIFACTS / "ledger-import")
    sign_in(page, "office")
    page.goto("/ledger/import/")
    page.get_by_label("Excel 台账（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="试导入").click()
    confirm = page.get_by_role("button", name=re.compile(r"确认导入 2 行"))
    expect(confirm).to_be_visible()
    shots(page, "dry-run")
    assert Case.objects.count() == before
    confirm.click()
    page.wait_for_load_state()
    shots(page, "imported")
    assert Case.objects.count() == before + 2

    imported = Case.objects.get(external_number="2023-001")
    page.goto(f"/cases/{imported.pk}/")
    assert CASE_URL.search(page.url)
    expect(page.locator("#timeline")).to_contain_text("导入（历史台账）")
