"""The unit evaluation rules (bancheng.domain.evaluation)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bancheng.domain.errors import DomainError
from bancheng.domain.evaluation import (
    EvaluationPeriod,
    EvaluationRules,
    Grade,
    Item,
    UnitCounts,
    evaluate,
    excellent_places,
    parse_period,
    period_of,
    previous_periods,
    score,
)
from bancheng.domain.kpi import PeriodKind
from bancheng.domain.policy import PRESETS, KpiWeight, policy_from_dict, policy_to_dict, preset

RULES = EvaluationRules()


def unit(n: int, **counts: int) -> UnitCounts:
    return UnitCounts(unit=n, name=f"单位{n:02d}", **{"handled": 1, **counts})


def by_unit(results: list) -> dict:
    return {r.counts.unit: r for r in results}


def test_the_score_is_the_base_less_each_count_times_its_points():
    value, deductions = score(unit(1, late=2, notices=1, bad_ratings=3, non_cooperation=1), RULES)
    assert value == 100 - 2 * 2 - 3 - 3 * 2 - 5
    assert [(d.item, d.count, d.points) for d in deductions] == [
        (Item.LATE, 2, 4.0),
        (Item.NOTICE, 1, 3.0),
        (Item.BAD_RATING, 3, 6.0),
        (Item.NON_COOPERATION, 1, 5.0),
    ]


def test_the_score_never_goes_below_the_floor():
    value, _ = score(unit(1, late=500), RULES)
    assert value == 0


def test_grades_follow_the_score_lines_below_excellent():
    results = by_unit(evaluate([unit(1, late=5), unit(2, late=15), unit(3, late=25)], RULES))
    assert results[1].grade is Grade.PASS  # 90 but one place in ten is none in three
    assert results[2].grade is Grade.BASIC  # 70
    assert results[3].grade is Grade.FAIL  # 50


def test_the_excellent_quota_is_a_share_of_the_units_evaluated_rounded_down():
    assert excellent_places(9, 0.1) == 0
    assert excellent_places(10, 0.1) == 1
    assert excellent_places(30, 0.1) == 3
    assert excellent_places(19, 0.1) == 1


def test_the_best_units_within_the_quota_are_excellent_the_others_pass():
    units = [unit(i, late=i) for i in range(1, 21)]  # scores 98, 96, ..., 60: two places in twenty
    results = by_unit(evaluate(units, RULES))
    assert [u for u, r in results.items() if r.grade is Grade.EXCELLENT] == [1, 2]
    assert results[3].grade is Grade.PASS
    assert results[3].note == "已达优秀分数线，超出优秀比例"


def test_a_tie_at_the_edge_of_the_quota_is_never_split():
    units = [unit(1), unit(2, late=1), unit(3, late=1)] + [unit(i, late=10) for i in range(4, 21)]
    results = by_unit(evaluate(units, RULES))  # two places: unit 1 and one of the tied 2 and 3
    assert results[1].grade is Grade.EXCELLENT
    assert results[2].grade is Grade.PASS and results[3].grade is Grade.PASS


def test_units_with_the_same_score_share_a_rank():
    results = by_unit(evaluate([unit(1), unit(2, late=1), unit(3, notices=0, bad_ratings=1)], RULES))
    assert (results[1].rank, results[2].rank, results[3].rank) == (1, 2, 2)


def test_the_results_are_best_first_then_by_name():
    results = evaluate([unit(3, late=1), unit(2, late=1), unit(1, late=4)], RULES)
    assert [r.counts.unit for r in results] == [2, 3, 1]


def test_non_cooperation_bars_excellent_when_the_policy_says_so():
    units = [unit(1, non_cooperation=1)] + [unit(i, late=10) for i in range(2, 11)]
    rules = replace(RULES, non_cooperation_points=0)
    assert by_unit(evaluate(units, rules))[1].grade is Grade.PASS
    open_rules = replace(rules, non_cooperation_bars_excellent=False)
    assert by_unit(evaluate(units, open_rules))[1].grade is Grade.EXCELLENT


def test_a_unit_with_nothing_handled_and_nothing_deducted_is_not_evaluated():
    results = by_unit(evaluate([UnitCounts(1, "空闲单位"), unit(2, late=30)], RULES))
    assert results[1].rank is None and results[1].grade is None
    assert results[1].note == "本期无办件，不参评"
    assert results[2].rank == 1  # the idle unit, with its 100, does not rank above it
    assert evaluate([UnitCounts(1, "x"), unit(2)], RULES)[-1].counts.unit == 1  # listed last


def test_a_unit_with_a_deduction_is_evaluated_even_without_new_assignments():
    assert UnitCounts(1, "x", notices=1).evaluated


def test_the_deducted_total_sums_the_items():
    result = evaluate([unit(1, late=5, notices=5)], RULES)[0]
    assert result.deducted == 25
    assert result.note == ""


def test_rules_with_negative_points_a_bad_quota_or_disordered_lines_have_problems():
    assert RULES.problems() == []
    assert "考核扣分不能为负数" in replace(RULES, late_points=-1).problems()
    assert "优秀比例须在 0 到 100% 之间" in replace(RULES, excellent_quota=1.5).problems()
    assert replace(RULES, pass_min=95).problems() == [
        "考核分数线须满足：最低分 ≤ 基本合格 ≤ 合格 ≤ 优秀 ≤ 基础分"
    ]


def test_the_labels_are_chinese():
    assert [i.label for i in Item] == ["超期办件", "收到督办单", "不满意评价", "不配合"]
    assert [g.label for g in Grade] == ["优秀", "合格", "基本合格", "不合格"]


# ---- properties ---------------------------------------------------------------------------------------

counts = st.builds(
    UnitCounts,
    unit=st.integers(1, 10_000),
    name=st.sampled_from(["甲", "乙", "丙", "丁"]),
    handled=st.integers(0, 3),
    late=st.integers(0, 8),
    notices=st.integers(0, 4),
    bad_ratings=st.integers(0, 4),
    non_cooperation=st.integers(0, 2),
)
rules = st.builds(
    EvaluationRules,
    late_points=st.sampled_from([0.0, 0.5, 1.0, 2.0]),
    notice_points=st.sampled_from([0.0, 1.0, 3.0]),
    excellent_quota=st.sampled_from([0.0, 0.1, 0.15, 0.3, 0.5, 1.0]),
    excellent_min=st.sampled_from([80.0, 90.0, 100.0]),
    non_cooperation_bars_excellent=st.booleans(),
)


@given(st.lists(counts, max_size=40, unique_by=lambda c: c.unit), rules)
def test_the_excellent_quota_is_never_exceeded(units, rules):
    results = evaluate(units, rules)
    evaluated = sum(1 for r in results if r.grade is not None)
    excellent = sum(1 for r in results if r.grade is Grade.EXCELLENT)
    assert excellent <= rules.excellent_quota * evaluated + 1e-9


@given(st.lists(counts, max_size=40, unique_by=lambda c: c.unit), rules)
def test_an_excellent_unit_scores_no_less_than_any_unit_not_excellent(units, rules):
    results = evaluate(units, rules)
    best = [r.score for r in results if r.grade is Grade.EXCELLENT]
    rest = [
        r.score
        for r in results
        if r.grade is not None and r.grade is not Grade.EXCELLENT and r.excellent_eligible
    ]
    assert not best or not rest or min(best) > max(rest)


@given(counts, st.sampled_from(list(Item)), st.integers(1, 5), rules)
def test_the_score_never_rises_with_more_deductions(base, item, extra, rules):
    field = {Item.LATE: "late", Item.NOTICE: "notices", Item.BAD_RATING: "bad_ratings"}.get(
        item, "non_cooperation"
    )
    more = replace(base, **{field: getattr(base, field) + extra})
    assert score(more, rules)[0] <= score(base, rules)[0]


@given(st.lists(counts, max_size=30, unique_by=lambda c: c.unit), rules)
def test_the_result_does_not_depend_on_the_input_order(units, rules):
    assert evaluate(units, rules) == evaluate(list(reversed(units)), rules)


# ---- periods ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "first", "label"),
    [
        ("2026-10", PeriodKind.MONTH, date(2026, 10, 1), "2026年10月"),
        ("2026-3", PeriodKind.MONTH, date(2026, 3, 1), "2026年3月"),
        ("2026Q3", PeriodKind.QUARTER, date(2026, 7, 1), "2026年第3季度"),
        ("2026q1", PeriodKind.QUARTER, date(2026, 1, 1), "2026年第1季度"),
        (" 2026 ", PeriodKind.YEAR, date(2026, 1, 1), "2026年"),
    ],
)
def test_a_period_is_written_as_a_month_a_quarter_or_a_year(text, kind, first, label):
    period = parse_period(text)
    assert (period.kind, period.first, period.label) == (kind, first, label)
    assert parse_period(period.code) == period


@pytest.mark.parametrize("text", ["2026-13", "2026Q5", "0000", "0000-01", "0000Q1", "", "十月", "2026-10-01"])
def test_anything_else_is_refused_with_a_chinese_message(text):
    with pytest.raises(DomainError) as error:
        parse_period(text)
    assert error.value.code == "evaluation.bad_period"
    assert "2026Q3" in error.value.message


def test_the_period_spans_its_month_quarter_or_year():
    span = parse_period("2026Q4").span
    assert (span.start.date(), span.end.date()) == (date(2026, 10, 1), date(2027, 1, 1))
    assert [parse_period(t).kind_label for t in ("2026-01", "2026Q1", "2026")] == ["月度", "季度", "年度"]


def test_the_period_of_a_day_and_the_ones_before_it():
    current = period_of(PeriodKind.QUARTER, date(2026, 2, 14))
    assert current == EvaluationPeriod(PeriodKind.QUARTER, date(2026, 1, 1))
    assert [p.code for p in previous_periods(current, 3)] == ["2026Q1", "2025Q4", "2025Q3"]
    assert [p.code for p in previous_periods(period_of(PeriodKind.MONTH, date(2026, 1, 5)), 2)] == [
        "2026-01",
        "2025-12",
    ]


def test_a_week_is_not_an_evaluation_period():
    with pytest.raises(DomainError):
        period_of(PeriodKind.WEEK, date(2026, 1, 5))


# ---- in the policy ------------------------------------------------------------------------------------


def test_every_preset_carries_the_ten_percent_quota_of_seed_004_and_weights_summing_to_one():
    for policy in PRESETS.values():
        assert policy.evaluation.excellent_quota == pytest.approx(0.10)
        assert sum(policy.weights.values()) == pytest.approx(1)
        assert policy.problems() == []


def test_shenyang_and_shanting_bar_non_cooperating_units_from_excellent_putuo_does_not():
    assert preset("shenyang").evaluation.non_cooperation_bars_excellent
    assert preset("shanting").evaluation.non_cooperation_bars_excellent
    assert not preset("putuo").evaluation.non_cooperation_bars_excellent


def test_the_weights_and_the_evaluation_rules_survive_a_round_trip():
    policy = replace(
        preset("putuo"),
        kpi_weights=(KpiWeight("satisfied", 0.5), KpiWeight("contacted", 0.5)),
        evaluation=replace(RULES, late_points=4.5),
    )
    assert policy_from_dict(policy_to_dict(policy)) == policy


def test_a_stored_policy_without_the_new_sections_gets_the_defaults():
    data = policy_to_dict(preset("shenyang"))
    del data["kpi_weights"], data["evaluation"]
    policy = policy_from_dict(data)
    assert policy.evaluation == EvaluationRules()
    assert sum(policy.weights.values()) == pytest.approx(1)


def test_weights_that_are_negative_unknown_or_do_not_sum_to_one_are_problems():
    base = preset("shenyang")
    negative = replace(base, kpi_weights=(KpiWeight("satisfied", 1.5), KpiWeight("solved", -0.5)))
    assert "综合得分权重不能为负数" in negative.problems()
    short = replace(base, kpi_weights=(KpiWeight("satisfied", 0.5),))
    assert "综合得分各项权重之和须为 100%" in short.problems()
    unknown = replace(base, kpi_weights=(KpiWeight("registered", 1.0),))
    assert any("综合得分权重须取自" in p for p in unknown.problems())
    bad_rules = replace(base, evaluation=replace(RULES, excellent_quota=-0.1))
    assert "优秀比例须在 0 到 100% 之间" in bad_rules.problems()


def test_a_malformed_evaluation_section_is_refused():
    data = policy_to_dict(preset("shenyang"))
    data["evaluation"] = {"nonsense": 1}
    with pytest.raises(DomainError) as error:
        policy_from_dict(data)
    assert error.value.code == "policy.invalid"
