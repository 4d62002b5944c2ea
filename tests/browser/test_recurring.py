"""The center office's recurring problems in the browser: the demo's group of last week, its cases with the
requesters masked, starting the root-cause analysis, and a knowledge article drafted from its closed case."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, Screenshots, sign_in

pytestmark = pytest.mark.browser


def test_the_office_finds_last_weeks_group_reads_its_cases_and_starts_the_analysis(page, load_demo):
    from bancheng.recurring.models import RecurringGroup

    load_demo("shenyang")
    group = RecurringGroup.objects.get()
    shots = Screenshots(ARTIFACTS / "recurring")
    sign_in(page, "office")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="同类问题").click()
    expect(page.get_by_role("heading", name="同类问题", exact=True)).to_be_visible()
    row = page.locator(f'tr[data-group="{group.pk}"]')
    expect(row).to_contain_text("待研判")
    expect(row).to_contain_text(str(group.requester_count))
    shots(page, "list")

    row.get_by_role("link", name=group.label).click()
    expect(page.get_by_role("heading", name=f"同类问题：{group.label}")).to_be_visible()
    members = page.locator("#members tbody tr")
    expect(members).to_have_count(group.case_count)
    expect(page.locator("#members")).to_contain_text("林* 139****5661")
    expect(page.locator("#members")).not_to_contain_text("13912345661")
    shots(page, "detail")

    page.get_by_label("溯源分析记录").fill(
        "原单位注销后无法出具离职证明，需与归集部明确替代材料并制作办事指南卡片"
    )
    page.get_by_role("button", name="开始溯源分析").click()
    expect(page.get_by_text("已开始溯源分析，分析记录已保存")).to_be_visible()
    expect(page.locator("#group-status")).to_have_text("溯源分析中")

    # bad input is a clear message, not an error page
    page.get_by_role("button", name="不作处理").click()
    expect(page.get_by_text("此项为必填项")).to_be_visible()
    page.get_by_label("依据的诉求件").select_option(index=0)
    page.get_by_role("button", name="生成知识条目").click()
    expect(page.get_by_text("已生成知识条目草稿，请完善后提交审核")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/knowledge/articles/\d+/$"))
    shots(page, "article")
    page.goto(f"{page.url.split('/knowledge/')[0]}/recurring/{group.pk}/")
    expect(page.locator("#group-status")).to_have_text("已形成知识条目")
    expect(page.get_by_role("link", name="查看知识条目")).to_be_visible()
