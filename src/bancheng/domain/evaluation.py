"""Unit evaluation (单位考核): a score per handling unit per month, quarter or year, from what the unit did
with the cases transferred to it. The rules of the source documents, with their figures in the policy
(``Policy.evaluation``, an ``EvaluationRules``):

- seed 004 附件3 (普陀 绩效评估与考核管理规范): 月度、季度、年度考核; 减分项目 for breaking 限时办结制 and
  收件回复制 and for complaints found true; grades 优秀、合格、基本合格、不合格 with 考核优秀比例为10%;
- seed 000 三(五)2/6 (沈阳): a department that does not cooperate (不配合办理专员) loses points in the year-end
  evaluation, and a unit with problems of its own making loses its 评优评先 eligibility;
- seed 001 六(二) (山亭): 配合情况 counts in the selection of 优质服务窗口; 拒不配合 is criticised.

The score is ``base - Σ count × points`` over four items (never below ``floor``); see ``evaluate`` for the
ranks and the grade, including the quota of 优秀. Pure: no Django, no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bancheng.domain.errors import DomainError
from bancheng.domain.kpi import Period, PeriodKind


class Item(StrEnum):
    """The four things a unit loses points for, in the order of the table."""

    LATE = "late"
    NOTICE = "notice"
    BAD_RATING = "bad_rating"
    NON_COOPERATION = "non_cooperation"

    @property
    def label(self) -> str:
        return {
            Item.LATE: "超期办件",
            Item.NOTICE: "收到督办单",
            Item.BAD_RATING: "不满意评价",
            Item.NON_COOPERATION: "不配合",
        }[self]


class Grade(StrEnum):
    """The four grades of seed 004 (考核结果分为优秀、合格、基本合格、不合格4个等次)."""

    EXCELLENT = "excellent"
    PASS = "pass"
    BASIC = "basic"
    FAIL = "fail"

    @property
    def label(self) -> str:
        return {
            Grade.EXCELLENT: "优秀",
            Grade.PASS: "合格",
            Grade.BASIC: "基本合格",
            Grade.FAIL: "不合格",
        }[self]


@dataclass(frozen=True)
class EvaluationRules:
    """The figures of the evaluation, part of the policy. Points are deducted per item counted."""

    base_score: float = 100.0
    late_points: float = 2.0  # per assignment deadline missed (resolved late, or still open past due)
    notice_points: float = 3.0  # per supervision notice (督办单) received
    bad_rating_points: float = 2.0  # per follow-up visit with a bad rating on a case assigned to the unit
    non_cooperation_points: float = 5.0  # per assignment returned, per notice not answered in time
    floor: float = 0.0  # the lowest score
    excellent_min: float = 90.0  # 优秀: at least this score, and within the quota
    pass_min: float = 75.0  # 合格
    basic_min: float = 60.0  # 基本合格; below it 不合格
    excellent_quota: float = 0.10  # seed 004: 考核优秀比例为10% (a share of the units evaluated)
    non_cooperation_bars_excellent: bool = True  # seed 000: 取消评优评先资格

    def points(self, item: Item) -> float:
        return {
            Item.LATE: self.late_points,
            Item.NOTICE: self.notice_points,
            Item.BAD_RATING: self.bad_rating_points,
            Item.NON_COOPERATION: self.non_cooperation_points,
        }[item]

    def problems(self) -> list[str]:
        """What makes these rules unusable, in Chinese; empty when they are fine."""
        found = []
        if any(self.points(item) < 0 for item in Item):
            found.append("考核扣分不能为负数")
        if not 0 <= self.excellent_quota <= 1:
            found.append("优秀比例须在 0 到 100% 之间")
        if not self.floor <= self.basic_min <= self.pass_min <= self.excellent_min <= self.base_score:
            found.append("考核分数线须满足：最低分 ≤ 基本合格 ≤ 合格 ≤ 优秀 ≤ 基础分")
        return found


@dataclass(frozen=True)
class UnitCounts:
    """What one unit did in the period. ``handled``: assignments transferred to it in the period; a unit
    with nothing handled and nothing to deduct is not evaluated (it takes no place in the quota)."""

    unit: int
    name: str
    handled: int = 0
    late: int = 0
    notices: int = 0
    bad_ratings: int = 0
    non_cooperation: int = 0

    def count(self, item: Item) -> int:
        return {
            Item.LATE: self.late,
            Item.NOTICE: self.notices,
            Item.BAD_RATING: self.bad_ratings,
            Item.NON_COOPERATION: self.non_cooperation,
        }[item]

    @property
    def evaluated(self) -> bool:
        return self.handled > 0 or any(self.count(item) > 0 for item in Item)


@dataclass(frozen=True)
class Deduction:
    item: Item
    count: int
    per_item: float

    @property
    def points(self) -> float:
        return self.count * self.per_item


@dataclass(frozen=True)
class UnitResult:
    """One unit's line: its counts, the deductions itemised, the score, the rank (1 = best; units with the
    same score share a rank) and the grade; ``rank`` and ``grade`` are None when it was not evaluated."""

    counts: UnitCounts
    deductions: tuple[Deduction, ...]
    score: float
    rank: int | None
    grade: Grade | None
    excellent_eligible: bool  # its score reached 优秀 and nothing bars it (before the quota)

    @property
    def deducted(self) -> float:
        return sum(d.points for d in self.deductions)

    @property
    def note(self) -> str:
        """Why a unit that reached the 优秀 score line is not 优秀, or why it is not graded."""
        if self.grade is None:
            return "本期无办件，不参评"
        if self.grade is not Grade.EXCELLENT and self.excellent_eligible:
            return "已达优秀分数线，超出优秀比例"
        return ""


def score(counts: UnitCounts, rules: EvaluationRules) -> tuple[float, tuple[Deduction, ...]]:
    """``base - Σ count × points``, never below ``floor``, with the deduction of each item."""
    deductions = tuple(Deduction(item, counts.count(item), rules.points(item)) for item in Item)
    total = rules.base_score - sum(d.points for d in deductions)
    return max(rules.floor, total), deductions


def excellent_places(evaluated: int, quota: float) -> int:
    """How many units may be 优秀: ``floor(quota × evaluated)``, so the share is never exceeded (with 10%,
    one in 10 to 19 units, none below 10). A tiny epsilon keeps 0.1 × 30 at 3 despite binary floats."""
    return math.floor(quota * evaluated + 1e-9)


def _grade_by_score(value: float, rules: EvaluationRules) -> Grade:
    if value >= rules.pass_min:
        return Grade.PASS
    if value >= rules.basic_min:
        return Grade.BASIC
    return Grade.FAIL


def evaluate(units: Iterable[UnitCounts], rules: EvaluationRules) -> list[UnitResult]:
    """Score, rank and grade every unit; best first, then by name and id (a stable order).

    Rank: 1 + the number of evaluated units with a strictly higher score (equal scores share a rank).
    优秀: a unit whose score reaches ``excellent_min``, that has no non-cooperation when
    ``non_cooperation_bars_excellent`` (seed 000), and whose whole group of equal scores fits in the quota
    together with every better eligible unit. A tie at the edge of the quota is never split by an arbitrary
    order: if the tied units do not all fit, none of them is 优秀 (they are 合格), so the quota is never
    exceeded and the result does not depend on names. The others are graded by score alone: 合格, 基本合格,
    不合格. Units not evaluated get no rank and no grade."""
    scored = []
    for counts in units:
        value, deductions = score(counts, rules)
        scored.append((counts, value, deductions))
    rated = [value for counts, value, _ in scored if counts.evaluated]
    places = excellent_places(len(rated), rules.excellent_quota)

    def eligible(counts: UnitCounts, value: float) -> bool:
        barred = rules.non_cooperation_bars_excellent and counts.non_cooperation > 0
        return counts.evaluated and value >= rules.excellent_min and not barred

    eligible_scores = sorted((v for c, v, _ in scored if eligible(c, v)), reverse=True)
    excellent_scores: set[float] = set()
    taken = 0
    for value in sorted(set(eligible_scores), reverse=True):
        tied = eligible_scores.count(value)
        if taken + tied > places:
            break
        excellent_scores.add(value)
        taken += tied

    results = []
    for counts, value, deductions in scored:
        ok = eligible(counts, value)
        if not counts.evaluated:
            rank, grade = None, None
        else:
            rank = 1 + sum(1 for other in rated if other > value)
            grade = Grade.EXCELLENT if ok and value in excellent_scores else _grade_by_score(value, rules)
        results.append(UnitResult(counts, deductions, value, rank, grade, ok))
    return sorted(results, key=_order)


def _order(result: UnitResult) -> tuple[bool, float, str, int]:
    return (result.rank is None, -result.score, result.counts.name, result.counts.unit)


# ---- periods -------------------------------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class EvaluationPeriod:
    """A month, quarter or year (seed 004: 月度考核、季度考核、年度考核), written ``2026-10``, ``2026Q3`` or
    ``2026``."""

    kind: PeriodKind
    first: date

    @property
    def span(self) -> Period:
        return Period.of(self.kind, self.first)

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.first.year}-{self.first.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.first.year}Q{(self.first.month - 1) // 3 + 1}"
        return str(self.first.year)

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.first.year}年{self.first.month}月"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.first.year}年第{(self.first.month - 1) // 3 + 1}季度"
        return f"{self.first.year}年"

    @property
    def kind_label(self) -> str:
        return {PeriodKind.MONTH: "月度", PeriodKind.QUARTER: "季度", PeriodKind.YEAR: "年度"}[self.kind]


def parse_period(text: str) -> EvaluationPeriod:
    """``2026-10`` (a month), ``2026Q3`` (a quarter) or ``2026`` (a year); anything else is refused with
    ``evaluation.bad_period``."""
    value = text.strip()
    if m := _MONTH.match(value):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and year >= 1:
            return EvaluationPeriod(PeriodKind.MONTH, date(year, month, 1))
    elif m := _QUARTER.match(value):
        year, quarter = int(m.group(1)), int(m.group(2))
        if year >= 1:
            return EvaluationPeriod(PeriodKind.QUARTER, date(year, (quarter - 1) * 3 + 1, 1))
    elif (m := _YEAR.match(value)) and int(m.group(1)) >= 1:
        return EvaluationPeriod(PeriodKind.YEAR, date(int(m.group(1)), 1, 1))
    raise DomainError(
        "evaluation.bad_period",
        f"无法识别的考核周期“{text}”：月度写作 2026-10，季度写作 2026Q3，年度写作 2026",
        {"period": text},
    )


def period_of(kind: PeriodKind, day: date) -> EvaluationPeriod:
    """The month, quarter or year that holds ``day``."""
    if kind not in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
        raise DomainError("evaluation.bad_period", "考核周期只能是月度、季度或年度", {"kind": kind.value})
    return EvaluationPeriod(kind, Period.of(kind, day).start.date())


def previous_periods(current: EvaluationPeriod, count: int) -> Sequence[EvaluationPeriod]:
    """``current`` and the ``count - 1`` periods of the same kind before it, newest first (for a selector)."""
    out = [current]
    while len(out) < count:
        first = out[-1].first
        before = date(first.year, first.month, 1).toordinal() - 1
        out.append(period_of(current.kind, date.fromordinal(before)))
    return out
