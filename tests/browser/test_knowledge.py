"""The knowledge base in the browser: an officer turns a closed case into a draft article in one click (the
requester's personal data removed) and submits it; the center office publishes it from the review queue and
prints its guide card on A5."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS, Screenshots, sign_in, sign_out

pytestmark = pytest.mark.browser

A5 = (419.5, 595.3)


def test_from_a_closed_case_to_a_published_article_and_its_guide_card(page, context, load_demo):
    from bancheng.cases.models import Case

    load_demo("shenyang")
    case = Case.objects.get(requester_name="沈清")  # the demo's closed case (satisfied, closed)
    assert case.state == "closed"
    shots = Screenshots(ARTIFACTS / "knowledge")

    sign_in(page, "officer")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("button", name="生成知识条目").click()
    expect(page.get_by_text("已由诉求件生成知识条目草稿")).to_be_visible()
    expect(page.locator("#article-status")).to_have_text("草稿")
    body = page.get_by_role("article", name="知识条目内容")
    expect(body).to_contain_text("基数调整申请被退回")
    expect(body).not_to_contain_text("沈清")
    expect(body).not_to_contain_text("13912345609")
    shots(page, "draft")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("请先填写：原因")).to_be_visible()  # this case's record names no obstacle
    page.get_by_role("link", name="编辑").click()
    page.get_by_label("原因").fill("单位缴存基数申报表填写口径与系统校验规则不一致，被系统自动退回")
    page.get_by_label("修改说明").fill("补充原因")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("知识条目已保存")).to_be_visible()
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#article-status")).to_have_text("待审核")
    sign_out(page)

    sign_in(page, "office")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="知识库").click()
    page.get_by_role("link", name="审核队列（1）").click()
    page.get_by_role("table").get_by_role("link", name=case.business).click()
    page.get_by_role("button", name="审核发布").click()
    expect(page.get_by_text("已审核发布")).to_be_visible()
    expect(page.locator("#article-status")).to_have_text("已发布")
    expect(page.get_by_text("单位缴存基数申报表填写口径")).to_be_visible()
    shots(page, "published")
    page.get_by_role("link", name="版本记录").click()
    expect(page.get_by_role("link", name="第2版")).to_be_visible()
    page.get_by_role("link", name=f"← {case.business}").click()

    page.get_by_label("纸张").select_option("a5")
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="打印指南卡片").click()
    popup = popup_info.value
    url = popup.url
    assert "size=a5" in url
    # One request at a time (the live server shares one connection): the card tab is done before the PDF is
    # fetched again to be read.
    popup.wait_for_load_state()
    popup.close()
    pdf = PdfReader(io.BytesIO(context.request.get(url).body()))
    sizes = {(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) for p in pdf.pages}
    assert sizes == {A5}
    text = "".join(p.extract_text() for p in pdf.pages).replace(" ", "").replace("\n", "")
    assert "办事指南卡片" in text and case.business in text and "沈清" not in text
