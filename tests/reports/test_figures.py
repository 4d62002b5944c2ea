"""The report's figures on the small October dataset of conftest.py: known counts, and the same rates as
the stats queries."""

from datetime import date

import pytest

from bancheng.cases.models import Case
from bancheng.domain.errors import DomainError
from bancheng.domain.kpi import Kpi, Period, PeriodKind
from bancheng.reports import figures
from bancheng.stats import queries
from tests.reports.conftest import AS_OF

OCTOBER = date(2026, 10, 1)


def compute(branch=None, kind=PeriodKind.MONTH, start=OCTOBER):
    return figures.compute(kind, start, branch, as_of=AS_OF)


def test_volume_counts_the_cases_registered_in_the_month_and_the_month_before(october):
    v = compute()["volume"]
    assert (v["registered"], v["previous"], v["change"]) == (4, 1, 3)
    assert v["change_shown"] == "增加 3 件（+300.0%）"
    assert v["by_channel"] == [["现场", 4]]
    assert (v["closed"], v["open"], v["out_of_scope"]) == (0, 4, 0)


def test_the_trend_shows_six_months_ending_with_the_report_month(october):
    trend = compute()["trend"]
    assert [t["label"] for t in trend] == [f"2026年{m}月" for m in range(5, 11)]
    assert [t["registered"] for t in trend] == [0, 0, 0, 0, 1, 4]


def test_a_quarter_report_counts_the_quarter_and_trends_over_four_quarters(october):
    f = compute(kind=PeriodKind.QUARTER, start=date(2026, 11, 20))
    assert f["title"] == "“办不成事”反映窗口研判通报（2026年第四季度）"
    assert f["volume"]["registered"] == 4 and f["volume"]["previous"] == 1
    assert [t["label"] for t in f["trend"]][-2:] == ["2026年第三季度", "2026年第四季度"]


def test_top_categories_are_ranked_with_their_share(october):
    cats = compute()["categories"]
    assert [(c["label"], c["count"], c["share"]) for c in cats] == [
        ("提取", 3, "75.0%"),
        ("（未研判）", 1, "25.0%"),
    ]


def test_the_same_problem_from_three_requesters_is_a_repeated_problem(october):
    _, cases = october
    rep = compute()["repeated"]
    assert rep["same_problem_count"] == 1
    (problem,) = rep["same_problem"]
    assert (problem["category"], problem["business"], problem["requesters"]) == ("提取", "住房公积金提取", 3)
    assert problem["cases"] == sorted(cases[k].number for k in ("c1", "c2", "c4"))


def test_the_same_requester_twice_is_a_repeated_problem_and_is_masked(october):
    _, cases = october
    rep = compute()["repeated"]
    (person,) = rep["same_requester"]
    assert person["requester"] == "张* 138****0001"
    assert person["cases"] == sorted(cases[k].number for k in ("c1", "c3"))
    assert "13800000001" not in str(compute())


def test_a_unit_with_an_unanswered_assignment_past_due_is_late(october):
    (unit,) = compute()["late_units"]
    assert (unit["unit"], unit["late"], unit["decided"], unit["on_time_rate"]) == ("归集部", 1, 1, "0.0%")


def test_cases_are_counted_at_their_escalation_level(october):
    levels = {lv["level"]: (lv["cases"], lv["open"]) for lv in compute()["escalation"]}
    # a difficult case starts at level 1 (shenyang: 困难 handled by the unit head); c4 went up to 2
    assert levels == {0: (1, 1), 1: (2, 2), 2: (1, 1), 3: (0, 0)}


def test_the_rates_are_the_stats_queries_numbers(october):
    period = Period.of(PeriodKind.MONTH, OCTOBER)
    for rate in compute()["rates"]:
        kpi = Kpi(rate["code"])
        if kpi is Kpi.DAYS_TO_CLOSE:
            continue
        found = queries.measure(kpi, Case.objects.all(), period, as_of=AS_OF, satisfied=("satisfied",))
        ratio = found.get(None)
        assert (rate["numerator"], rate["denominator"]) == (
            (ratio.numerator, ratio.denominator) if ratio else (0, 0)
        )


def test_a_branch_report_counts_only_that_branch(october):
    org, _ = october
    assert compute(branch=org.unit("HQ"))["volume"]["registered"] == 4
    other = compute(branch=org.unit("HP"))
    assert other["volume"]["registered"] == 0 and other["scope"] == "和平管理部"
    assert other["categories"] == [] and other["late_units"] == []


def test_an_empty_month_has_no_rates_only_dashes(org):
    f = compute(start=date(2001, 1, 1))
    assert f["volume"]["registered"] == 0
    assert {r["shown"] for r in f["rates"] if r["code"] not in ("overdue", "notices")} == {"—"}


def test_a_bad_period_is_a_chinese_error():
    from bancheng.domain.reports import parse_month, parse_quarter

    with pytest.raises(DomainError) as bad:
        parse_month("2026-13")
    assert bad.value.code == "report.bad_period" and "2026-10" in bad.value.message
    with pytest.raises(DomainError):
        parse_quarter("2026Q5")
    assert parse_quarter("2026q3") == date(2026, 7, 1)


def test_the_number_of_queries_does_not_grow_with_the_cases(october):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org, _ = october
    with CaptureQueriesContext(connection) as before:
        compute()
    for day in (20, 21, 22):
        org.register(
            AS_OF.replace(month=10, day=day), requester_name="钱七", requester_phone=f"1390000000{day % 10}"
        )
    with CaptureQueriesContext(connection) as after:
        found = compute()
    assert found["volume"]["registered"] == 7
    assert len(after.captured_queries) == len(before.captured_queries)
