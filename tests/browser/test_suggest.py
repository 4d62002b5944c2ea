"""Typing the business and the problem on the registration page brings the suggestion panel: the suggested
category and handling unit with confidence and deciding words, fetched by the panel's own script (CSP)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def models(load_demo):
    from bancheng.suggest import learning, samples
    from bancheng.suggest.actions import save_model
    from bancheng.suggest.choices import Kind
    from bancheng.suggest.selectors import cache

    load_demo("shenyang")
    data = samples.generate(300, seed=3)
    texts = [learning.case_text(s.business, s.problem) for s in data]
    for kind in (Kind.CATEGORY, Kind.UNIT):
        save_model(kind, learning.train(texts, [getattr(s, kind.value) for s in data]))
    cache.clear()
    yield
    cache.clear()


def test_typing_on_the_register_form_shows_the_suggested_category_and_unit(page, models):
    sign_in(page, "officer")
    page.goto("/cases/new/")
    panel = page.locator("#suggest-panel")
    expect(panel).to_contain_text("输入所办事项或反映内容后显示")
    page.get_by_label("所办事项").fill("公积金贷款")
    page.get_by_label("反映内容").press_sequentially("贷款审批三个月了还没放款", delay=10)
    expect(panel.locator("[data-kind=category]")).to_contain_text("贷款", timeout=10_000)
    expect(panel.locator("[data-kind=category]")).to_contain_text("置信度")
    expect(panel.locator("[data-kind=unit]")).to_contain_text("信贷部")
    expect(panel).to_contain_text("依据：")
