"""The leaders' dashboard (领导驾驶舱): who sees it, the JSON equals the KPI definitions on known histories,
every figure opens a case list of that many cases, the ECharts asset is served from the installation."""

from datetime import date
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.utils import timezone

from bancheng.dashboard import checks, vendor
from bancheng.domain.calendar import TZ
from bancheng.domain.kpi import Grouping, Kpi, Period, PeriodKind, Ratio, measure
from tests.stats.test_queries_match_definitions import History, build, facts_of

PAGE = "/dashboard/"
DATA = "/dashboard/data.json?period=month&day=2026-05-01"
MAY = Period.of(PeriodKind.MONTH, date(2026, 5, 1))
SATISFIED = ("satisfied",)  # the shenyang preset's closing satisfaction


def history(**changes):
    base = dict(
        day=16, hour=10, officer=0, channel="hotline", path="transfer", category=1, nature=0,
        case_class="general", transfer_delay=0, units=("DEP-1",), sign_delay=0, resolve_delays=(0, 0),
        notice=False, feedback_delay=0, visit=True, contacted=True, solved=True, satisfaction="satisfied",
        close=True,
    )  # fmt: skip
    base.update(changes)
    return History(**base)


# One unit per case, so that each case holds at most one item of each kind: a figure then counts cases.
HISTORIES = [
    history(),
    history(day=17, channel="onsite", transfer_delay=1, units=("EXT-TAX",), resolve_delays=(9, 0)),
    history(day=18, channel="phone", category=2, sign_delay=1, solved=False, satisfaction="unsatisfied",
            close=False),
    history(day=22, path="on_the_spot", channel="online", contacted=False),
    history(day=23, units=("EXT-BANK",), resolve_delays=(12, 0), feedback_delay=3, visit=False),
    history(day=25, path="out_of_scope"),
    history(day=31, units=("EXT-TAX",), notice=True),
]  # fmt: skip


@pytest.fixture
def known(org):
    from bancheng.org.choices import Role
    from bancheng.org.models import Staff

    other = Staff.objects.create_user(
        username="officer-hp", password="x", role=Role.CASE_OFFICER, unit=org.unit("HP"), full_name="和平专员"
    )
    officers = [org.officer, org.officer2, other]
    return [build(org, officers, h) for h in HISTORIES]


def listed(client, link):
    response = client.get(link)
    assert response.status_code == 200, link
    return response.context["page"].paginator.count


@pytest.mark.parametrize("username", ["office", "service", "leader"])
def test_the_office_customer_service_and_leaders_see_the_dashboard(signed_in, username):
    client = signed_in(username)
    assert client.get(PAGE).status_code == 200
    assert client.get(DATA).status_code == 200


@pytest.mark.parametrize("username", ["officer", "handler", "unithead", "auditor", "admin"])
def test_everyone_else_is_refused_the_dashboard_and_its_data_with_403(signed_in, username):
    client = signed_in(username)
    assert client.get(PAGE).status_code == 403
    assert client.get(DATA).status_code == 403


def test_the_page_has_no_inline_script_and_names_its_data_url(signed_in):
    page = signed_in("leader").get(PAGE + "?period=quarter&day=2026-05-01").content.decode()
    assert 'data-url="/dashboard/data.json?period=quarter&amp;day=2026-05-01"' in page
    assert "<script>" not in page and " onclick" not in page
    assert "/static/vendor/echarts/echarts.min.js" in page and "/static/dashboard/dashboard.js" in page


def test_a_bad_period_is_a_chinese_error_not_a_500(signed_in):
    client = signed_in("leader")
    response = client.get("/dashboard/data.json?period=decade&day=2026-13-01")
    assert response.status_code == 400 and response.json()["error"] == "统计周期或日期无效"
    assert "日期格式应为" in client.get(PAGE + "?period=month&day=2026-13-01").content.decode()


def test_the_three_goals_and_the_hotline_rates_equal_their_definitions(signed_in, known):
    data = signed_in("leader").get(DATA).json()
    facts = facts_of(known)
    now = timezone.now()
    for entry in data["goals"] + data["hotline"]:
        kpi = Kpi(entry["kpi"])
        expected = measure(kpi, facts, MAY, as_of=now, satisfied=SATISFIED).get(None, Ratio())
        assert (entry["numerator"], entry["denominator"]) == (expected.numerator, expected.denominator), kpi
    assert [e["label"] for e in data["goals"]] == ["即时转办率", "按期答复率", "按期整改率"]
    assert [e["label"] for e in data["hotline"]] == ["响应率", "解决率", "满意率"]
    assert all(e["denominator"] > 0 for e in data["goals"] + data["hotline"])


def test_units_are_ranked_by_their_on_time_rectification_as_defined(signed_in, known):
    data = signed_in("leader").get(DATA).json()
    expected = measure(Kpi.ON_TIME_RECTIFICATION, facts_of(known), MAY, as_of=timezone.now(),
                       grouping=Grouping.UNIT)  # fmt: skip
    assert {(e["numerator"], e["denominator"]) for e in data["units"]} == {
        (r.numerator, r.denominator) for r in expected.values()
    }
    rates = [e["rate"] for e in data["units"]]
    assert rates == sorted(rates, reverse=True)


def test_volume_by_category_and_channel_adds_up_to_the_cases_registered(signed_in, known):
    data = signed_in("leader").get(DATA).json()
    assert sum(r["value"] for r in data["by_channel"]) == len(HISTORIES)
    assert sum(r["value"] for r in data["by_category"]) == len(HISTORIES)


def test_the_monthly_trend_holds_may_as_its_last_point_and_weeks_cover_may(signed_in, known):
    data = signed_in("leader").get(DATA).json()
    months = data["trend_months"]
    assert months["labels"][-1] == "2026-05" and len(months["labels"]) == 12
    registered = next(s for s in months["series"] if s["kpi"] == "registered")
    assert registered["points"][-1]["rate"] == len(HISTORIES)
    weeks = next(s for s in data["trend_weeks"]["series"] if s["kpi"] == "registered")
    assert sum(p["rate"] for p in weeks["points"]) == len(HISTORIES)


def test_every_figure_opens_a_case_list_of_exactly_that_many_cases(signed_in, known):
    client = signed_in("leader")
    data = client.get(DATA).json()
    checked = 0
    for entry in data["goals"] + data["hotline"] + data["units"]:
        assert listed(client, entry["link"]) == entry["denominator"], entry
        assert listed(client, entry["miss_link"]) == entry["denominator"] - entry["numerator"], entry
        checked += 2
    for trend in (data["trend_weeks"], data["trend_months"]):
        for series in trend["series"]:
            for point in series["points"]:
                if point["denominator"]:
                    assert listed(client, point["link"]) == point["denominator"], point
                    checked += 1
    for row in data["by_category"] + data["by_channel"] + data["levels"]:
        assert listed(client, row["link"]) == row["value"], row
        checked += 1
    assert checked > 30


def test_open_cases_are_counted_at_each_escalation_level_of_the_policy(signed_in, org):
    from bancheng.cases import actions as act

    case = org.assessed(timezone.now())
    act.escalate_case(case, actor=org.officer, reason="需部门协调", now=timezone.now())
    levels = signed_in("leader").get(DATA).json()["levels"]
    assert [row["level"] for row in levels] == [0, 1, 2, 3]
    case.refresh_from_db()
    counts = {row["level"]: row["value"] for row in levels}
    assert counts[case.escalation_level] == 1 and sum(counts.values()) == 1


def test_whitenoise_serves_the_installed_echarts(client):
    response = client.get("/static/vendor/echarts/echarts.min.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"echarts" in body[:2000] and len(body) > 500_000


def test_a_missing_echarts_fails_the_system_check_and_the_page_says_so_in_chinese(signed_in, monkeypatch):
    monkeypatch.setattr(checks, "TARGET", Path("/nonexistent/echarts.min.js"))
    errors = [e for e in run_checks() if e.id == "bancheng.dashboard.E001"]
    assert errors and "缺少图表组件 ECharts" in errors[0].msg
    page = signed_in("leader").get(PAGE).content.decode()
    assert "缺少图表组件 ECharts" in page and "echarts.min.js" not in page


def test_a_tarball_that_does_not_match_the_pinned_sha512_is_refused():
    with pytest.raises(SystemExit, match="mismatch"):
        vendor.check_integrity(b"not the echarts tarball")


def test_the_cached_data_is_computed_afresh_after_any_action(signed_in, org):
    client = signed_in("leader")
    url = f"/dashboard/data.json?period=month&day={timezone.now().astimezone(TZ).date()}"
    before = client.get(url).json()
    assert client.get(url).json() == before  # served from the cache
    org.register(timezone.now())
    after = client.get(url).json()
    assert sum(r["value"] for r in after["by_channel"]) == sum(r["value"] for r in before["by_channel"]) + 1


def test_the_dashboard_from_the_daily_rollups_equals_the_live_one(org, known):
    """The roll-ups hold the complete days; the JSON read through them is the JSON computed live."""
    from bancheng.dashboard.selectors import dashboard_data
    from bancheng.stats import rollups

    now = timezone.now()
    live = dashboard_data(org.leader, MAY, now=now)
    rollups.refresh(now)
    assert rollups._rolled_span(MAY, now) is not None
    assert dashboard_data(org.leader, MAY, now=now) == live
