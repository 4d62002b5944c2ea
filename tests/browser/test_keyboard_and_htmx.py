"""Keyboard only: the skip link comes first, sign-in and sign-out need no mouse. And htmx: the phone field of
the registration form shows that number's earlier cases as it is typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PASSWORD, Screenshots
from tests.browser.pages import label_pattern, tab_to

pytestmark = pytest.mark.browser

FIRST_FOCUSABLE = """() => {
    const all = document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])');
    return all.length ? all[0].outerHTML : null;
}"""


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.textContent.trim() || document.activeElement.id")


def test_sign_in_skip_to_the_content_and_sign_out_with_the_keyboard_alone(page, load_demo):
    load_demo("shenyang")
    page.goto("/login/")
    assert "跳到正文" in page.evaluate(FIRST_FOCUSABLE)
    # The user name field has the focus on arrival; Shift+Tab twice passes the brand link to the skip link.
    assert page.evaluate("() => document.activeElement.id") == "id_username"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "跳到正文"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("officer")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("工作台")

    # On a page without a focused field the first Tab lands on the visible skip link; Enter goes to the content.
    page.keyboard.press("Tab")
    assert focused(page) == "跳到正文"
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_in_viewport()
    Screenshots(ARTIFACTS / "keyboard")(page, "skip-link-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    assert page.evaluate("() => document.activeElement.id") == "main"

    # Sign out: Tab to 退出 from the top of the page, Enter.
    page.goto("/")
    tab_to(page, "header form button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/login/"))
    expect(page.get_by_label("用户名")).to_be_visible()


def test_the_phone_field_lists_earlier_cases_of_that_number_through_htmx(page, load_demo):
    from bancheng.cases import selectors
    from bancheng.org.models import Staff
    from tests.browser.conftest import sign_in

    load_demo("shenyang")
    officer = Staff.objects.get(username="officer")
    earlier = selectors.cases_visible_to(officer).order_by("pk").first()
    sign_in(page, "officer")
    page.goto("/cases/new/")
    assert page.evaluate("() => typeof window.htmx") == "object", "htmx did not load"
    panel = page.get_by_role("region", name="该电话的历史诉求")
    expect(panel).to_contain_text("输入联系电话后显示")

    phone = page.get_by_label(label_pattern("联系电话"))
    with page.expect_response(lambda r: "/cases/new/earlier/" in r.url) as answer:
        phone.press_sequentially(earlier.requester_phone)
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(panel).to_contain_text("历史诉求")
    expect(panel.get_by_role("link", name=earlier.number)).to_be_visible()
    Screenshots(ARTIFACTS / "htmx")(page, "earlier-cases")

    phone.fill("")
    phone.press_sequentially("13000000001")
    expect(panel).to_contain_text("没有该电话的历史诉求")
