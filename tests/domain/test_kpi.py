"""The KPI definitions of docs/kpi.md on plain facts: each rule's denominator, numerator, grouping and period."""

from __future__ import annotations

from datetime import date

import pytest

from bancheng.domain import kpi
from bancheng.domain.kpi import (
    CaseFacts,
    DeadlineFacts,
    Grouping,
    Kpi,
    NoticeFacts,
    Period,
    PeriodKind,
    Ratio,
    VisitFacts,
)
from tests.domain.conftest import shanghai

MAY = Period.of(PeriodKind.MONTH, date(2026, 5, 14))
AS_OF = shanghai(2026, 6, 10, 12)


def case(**fields: object) -> CaseFacts:
    values: dict[str, object] = {
        "registered_at": shanghai(2026, 5, 6, 9),
        "state": "handling",
        "branch": 1,
        "officer": 7,
        "channel": "onsite",
    }
    values.update(fields)
    return CaseFacts(**values)  # type: ignore[arg-type]


def due(kind: str, day: int, met: int | None = None, **fields: object) -> DeadlineFacts:
    met_at = None if met is None else shanghai(2026, 5, met, 17)
    return DeadlineFacts(kind, shanghai(2026, 5, day, 17, 30), met_at, **fields)  # type: ignore[arg-type]


def visit(
    day: int, contacted: bool = True, solved: bool = True, satisfaction: str = "satisfied"
) -> VisitFacts:
    return VisitFacts(shanghai(2026, 5, day, 10), contacted, solved, satisfaction)


def test_a_period_of_a_month_runs_from_its_first_midnight_to_the_next_months():
    assert MAY.start == shanghai(2026, 5, 1) and MAY.end == shanghai(2026, 6, 1)
    assert shanghai(2026, 5, 31, 23, 59) in MAY and shanghai(2026, 6, 1) not in MAY
    assert "2026-05-02" not in MAY


@pytest.mark.parametrize(
    ("kind", "day", "start", "end"),
    [
        (PeriodKind.WEEK, date(2026, 5, 14), date(2026, 5, 11), date(2026, 5, 18)),
        (PeriodKind.QUARTER, date(2026, 5, 14), date(2026, 4, 1), date(2026, 7, 1)),
        (PeriodKind.QUARTER, date(2026, 12, 3), date(2026, 10, 1), date(2027, 1, 1)),
        (PeriodKind.YEAR, date(2026, 5, 14), date(2026, 1, 1), date(2027, 1, 1)),
        (PeriodKind.MONTH, date(2026, 12, 31), date(2026, 12, 1), date(2027, 1, 1)),
    ],
)
def test_each_period_kind_holds_the_day_and_ends_where_the_next_begins(kind, day, start, end):
    assert Period.of(kind, day) == Period.between(start, end)


def test_period_kinds_and_groupings_have_chinese_labels():
    assert PeriodKind.QUARTER.label == "季度"
    assert Grouping.UNIT.label == "承办单位" and Kpi.PROMPT_TRANSFER.label == "即时转办率"


def test_an_empty_denominator_gives_no_rate_rather_than_zero_or_full():
    assert Ratio().rate is None
    assert Ratio(3, 4).rate == 0.75


def test_prompt_transfer_counts_transfers_on_time_over_those_decided_in_the_period():
    facts = [
        case(deadlines=(due("prompt_transfer", 6, met=6),)),
        case(deadlines=(due("prompt_transfer", 7, met=8),)),  # late
        case(deadlines=(due("prompt_transfer", 8),)),  # never transferred, limit passed: a miss
        case(deadlines=(due("prompt_transfer", 9, cancelled=True),)),  # resolved without transfer
        case(deadlines=(due("prompt_transfer", 2, met=1),)),
    ]
    assert kpi.prompt_transfer_rate(facts, MAY, as_of=AS_OF) == Ratio(2, 4)


def test_a_deadline_still_running_is_not_counted_until_it_is_met_or_passes():
    facts = [case(deadlines=(due("feedback", 20),))]
    assert kpi.on_time_feedback_rate(facts, MAY, as_of=shanghai(2026, 5, 19)) == Ratio(0, 0)
    assert kpi.on_time_feedback_rate(facts, MAY, as_of=shanghai(2026, 5, 21)) == Ratio(0, 1)


def test_a_deadline_due_in_another_period_is_not_counted():
    facts = [case(deadlines=(DeadlineFacts("feedback", shanghai(2026, 6, 1), shanghai(2026, 5, 30)),))]
    assert kpi.on_time_feedback_rate(facts, MAY, as_of=AS_OF) == Ratio(0, 0)


def test_on_time_rectification_counts_only_assignment_deadlines():
    facts = [
        case(
            deadlines=(
                due("assignment", 10, met=9, unit=3),
                due("assignment", 12, met=14, unit=4),
                due("feedback", 12, met=11),
            )
        )
    ]
    assert kpi.on_time_rectification_rate(facts, MAY, as_of=AS_OF) == Ratio(1, 2)


def test_the_three_hotline_rates_count_visits_made_in_the_period():
    facts = [
        case(visits=(visit(10), visit(12, contacted=False, solved=False, satisfaction="unsatisfied"))),
        case(visits=(visit(11, solved=False, satisfaction="basically_satisfied"),)),
        case(visits=(VisitFacts(shanghai(2026, 4, 30), True, True, "satisfied"),)),
    ]
    assert kpi.contacted_rate(facts, MAY) == Ratio(2, 3)
    assert kpi.solved_rate(facts, MAY) == Ratio(1, 3)
    assert kpi.satisfied_rate(facts, MAY, satisfied=("satisfied", "basically_satisfied")) == Ratio(2, 3)
    assert kpi.satisfied_rate(facts, MAY, satisfied=("satisfied",)) == Ratio(1, 3)


def test_completion_leaves_out_cases_out_of_scope_or_withdrawn():
    visited = shanghai(2026, 5, 9)
    facts = [
        case(state="closed", visited_at=visited),
        case(state="archived", visited_at=visited),
        case(state="handling"),
        case(state="out_of_scope", out_of_scope=True),
        case(state="archived", out_of_scope=True),
        case(state="withdrawn"),
        case(state="archived"),  # withdrawn, then archived: no visit
        case(state="closed", registered_at=shanghai(2026, 4, 30)),
    ]
    assert kpi.completion_rate(facts, MAY) == Ratio(2, 3)


def test_follow_up_counts_cases_answered_in_the_period_that_were_visited():
    facts = [
        case(feedback_at=shanghai(2026, 5, 8), visited_at=shanghai(2026, 6, 2)),
        case(feedback_at=shanghai(2026, 5, 9)),
        case(feedback_at=shanghai(2026, 4, 9), visited_at=shanghai(2026, 5, 2)),
        case(),
    ]
    assert kpi.follow_up_rate(facts, MAY) == Ratio(1, 2)


def test_overdue_counts_deadlines_of_any_kind_met_late_or_open_past_due():
    facts = [
        case(
            deadlines=(
                due("feedback", 10, met=12),
                due("assignment", 10, met=9),
                due("notice_answer", 11),
                due("response", 11, cancelled=True),
            )
        )
    ]
    assert kpi.overdue_count(facts, MAY, as_of=AS_OF) == Ratio(2, 3)


def test_registered_counts_every_case_registered_in_the_period():
    facts = [case(), case(state="out_of_scope", out_of_scope=True), case(registered_at=shanghai(2026, 6, 1))]
    assert kpi.registered_count(facts, MAY) == Ratio(2, 2)


def test_notices_issued_counts_notices_of_the_period():
    facts = [case(notices=(NoticeFacts(shanghai(2026, 5, 3), 4), NoticeFacts(shanghai(2026, 6, 3), 4)))]
    assert kpi.notices_issued(facts, MAY) == Ratio(1, 1)


def test_average_days_to_close_counts_working_days_of_cases_closed_in_the_period(cal):
    facts = [
        # Wednesday 6 May to Wednesday 13 May 2026: six working days (Saturday 9 May is a make-up day).
        case(state="closed", visited_at=shanghai(2026, 5, 12), closed_at=shanghai(2026, 5, 13, 10)),
        case(state="archived", visited_at=shanghai(2026, 5, 6), closed_at=shanghai(2026, 5, 6, 16)),
        case(state="archived", closed_at=shanghai(2026, 5, 7)),  # withdrawn
        case(state="closed", visited_at=shanghai(2026, 6, 1), closed_at=shanghai(2026, 6, 2)),
    ]
    found = kpi.days_to_close(facts, MAY, working_days=cal.working_days_between)
    assert found == Ratio(6, 2) and found.rate == 3.0


def test_average_days_to_close_needs_a_calendar():
    with pytest.raises(ValueError, match="calendar"):
        kpi.measure(Kpi.DAYS_TO_CLOSE, [case()], MAY, as_of=AS_OF)


def test_grouping_by_a_case_field_splits_the_count_by_that_field():
    facts = [
        case(branch=1, deadlines=(due("feedback", 10, met=9),)),
        case(branch=2, deadlines=(due("feedback", 10, met=11),)),
        case(branch=2, deadlines=(due("feedback", 12, met=11),)),
    ]
    found = kpi.measure(Kpi.ON_TIME_FEEDBACK, facts, MAY, as_of=AS_OF, grouping=Grouping.BRANCH)
    assert found == {1: Ratio(1, 1), 2: Ratio(1, 2)}


@pytest.mark.parametrize(
    ("grouping", "expected"),
    [
        (Grouping.OFFICER, {7: Ratio(1, 1)}),
        (Grouping.CATEGORY, {"withdrawal": Ratio(1, 1)}),
        (Grouping.NATURE, {"service": Ratio(1, 1)}),
        (Grouping.CLASS, {"difficult": Ratio(1, 1)}),
        (Grouping.CHANNEL, {"hotline": Ratio(1, 1)}),
        (Grouping.ALL, {None: Ratio(1, 1)}),
    ],
)
def test_each_case_field_grouping_uses_its_field(grouping, expected):
    facts = [
        case(
            category="withdrawal",
            nature="service",
            case_class="difficult",
            channel="hotline",
            visits=(visit(3),),
        )
    ]
    assert kpi.measure(Kpi.CONTACTED, facts, MAY, as_of=AS_OF, grouping=grouping) == expected


def test_by_unit_an_assignment_deadline_counts_for_its_unit_and_a_case_deadline_for_each_unit():
    facts = [
        case(
            units=frozenset({3, 4}),
            deadlines=(due("assignment", 10, met=9, unit=3), due("feedback", 11, met=12)),
        ),
        case(deadlines=(due("feedback", 11, met=10),)),
    ]
    found = kpi.measure(Kpi.OVERDUE, facts, MAY, as_of=AS_OF, grouping=Grouping.UNIT)
    assert found == {3: Ratio(1, 2), 4: Ratio(1, 1), None: Ratio(0, 1)}


def test_by_period_each_item_counts_in_the_period_of_its_own_time_in_shanghai():
    facts = [
        case(visits=(visit(4), visit(10, contacted=False))),
        # 23:30 UTC on Sunday 10 May is Monday 11 May in Shanghai.
        case(visits=(VisitFacts(shanghai(2026, 5, 11, 7, 30), True, True, "satisfied"),)),
    ]
    found = kpi.measure(Kpi.CONTACTED, facts, MAY, as_of=AS_OF, grouping=Grouping.WEEK)
    assert found == {date(2026, 5, 4): Ratio(1, 2), date(2026, 5, 11): Ratio(1, 1)}
    assert Grouping.WEEK.period_kind is PeriodKind.WEEK and Grouping.BRANCH.period_kind is None


def test_notices_count_for_the_unit_they_were_issued_to():
    facts = [case(units=frozenset({3, 4}), notices=(NoticeFacts(shanghai(2026, 5, 3), 4),))]
    assert kpi.measure(Kpi.NOTICES, facts, MAY, as_of=AS_OF, grouping=Grouping.UNIT) == {4: Ratio(1, 1)}


def test_the_composite_score_is_the_weighted_mean_of_the_rates_that_exist():
    rates = {Kpi.PROMPT_TRANSFER: 1.0, Kpi.ON_TIME_FEEDBACK: 0.5, Kpi.SATISFIED: None}
    assert kpi.composite_score(rates) == pytest.approx(0.75)
    weights = {Kpi.PROMPT_TRANSFER: 3.0, Kpi.ON_TIME_FEEDBACK: 1.0}
    assert kpi.composite_score(rates, weights) == pytest.approx(0.875)


def test_the_composite_score_is_none_when_no_weighted_rate_exists():
    assert kpi.composite_score({Kpi.SATISFIED: None, Kpi.OVERDUE: 3.0}) is None


def test_only_percentages_are_rates_and_the_hundred_percent_goals_are_marked():
    assert Kpi.SATISFIED.is_rate and not Kpi.OVERDUE.is_rate and not Kpi.DAYS_TO_CLOSE.is_rate
    assert Kpi.PROMPT_TRANSFER.goal_is_full and not Kpi.SOLVED.goal_is_full
