"""The center office's analysis report in the browser: generate this month's report, write the findings,
publish it, and download it as PDF and Word."""

from __future__ import annotations

import io

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from bancheng.domain.calendar import TZ
from tests.browser.conftest import ARTIFACTS, Screenshots, sign_in

pytestmark = pytest.mark.browser

FINDINGS = {
    "总体研判": "本月诉求集中在提取业务，办结情况总体良好。",
    "问题根源分析": "个别承办单位签收后未按期答复。",
    "整改要求与工作建议": "请相关单位限期整改并书面报告。",
}


def download(page, click) -> bytes:
    with page.expect_download() as info:
        click()
    with open(info.value.path(), "rb") as stream:
        return stream.read()


def test_the_office_generates_writes_publishes_and_downloads_a_report(page, load_demo):
    from bancheng.cases.models import Case

    load_demo("shenyang")
    # The month of the newest demo case (the demo's cases are dated back from today, which may be the 1st).
    today = Case.objects.latest("registered_at").registered_at.astimezone(TZ).date()
    title = f"“办不成事”反映窗口研判通报（{today.year}年{today.month}月）"
    shots = Screenshots(ARTIFACTS / "reports")
    sign_in(page, "office")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="研判通报").click()
    expect(page.get_by_role("heading", name="研判通报", exact=True)).to_be_visible()
    page.get_by_label("周期").select_option("month")
    page.get_by_label("月份或季度").fill(f"{today.year}-{today.month:02d}")
    page.get_by_role("button", name="生成通报").click()

    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("#report-state")).to_have_text("草稿")
    expect(page.get_by_role("img", name="受理件数走势")).to_be_visible()
    expect(page.get_by_role("img", name="主要问题类型")).to_be_visible()
    for label, text in FINDINGS.items():
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="保存研判意见").click()
    expect(page.get_by_text("研判意见已保存")).to_be_visible()
    shots(page, "draft-with-findings")

    page.get_by_role("button", name="发布通报").click()
    expect(page.locator("#report-state")).to_have_text("已发布")
    expect(page.get_by_role("button", name="保存研判意见")).to_have_count(0)
    expect(page.get_by_text(FINDINGS["问题根源分析"])).to_be_visible()
    shots(page, "published")

    pdf = download(page, lambda: page.locator("#download-pdf").click())
    text = (
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "").replace("\n", "")
    )
    assert title in text and FINDINGS["总体研判"] in text and "草稿" not in text
    docx = Document(io.BytesIO(download(page, lambda: page.locator("#download-docx").click())))
    assert docx.paragraphs[0].text == title
    assert FINDINGS["整改要求与工作建议"] in "\n".join(p.text for p in docx.paragraphs)
    assert len(docx.inline_shapes) >= 1
