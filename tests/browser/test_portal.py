"""The public portal on a phone (390 x 844, no sign-in): report online, look the case up by number and phone,
and rate the result through the one-time link after the window has answered."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, Screenshots

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def solve(question: str) -> str:
    a, b = (int(n) for n in re.findall(r"(\d+) 加 (\d+)", question)[0])
    return str(a + b)


def answer_the_case(number: str) -> str:
    """The staff side, through the actions: assess, transfer, the unit answers, the window gives feedback;
    returns the token of the rating link."""
    from django.utils import timezone

    from bancheng.cases import actions as act
    from bancheng.cases.models import Case
    from bancheng.notifications.services import invite_rating
    from bancheng.org.models import Staff

    case = Case.objects.get(number=number)
    officer, handler = Staff.objects.get(username="officer"), Staff.objects.get(username="handler")
    window = case.officer
    act.assess_case(case, actor=window, category="withdrawal", nature="service", case_class="difficult",
                    disposal="transfer")  # fmt: skip
    act.transfer_case(case, actor=window, to=[act.TransferTo(handler.unit_id, "请核实")])
    assignment = case.assignments.get()
    act.sign_for_assignment(assignment, actor=handler)
    act.record_resolution(assignment, actor=handler, resolution="已更正")
    act.give_feedback(case, actor=officer if window is None else window, feedback="已告知", solved=True)
    url = invite_rating(case, timezone.now())
    return url.rsplit("/rate/", 1)[1].strip("/")


def test_a_requester_reports_follows_and_rates_a_case_from_a_phone(browser, live_server, load_demo):
    load_demo("shenyang")
    shot = Screenshots(ARTIFACTS / "portal-phone")
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE,
        is_mobile=True, has_touch=True, java_script_enabled=False,
    )  # fmt: skip
    errors: list[str] = []
    context.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto("/portal/")
    page.get_by_role("link", name="我要反映").first.click()
    page.get_by_label("您要办理的事项").fill("公积金贷款")
    page.get_by_label("遇到了什么问题").fill("贷款审批两个月没有结果")
    page.get_by_label("反映人类型").select_option("person")
    page.get_by_label("您的姓名").fill("王小明")
    page.get_by_label("手机号码").fill("13700002222")
    page.get_by_label(re.compile("验证问题")).fill(solve(page.get_by_text(re.compile("等于几")).inner_text()))
    page.get_by_label(re.compile("我已阅读并同意")).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "report")
    page.get_by_role("button", name="提交反映").click()
    expect(page.get_by_role("heading", name="您的反映已受理")).to_be_visible()
    number = page.locator(".number").inner_text()
    shot(page, "reported")

    page.get_by_role("link", name="查询办理进度").click()
    expect(page.get_by_label("诉求件编号")).to_have_value(number)
    page.get_by_label("反映时登记的手机号码").fill("13700002222")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name=f"诉求件 {number}")).to_be_visible()
    expect(page.get_by_text("王*")).to_be_visible()
    assert "王小明" not in page.content()
    shot(page, "progress")

    token = answer_the_case(number)
    page.goto(f"/rate/{token}/")
    page.get_by_label("办理人员是否与您联系过？").select_option("yes")
    page.get_by_label("您反映的问题是否得到解决？").select_option("yes")
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("意见和建议（可选）").fill("很及时")
    shot(page, "rate")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("heading", name="感谢您的评价")).to_be_visible()

    page.goto(f"/rate/{token}/")
    expect(page.get_by_text("该评价链接已使用")).to_be_visible()
    page.goto(f"/progress/{number}/")
    page.get_by_label("反映时登记的手机号码").fill("13700002222")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("list").get_by_text("已回访")).to_be_visible()
    shot(page, "visited")
    context.close()
    assert not errors, errors
