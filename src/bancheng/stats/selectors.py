"""The stats table: every KPI for one period and one grouping, over the cases the viewer may see, in a
number of queries that does not depend on how many cases there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from bancheng.calendars.services import get_calendar
from bancheng.cases.choices import Channel
from bancheng.cases.selectors import SEE_ALL, cases_visible_to
from bancheng.domain.errors import PermissionDenied
from bancheng.domain.kpi import (
    Grouping,
    GroupValue,
    Kpi,
    Period,
    Ratio,
    composite_score,
)
from bancheng.domain.policy import Policy
from bancheng.org.models import Staff, Unit
from bancheng.policies.services import policy_of
from bancheng.stats import queries

# The columns of the page, in order; 受理件数 first, it is what the other figures are read against.
COLUMNS = [
    Kpi.REGISTERED,
    Kpi.PROMPT_TRANSFER,
    Kpi.ON_TIME_FEEDBACK,
    Kpi.ON_TIME_RECTIFICATION,
    Kpi.CONTACTED,
    Kpi.SOLVED,
    Kpi.SATISFIED,
    Kpi.COMPLETION,
    Kpi.FOLLOW_UP,
    Kpi.OVERDUE,
    Kpi.NOTICES,
    Kpi.DAYS_TO_CLOSE,
]
# The case list filter each grouping maps to (cases/selectors.py CaseFilter); officer and nature have none.
LIST_FILTERS = {
    Grouping.BRANCH: "branch",
    Grouping.UNIT: "unit",
    Grouping.CATEGORY: "category",
    Grouping.CLASS: "case_class",
    Grouping.CHANNEL: "channel",
}


def check_may_see_stats(user: Any) -> None:
    """The statistics cover every branch: the office, customer service, leaders, auditors and the
    administrator see them."""
    if getattr(user, "role", None) not in SEE_ALL:
        raise PermissionDenied(
            "stats.forbidden", "只有中心办公室、客户服务部、领导、审计和管理员可以查看统计"
        )


@dataclass(frozen=True)
class Cell:
    kpi: Kpi
    ratio: Ratio
    link: str = ""

    @property
    def shown(self) -> str:
        rate = self.ratio.rate
        if self.kpi in (Kpi.OVERDUE, Kpi.NOTICES, Kpi.REGISTERED):
            return str(self.ratio.numerator)
        if rate is None:
            return "—"
        if self.kpi is Kpi.DAYS_TO_CLOSE:
            return f"{rate:.1f}"
        return f"{rate * 100:.1f}%"

    @property
    def detail(self) -> str:
        """Numerator / denominator under the figure (the denominator says what was counted)."""
        if self.kpi in (Kpi.NOTICES, Kpi.REGISTERED):
            return ""
        if self.kpi is Kpi.DAYS_TO_CLOSE:
            return f"{self.ratio.denominator}件"
        return f"{self.ratio.numerator}/{self.ratio.denominator}"

    @property
    def below_goal(self) -> bool:
        rate = self.ratio.rate
        return self.kpi.goal_is_full and rate is not None and rate < 1


@dataclass(frozen=True)
class Row:
    group: GroupValue
    label: str
    cells: list[Cell]
    score: float | None

    @property
    def score_shown(self) -> str:
        return "—" if self.score is None else f"{self.score * 100:.1f}"


def stats_table(user: Any, period: Period, grouping: Grouping, *, as_of: datetime) -> list[Row]:
    """One row per group that has anything counted, with every KPI; rows sorted by label (periods by date)."""
    check_may_see_stats(user)
    cases = cases_visible_to(user)
    policy = policy_of(None)
    days = get_calendar().working_days_between
    found = {
        kpi: queries.measure(
            kpi,
            cases,
            period,
            as_of=as_of,
            grouping=grouping,
            satisfied=policy.closing_satisfaction,
            working_days=days,
        )
        for kpi in COLUMNS
    }
    groups: set[GroupValue] = {g for by_group in found.values() for g in by_group}
    if grouping is Grouping.ALL:
        groups.add(None)
    labels = _labels(grouping, groups, policy)
    weights = policy.weights  # the composite score's weights, as the policy in force sets them
    rows = []
    for group in groups:
        cells = [
            Cell(kpi, found[kpi].get(group, Ratio()), _link(kpi, grouping, group, period)) for kpi in COLUMNS
        ]
        rates = {c.kpi: c.ratio.rate for c in cells if c.kpi in weights}
        rows.append(Row(group, labels[group], cells, composite_score(rates, weights)))
    if grouping.period_kind is not None:
        return sorted(rows, key=lambda r: r.group)  # type: ignore[arg-type, return-value]
    return sorted(rows, key=lambda r: (r.group is None, r.label))


def _labels(grouping: Grouping, groups: set[GroupValue], policy: Policy) -> dict[GroupValue, str]:
    ids = [g for g in groups if isinstance(g, int)]
    if grouping in (Grouping.BRANCH, Grouping.UNIT):
        names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
        empty = "未转办" if grouping is Grouping.UNIT else "—"
        return {g: names.get(g, empty) if g is not None else empty for g in groups}
    if grouping is Grouping.OFFICER:
        people = {s.pk: s.display_name for s in Staff.objects.filter(pk__in=ids)}
        return {g: people.get(g, "—") for g in groups}  # type: ignore[call-overload]
    if grouping.period_kind is not None:
        return {g: _period_label(grouping, g) for g in groups}  # type: ignore[arg-type]
    choices = {
        Grouping.CATEGORY: {c.code: c.label for c in policy.categories},
        Grouping.NATURE: {c.code: c.label for c in policy.natures},
        Grouping.CLASS: {c.code: c.label for c in policy.classes},
        Grouping.CHANNEL: dict(Channel.choices),
        Grouping.ALL: {},
    }[grouping]
    if grouping is Grouping.ALL:
        return {g: "合计" for g in groups}
    return {g: choices.get(str(g), str(g)) if g else "（未研判）" for g in groups}


def _period_label(grouping: Grouping, start: date) -> str:
    if grouping is Grouping.WEEK:
        return f"{start:%Y-%m-%d} 起一周"
    if grouping is Grouping.MONTH:
        return f"{start.year}年{start.month}月"
    if grouping is Grouping.QUARTER:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    return f"{start.year}年"


def _link(kpi: Kpi, grouping: Grouping, group: GroupValue, period: Period) -> str:
    """The case list behind a figure, where its filters fit exactly: only 受理件数 (cases registered in
    the period, of the group) does; the other figures count deadlines, visits or notices, or leave some
    cases out, which no list filter expresses."""
    if kpi is not Kpi.REGISTERED:
        return ""
    first = period.start.date()
    last = (period.end - timedelta(days=1)).date()
    query: dict[str, object] = {}
    if grouping.period_kind is not None and isinstance(group, date):
        span = Period.of(grouping.period_kind, group)
        first = max(first, span.start.date())
        last = min(last, (span.end - timedelta(days=1)).date())
    elif grouping in LIST_FILTERS:
        if group is None or group == "":
            return ""
        query[LIST_FILTERS[grouping]] = group
    elif grouping is not Grouping.ALL:
        return ""
    query.update(registered_from=first.isoformat(), registered_to=last.isoformat())
    return "/cases/?" + urlencode(query)
