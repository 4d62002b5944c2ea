"""Through the pages in chromium (shenyang demo): a bad rating walks verify → assign → rectify → feedback →
second visit, each step by the role the rules name; and a unit's appeal of another rating is approved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, Screenshots, sign_in, sign_out

pytestmark = pytest.mark.browser


def loop_section(page):
    return page.get_by_role("region", name="差评核实整改")


def step(page, label, fields):
    page.get_by_role("navigation", name="差评处理操作").get_by_role("link", name=label).click()
    for name, value in fields.items():
        field = page.get_by_label(name)
        if value.startswith("option:"):
            field.select_option(value.removeprefix("option:"))
        else:
            field.fill(value)
    page.get_by_role("button", name=label).click()
    expect(page.get_by_text(f"已{label}")).to_be_visible()


def test_a_bad_rating_is_verified_rectified_fed_back_and_visited_again_and_an_appeal_is_approved(
    page, load_demo, live_server
):
    from bancheng.cases.models import Case

    load_demo("shenyang")
    shot = Screenshots(ARTIFACTS / "shenyang-bad-rating-loop")
    rated = Case.objects.get(business="提取额度")
    appealed = Case.objects.get(business="购房提取")

    sign_in(page, "office")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="差评核实整改").click()
    row = page.get_by_role("row").filter(has_text=rated.number)
    expect(row).to_contain_text("待核实")
    shot(page, "board")
    row.get_by_role("link", name="差评核实").click()
    page.get_by_label("核实情况").fill("电话核实：诉求人认为额度计算未按新政策执行，情况属实")
    page.get_by_label("核实结论").select_option("yes")
    page.get_by_role("button", name="差评核实").click()
    expect(loop_section(page)).to_contain_text("待交办整改")
    step(
        page,
        "交办差评整改",
        {
            "整改单位": "option:" + str(rated.assignments.get().unit_id),
            "整改要求": "按新政策重新核算额度并向诉求人说明",
        },
    )
    expect(loop_section(page)).to_contain_text("整改中")
    shot(page, "assigned")
    sign_out(page)

    sign_in(page, "handler")
    page.goto(f"/cases/{rated.pk}/")
    step(page, "登记整改结果", {"整改结果": "已按新政策重新核算，补足额度差额"})
    expect(loop_section(page)).to_contain_text("待反馈整改结果")
    page.goto(f"/cases/{appealed.pk}/")
    step(page, "差评申诉", {"申诉理由": "诉求人回访时误将“满意”说成“不满意”", "佐证材料说明": "回访录音"})
    expect(loop_section(page)).to_contain_text("待复核")
    sign_out(page)

    sign_in(page, "officer")
    page.goto(f"/cases/{rated.pk}/")
    step(page, "整改结果反馈", {"向诉求人反馈的整改情况": "已电话告知重新核算结果"})
    step(
        page,
        "差评整改回访",
        {"是否联系到诉求人": "option:yes", "问题是否解决": "option:yes", "满意度": "option:satisfied"},
    )
    expect(loop_section(page)).to_contain_text("已结束")
    expect(loop_section(page)).to_contain_text("整改后已回访")
    shot(page, "revisited")
    sign_out(page)

    sign_in(page, "leader")
    page.goto("/ratings/")
    page.get_by_role("region", name="待复核的申诉").get_by_role("link", name="复核").click()
    page.get_by_label("复核结论").select_option("yes")
    page.get_by_label("复核意见").fill("经听取回访录音，系误评")
    page.get_by_role("button", name="差评申诉复核").click()
    expect(loop_section(page)).to_contain_text("申诉成立")
    shot(page, "appeal-approved")
