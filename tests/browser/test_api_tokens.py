"""The token set-up page in a real browser: the administrator creates a token, copies it once, revokes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_the_administrator_creates_and_revokes_a_token(page, load_demo):
    from bancheng.api.tokens import authenticate

    load_demo("shenyang")
    sign_in(page, "admin")
    page.goto("/setup/api/")
    page.get_by_label("名称").fill("12345 平台")
    page.get_by_label("角色").select_option("customer_service")
    page.get_by_role("button", name="创建令牌").click()
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("bc_") and authenticate(secret) is not None
    page.goto("/setup/api/")
    expect(page.locator("#new-token")).to_have_count(0)
    page.get_by_role("button", name="吊销").click()
    expect(page.get_by_text("已吊销").first).to_be_visible()
    assert authenticate(secret) is None
