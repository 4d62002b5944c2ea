"""What a person does on the workspace's pages, in the words of the pages: open a case by its number, click an
action by its Chinese label, fill the form by its labels, submit with the button that carries the same label,
and read the result (state badge, message, timeline)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect

CASE_URL = re.compile(r"/cases/(\d+)/$")


@dataclass(frozen=True)
class PresetChoices:
    """The form choices a walk uses under one preset (codes from ``domain/policy.py``)."""

    case_class: str  # code
    class_label: str  # what the case page shows
    handler_unit: str  # DEP-1 of the demo organization: where handler and unithead work
    extension_approver: str  # the demo person whose role the policy lets approve an extension


PRESETS = {
    "shenyang": PresetChoices("difficult", "困难问题", "归集部", "unithead"),
    "shanting": PresetChoices("general", "一般事项", "区人社局窗口", "unithead"),
    # putuo: only the leadership approves extensions (extension_approver_roles = ("leader",)).
    "putuo": PresetChoices("general", "一般事项", "劳动保障所", "leader"),
}


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus after {limit} Tab presses")


def press_access_key(page: Page, key: str) -> None:
    """Alt+<key>, the way Chromium on Linux activates an ``accesskey``. Playwright's ``keyboard.press``
    sends no character with Alt held, and Chromium matches access keys on the character event, so the
    three key events a real keyboard produces are sent through the DevTools protocol."""
    alt = 1  # the DevTools protocol's modifier bit for Alt
    event = {
        "modifiers": alt,
        "key": key,
        "code": f"Key{key.upper()}",
        "windowsVirtualKeyCode": ord(key.upper()),
    }
    session = page.context.new_cdp_session(page)
    try:
        session.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **event})
        session.send("Input.dispatchKeyEvent", {"type": "char", "text": key, "unmodifiedText": key, **event})
        session.send("Input.dispatchKeyEvent", {"type": "keyUp", **event})
    finally:
        session.detach()


def register_by_keyboard(
    page: Page,
    *,
    name: str = "张三",
    phone: str = "13900001111",
    business: str = "住房公积金提取",
    problem: str = "提取申请被退回三次，每次说法不同",
) -> str:
    """From any workspace page: Alt+N to the registration form, Tab through the fields, type, Alt+S.
    Returns the new case's number."""
    press_access_key(page, "n")
    page.wait_for_url(re.compile(r"/cases/new/$"))
    for selector, value in [
        ("#id_requester_name", name),
        ("#id_requester_phone", phone),
        ("#id_business", business),
        ("#id_problem", problem),
    ]:
        tab_to(page, selector)
        page.keyboard.type(value)
    press_access_key(page, "s")
    page.wait_for_url(CASE_URL)
    expect_message(page, "已受理")
    return case_number(page)


def case_number(page: Page) -> str:
    heading = page.get_by_role("heading", level=1).inner_text()
    found = re.search(r"诉求件\s+(\S+)", heading)
    assert found, heading
    return found.group(1)


def open_case(page: Page, number: str) -> None:
    """Find a case in the case list by its number (the filter posts through htmx) and open it."""
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="诉求件").click()
    page.wait_for_url(re.compile(r"/cases/"))
    page.get_by_label(label_pattern("编号")).fill(number)
    page.get_by_role("button", name="筛选", exact=True).click()
    page.locator("#results").get_by_role("link", name=number, exact=True).click()
    page.wait_for_url(CASE_URL)


def state_badge(page: Page) -> Locator:
    return page.locator("header.case-head h1 .badge").first


def expect_state(page: Page, label: str) -> None:
    expect(state_badge(page)).to_have_text(label)


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def expect_last_event(page: Page, label: str) -> None:
    expect(page.locator("#timeline li").last.locator("strong")).to_have_text(label)


def act(
    page: Page, label: str, fields: dict[str, str] | None = None, *, within: Locator | None = None
) -> None:
    """Click the action ``label`` on the case page (inside ``within`` if given), fill the form by its field
    labels (text; ``"option:<value>"`` or ``"index:<n>"`` for a select; ``"check"`` for a box), submit with the button of
    the same label and come back to the case page with the message ``已<label>``."""
    region = within if within is not None else page.get_by_role("navigation", name="可执行的操作")
    region.get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)
    fill(page, fields or {})
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_url(CASE_URL)
    expect_message(page, f"已{label}")
    expect_last_event(page, label)


def label_pattern(label: str) -> re.Pattern[str]:
    """A field's label exactly, with or without the label suffix Django adds (":" or "：")."""
    return re.compile(rf"^{re.escape(label)}[:：]?$")


def fill(page: Page, fields: dict[str, str]) -> None:
    for label, value in fields.items():
        field = page.get_by_label(label_pattern(label))
        if value.startswith("option:"):
            field.select_option(value.removeprefix("option:"))
        elif value.startswith("index:"):
            field.select_option(index=int(value.removeprefix("index:")))
        elif value == "check":
            field.check()
        else:
            field.fill(value)
