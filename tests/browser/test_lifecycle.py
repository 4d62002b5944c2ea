"""The whole lifecycle in one browser, as each role in turn, under each preset: the officer registers by
keyboard, assesses and transfers; the handler signs for it and asks for more time; the approver of the
preset grants it; the center office issues a supervision notice; the handler answers it and records the
resolution; the officer gives feedback, records a satisfied visit, closes and archives."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, Screenshots, sign_in, sign_out
from tests.browser.pages import (
    PRESETS,
    act,
    expect_last_event,
    expect_state,
    open_case,
    register_by_keyboard,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_a_case_walks_from_sign_in_to_archive_through_every_role(page, load_demo, preset):
    from bancheng.cases.models import Case

    load_demo(preset)
    choices = PRESETS[preset]
    shot = Screenshots(ARTIFACTS / preset)

    # 办理专员: register by keyboard, assess, transfer to the handler's unit.
    sign_in(page, "officer")
    shot(page, "officer-home")
    number = register_by_keyboard(page)
    expect_state(page, "已受理")
    expect_last_event(page, "受理登记")
    shot(page, "registered")

    act(
        page,
        "研判",
        {
            "事项分类": "option:withdrawal",
            "问题性质": "option:service",
            "问题类型": f"option:{choices.case_class}",
            "处理方式": "option:transfer",
        },
    )
    expect_state(page, "已研判")
    expect(page.locator("#main")).to_contain_text(choices.class_label)
    shot(page, "assessed")

    act(page, "转办", {"办理要求": "请核实并于时限内答复", choices.handler_unit: "check"})
    expect_state(page, "办理中")
    assignment = page.locator("#assignments article").filter(has_text=choices.handler_unit)
    expect(assignment).to_be_visible()
    shot(page, "transferred")
    sign_out(page)

    # 承办人: the case is in the unit's inbox; sign for it and ask for two more working days.
    sign_in(page, "handler")
    inbox = page.get_by_role("region", name="我的收件箱")
    inbox.get_by_role("link", name=number).click()
    act(page, "签收", within=assignment)
    expect(assignment).to_contain_text("签收时间")
    act(page, "申请延期", {"延长（工作日）": "2", "延期理由": "需要调取历史档案核实"}, within=assignment)
    expect(page.locator("#extensions")).to_contain_text("需要调取历史档案核实")
    shot(page, "extension-requested")
    sign_out(page)

    # 部门负责人 (putuo: the leadership) approves the extension.
    sign_in(page, choices.extension_approver)
    open_case(page, number)
    act(page, "批准延期", {"说明": "同意延期"}, within=page.locator("#extensions"))
    expect(page.locator("#extensions")).to_contain_text("新到期")
    shot(page, "extension-approved")
    sign_out(page)

    # 中心办公室: a supervision notice to the unit.
    sign_in(page, "office")
    open_case(page, number)
    act(page, "下达督办单", {"督办事项": "请加快办理", "督办要求": "两个工作日内答复"}, within=assignment)
    expect(page.locator("#notices")).to_contain_text("未答复")
    shot(page, "notice-issued")
    sign_out(page)

    # 承办人: answer the notice, record the resolution.
    sign_in(page, "handler")
    open_case(page, number)
    act(page, "答复督办单", {"答复内容": "已安排专人加快办理"}, within=page.locator("#notices"))
    expect(page.locator("#notices")).to_contain_text("已安排专人加快办理")
    act(page, "登记办理结果", {"办理结果": "已为诉求人办理提取"}, within=assignment)
    expect(assignment).to_contain_text("已为诉求人办理提取")
    expect_state(page, "办理中")
    shot(page, "resolved")
    sign_out(page)

    # 办理专员: feedback, a satisfied visit, close, archive.
    sign_in(page, "officer")
    open_case(page, number)
    act(page, "结果反馈", {"反馈内容": "已为您办理提取，请查收", "问题是否已解决": "option:yes"})
    expect_state(page, "已反馈")
    shot(page, "answered")
    act(
        page,
        "回访",
        {"是否联系到诉求人": "option:yes", "问题是否解决": "option:yes", "满意度": "option:satisfied"},
    )
    expect_state(page, "已回访")
    expect(page.locator("#main")).to_contain_text("满意")
    shot(page, "visited")
    act(page, "销号办结")
    expect_state(page, "已办结")
    shot(page, "closed")
    act(page, "归档")
    expect_state(page, "已归档")
    expect(page.locator("#main")).to_contain_text("档案号")
    shot(page, "archived")

    case = Case.objects.get(number=number)
    assert case.state == "archived" and case.policy_version.preset == preset
