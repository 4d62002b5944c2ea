"""Registering a case with a service item picked from the catalog: the picker fills 所办事项 (a static script,
no inline script under the CSP), the case page links to the item, and the pause form offers the item's
materials as tick boxes that become the one-time notice."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, Screenshots, sign_in
from tests.browser.pages import CASE_URL, act, expect_message, fill

pytestmark = pytest.mark.browser

ITEM = "GJJ-TQ-03 退休提取住房公积金（销户）"


def test_an_officer_registers_a_case_with_a_service_item_and_pauses_by_its_checklist(page, load_demo):
    load_demo("shenyang")
    shot = Screenshots(ARTIFACTS / "catalog")
    sign_in(page, "officer")
    page.get_by_role("link", name="受理登记").click()

    picker = page.get_by_label("服务事项")
    business = page.get_by_label(re.compile(r"^所办事项[:：]?$"))
    expect(picker).to_have_attribute("data-wired", "1")  # the deferred script has run
    picker.select_option(label=ITEM)
    expect(business).to_have_value("退休提取住房公积金（销户）")
    picker.select_option(label="GJJ-DK-02 住房公积金二手房贷款")
    expect(business).to_have_value("住房公积金二手房贷款")  # still the picker's own text: follows the choice
    business.fill("退休销户提取")
    picker.select_option(label=ITEM)
    expect(business).to_have_value("退休销户提取")  # typed by the officer: kept
    fill(page, {"诉求人姓名": "郑和平", "联系电话": "13912340000", "反映内容": "账户未封存，无法销户提取"})
    shot(page, "register-with-item")
    page.get_by_role("button", name="受理（Alt+S）").click()
    page.wait_for_url(CASE_URL)
    expect_message(page, "已受理")

    link = page.get_by_role("link", name=ITEM)
    expect(link).to_be_visible()
    act(
        page,
        "研判",
        {
            "事项分类": "option:withdrawal",
            "问题性质": "option:service",
            "问题类型": "option:general",
            "处理方式": "option:transfer",
        },
    )
    page.get_by_role("navigation", name="可执行的操作").get_by_role("link", name="挂起（容缺受理）").click()
    page.get_by_label("单位出具的封存证明").check()
    page.get_by_label("本人银行卡").check()
    page.get_by_label(re.compile(r"^其他缺少的材料[:：]?$")).fill("户口簿")
    shot(page, "pause-checklist")
    page.get_by_role("button", name="挂起（容缺受理）").click()
    page.wait_for_url(CASE_URL)
    notice = page.get_by_role("region", name="一次性告知（缺少的材料）")
    expect(notice.get_by_role("listitem")).to_have_text(["单位出具的封存证明", "本人银行卡", "户口簿"])

    page.get_by_role("link", name=ITEM).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("退休提取住房公积金（销户）")
    expect(page.get_by_role("link", name="打印告知单（PDF）")).to_be_visible()
    shot(page, "item-page")
