"""The leaders' dashboard in a real browser: ECharts (served from the installation) draws every chart under
the strict CSP, with no script error, and a click on a bar opens the case list behind it."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bancheng.domain.calendar import TZ
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

CHARTS = ["goals", "hotline", "weeks", "months", "category", "channel", "units", "levels"]


def test_the_dashboard_draws_its_charts_and_a_bar_opens_its_case_list(page, load_demo, screenshots):
    from django.core.cache import cache

    cache.clear()  # the dashboard's JSON cache is per process; an earlier test's entry may share its key
    load_demo("shenyang")
    today = timezone.now().astimezone(TZ).date()
    sign_in(page, "leader")
    page.get_by_role("link", name="领导驾驶舱").first.click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    page.goto(f"/dashboard/?period=year&day={today}")
    expect(page.locator("#dashboard")).to_have_attribute("data-ready", "1")
    for name in CHARTS:
        expect(page.locator(f"#chart-{name} canvas").first).to_be_attached()
    expect(page.locator("#table-goals tbody tr")).to_have_count(3)
    screenshots(page, "dashboard")

    # The channel chart's first bar, clicked in its middle: ECharts tells where it is drawn.
    page.locator("#chart-channel").scroll_into_view_if_needed()
    box = page.locator("#chart-channel").bounding_box()
    x, y, value = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById("chart-channel"));
            const bar = chart.getOption().series[0].data[0];
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [0, bar.value / 2]);
            return [x, y, bar.value];
        }"""
    )
    assert value > 0
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(re.compile(r"/cases/\?channel="))
    expect(page.locator("#results")).to_contain_text(f"共 {value} 件")
    screenshots(page, "channel-list")


def test_the_supervision_board_opens_the_list_behind_a_number(page, load_demo, screenshots):
    load_demo("shenyang")
    sign_in(page, "office")
    page.get_by_role("link", name="督办看板").first.click()
    page.wait_for_url(re.compile(r"/dashboard/supervision/$"))
    expect(page.get_by_role("heading", name="不配合情况（按单位）")).to_be_visible()
    screenshots(page, "board")
    tile = page.locator(".tiles a").first
    count = tile.locator("strong").inner_text()
    tile.click()
    page.wait_for_url(re.compile(r"/cases/\?late_unit=all"))
    expect(page.locator("h1")).to_contain_text("超期未办结")
    expect(page.locator("#results")).to_contain_text(f"共 {count} 件")
