"""The other ways a case goes, through the pages (shenyang): a pause for missing materials and the resume,
escalation, a reopen after an unsatisfied visit, out of scope at assessment, and a withdrawal."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, Screenshots, sign_in
from tests.browser.pages import act, expect_state, register_by_keyboard

pytestmark = pytest.mark.browser

ASSESS_ON_THE_SPOT = {
    "事项分类": "option:withdrawal",
    "问题性质": "option:policy",
    "问题类型": "option:general",
    "处理方式": "option:on_the_spot",
}


def test_pause_resume_escalate_and_reopen_after_an_unsatisfied_visit(page, load_demo):
    load_demo("shenyang")
    shot = Screenshots(ARTIFACTS / "shenyang-other-paths")
    header = page.locator("header.case-head h1")
    sign_in(page, "officer")
    register_by_keyboard(page, phone="13900002222", business="贷款审批")
    act(page, "研判", ASSESS_ON_THE_SPOT)

    act(page, "挂起（容缺受理）", {"缺少的材料": "身份证复印件\n离职证明", "备注": "诉求人下午补交"})
    expect(header).to_contain_text("挂起 · 等待补齐材料")
    notice = page.get_by_role("region", name="一次性告知（缺少的材料）")
    expect(notice.get_by_role("listitem")).to_have_text(["身份证复印件", "离职证明"])
    expect(notice).to_contain_text("等待补齐")
    shot(page, "paused")

    act(page, "恢复办理")
    expect(header).not_to_contain_text("挂起")
    expect(notice).to_contain_text("材料补齐，恢复办理")
    expect_state(page, "已研判")

    act(page, "提级办理", {"理由": "涉及跨部门政策衔接"})
    expect(header).to_contain_text("提级：1 级")
    expect(page.locator("#timeline li").last).to_contain_text("涉及跨部门政策衔接")
    shot(page, "escalated")

    act(page, "当场办结", {"办理结果": "当场说明政策，诉求人不认可"})
    expect_state(page, "已反馈")
    act(
        page,
        "回访",
        {"是否联系到诉求人": "option:yes", "问题是否解决": "option:no", "满意度": "option:unsatisfied"},
    )
    expect_state(page, "已回访")
    act(page, "重办", {"理由": "诉求人不满意，答复未解决问题"})
    expect_state(page, "办理中")
    expect(header).to_contain_text("重办 1 次")
    shot(page, "reopened")


def test_a_case_out_of_scope_is_explained_and_ended_and_another_is_withdrawn(page, load_demo):
    load_demo("shenyang")
    shot = Screenshots(ARTIFACTS / "shenyang-ending-paths")
    sign_in(page, "officer")
    register_by_keyboard(page, phone="13900003333", business="邻里纠纷")
    act(
        page,
        "不予受理",
        {"不予受理理由": "index:1", "解释与指引": "属于民事纠纷，请向所在街道人民调解委员会反映"},
    )
    expect_state(page, "不予受理")
    expect(page.get_by_role("region", name="研判与办理")).to_contain_text("请向所在街道人民调解委员会反映")
    shot(page, "out-of-scope")

    register_by_keyboard(page, phone="13900004444", business="社保转移")
    act(page, "撤回", {"理由": "诉求人已自行办结，申请撤回"})
    expect_state(page, "已撤回")
    expect(page.locator("#timeline li").last).to_contain_text("诉求人已自行办结，申请撤回")
    expect(page.get_by_role("navigation", name="可执行的操作")).not_to_contain_text("研判")
    shot(page, "withdrawn")
