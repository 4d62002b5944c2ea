"""Through the pages in chromium (shenyang demo): the search box in the top navigation finds cases and
catalog items, highlighted; the kind filter narrows them; an empty result and bad input are said in Chinese."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, Screenshots, sign_in

pytestmark = pytest.mark.browser


def test_the_top_search_box_finds_highlighted_cases_and_items_and_filters_by_kind(
    page, load_demo, live_server
):
    load_demo("shenyang")
    shot = Screenshots(ARTIFACTS / "shenyang-search")
    sign_in(page, "office")

    box = page.get_by_role("search", name="全文检索").get_by_role("searchbox")
    box.fill("公积金 提取")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    hits = page.locator("li.search-hit")
    expect(hits.first).to_be_visible()
    expect(hits.first.locator("mark").first).to_be_visible()
    expect(page.locator("li.search-hit[data-kind='case']").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"共 \d+\+? 条"))).to_be_visible()
    shot(page, "all-kinds")

    page.get_by_role("navigation", name="按类型筛选").get_by_role("link", name="事项目录").click()
    expect(page.locator("li.search-hit").first).to_be_visible()
    assert page.locator("li.search-hit[data-kind='case']").count() == 0
    expect(page.locator("li.search-hit").first).to_contain_text("公积金")
    shot(page, "items")

    page.locator("li.search-hit a").first.click()
    page.wait_for_url(re.compile(r"/catalog/\d+/"))

    page.goto("/search/?q=" + "火星移民签证")
    expect(page.get_by_role("status")).to_contain_text("没有找到与“火星移民签证”相关的内容")
    page.goto("/search/?q=%E5%85%AC%E7%A7%AF%E9%87%91&page=x")
    expect(page.get_by_role("alert")).to_contain_text("页码不正确")
    shot(page, "bad-page")


def test_a_handler_finds_no_case_of_another_unit(page, load_demo, live_server):
    from bancheng.cases.models import Assignment
    from bancheng.org.models import Staff

    load_demo("shenyang")
    handler = Staff.objects.get(username="handler2")
    sign_in(page, "handler2")
    page.goto("/search/?q=%E5%85%AC%E7%A7%AF%E9%87%91&kind=case")  # 公积金
    seen = {
        int(href.rsplit("/", 2)[-2])
        for href in page.locator("li.search-hit a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    }
    allowed = set(Assignment.objects.filter(unit_id=handler.unit_id).values_list("case_id", flat=True))
    assert seen <= allowed
