"""The analysis report's rules: periods, their names and trends, and what a repeated problem is."""

from datetime import date

import pytest

from bancheng.domain.errors import DomainError
from bancheng.domain.kpi import PeriodKind
from bancheng.domain.reports import (
    CaseRow,
    parse_month,
    parse_quarter,
    period_code,
    period_label,
    require_kind,
    same_problems,
    same_requesters,
    title,
    trend_starts,
)


def row(number, requester, business="住房公积金提取", category="withdrawal"):
    return CaseRow(number, category, business, requester)


def test_a_month_and_a_quarter_are_named_as_the_office_writes_them():
    assert period_label(PeriodKind.MONTH, date(2026, 10, 1)) == "2026年10月"
    assert period_label(PeriodKind.QUARTER, date(2026, 7, 1)) == "2026年第三季度"
    assert title(PeriodKind.MONTH, date(2026, 10, 1)) == "“办不成事”反映窗口研判通报（2026年10月）"
    assert period_code(PeriodKind.QUARTER, date(2026, 7, 1)) == "2026Q3"


def test_the_command_line_periods_parse_and_bad_ones_are_refused():
    assert parse_month("2026-10") == date(2026, 10, 1)
    assert parse_quarter("2026Q3") == date(2026, 7, 1)
    for bad in ("2026-00", "2026/10", "", "1999-01"):
        with pytest.raises(DomainError):
            parse_month(bad)
    with pytest.raises(DomainError):
        parse_quarter("2026Q0")
    with pytest.raises(DomainError):
        require_kind("year")


def test_a_monthly_trend_is_six_months_across_the_new_year():
    starts = trend_starts(PeriodKind.MONTH, date(2026, 2, 14))
    assert starts == [date(2025, m, 1) for m in (9, 10, 11, 12)] + [date(2026, 1, 1), date(2026, 2, 1)]


def test_a_quarterly_trend_is_four_quarters():
    assert trend_starts(PeriodKind.QUARTER, date(2026, 5, 5)) == [
        date(2025, 7, 1), date(2025, 10, 1), date(2026, 1, 1), date(2026, 4, 1)
    ]  # fmt: skip


def test_one_problem_from_two_requesters_is_repeated_whatever_the_spaces_and_case():
    found = same_problems([row("A", "p1", "ABC 提取"), row("B", "p2", "abc提取"), row("C", "p3", "贷款")])
    assert [(p.business, p.cases, p.requesters) for p in found] == [("ABC 提取", ("A", "B"), 2)]


def test_one_requester_asking_the_same_twice_is_not_several_requesters():
    assert same_problems([row("A", "p1"), row("B", "p1")]) == []


def test_the_same_business_in_two_categories_is_two_problems():
    assert same_problems([row("A", "p1", category="loan"), row("B", "p2", category="withdrawal")]) == []


def test_a_requester_with_two_cases_is_a_repeat_and_most_cases_come_first():
    rows = [row("A", "p1"), row("B", "p2"), row("C", "p1"), row("D", "p2"), row("E", "p2"), row("F", "p3")]
    found = same_requesters(rows)
    assert [(r.requester, r.cases) for r in found] == [("p2", ("B", "D", "E")), ("p1", ("A", "C"))]


def test_a_case_without_a_requester_key_is_not_a_repeat():
    assert same_requesters([row("A", ""), row("B", "")]) == []
