"""The numbers of ``bancheng.domain.kpi`` computed in the database: one aggregate query per KPI and grouping
(two for deadlines grouped by unit), never a loop over cases, so the query count does not grow with the data.
Each function returns ``{group: Ratio}`` for the groups that have items, like ``kpi.measure``; the property
test in tests/stats checks that both give the same numbers on the same records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Count, DateField, F, Q, QuerySet
from django.db.models.functions import Trunc

from bancheng.cases.models import Case, Deadline, FollowUpVisit, SupervisionNotice
from bancheng.domain.calendar import TZ
from bancheng.domain.kpi import (
    Grouping,
    GroupValue,
    Kpi,
    Period,
    Ratio,
    WorkingDays,
)
from bancheng.domain.ratings import AppealState

_DEADLINE_KINDS = {
    Kpi.PROMPT_TRANSFER: ["prompt_transfer"],
    Kpi.ON_TIME_FEEDBACK: ["feedback"],
    Kpi.ON_TIME_RECTIFICATION: ["assignment"],
    Kpi.OVERDUE: None,
}
_CASE_FIELDS = {
    Grouping.BRANCH: "branch_id",
    Grouping.OFFICER: "officer_id",
    Grouping.CATEGORY: "category",
    Grouping.NATURE: "nature",
    Grouping.CLASS: "case_class",
    Grouping.CHANNEL: "channel",
}
APPEAL_APPROVED = AppealState.APPROVED.value
ON_TIME = Q(met_at__isnull=False, met_at__lte=F("due_at"))
# An archived case with no visit that was not out of scope was withdrawn (kpi.CaseFacts.withdrawn).
COUNTS_FOR_COMPLETION = (
    Q(out_of_scope_reason="") & ~Q(state="withdrawn") & ~Q(state="archived", visited_at__isnull=True)
)


def _group(grouping: Grouping, prefix: str, anchor: str, unit: str) -> Any:
    """The expression an item is grouped by: a field of its case (through ``prefix``), its unit, or the
    period (in Asia/Shanghai) that holds its ``anchor`` time."""
    kind = grouping.period_kind
    if kind is not None:
        return Trunc(anchor, kind.value, output_field=DateField(), tzinfo=TZ)
    if grouping is Grouping.UNIT:
        return F(unit)
    return F(prefix + _CASE_FIELDS[grouping])


def _count(items: QuerySet[Any], grouping: Grouping, hit: Q, *, prefix: str, anchor: str, unit: str
           ) -> dict[GroupValue, Ratio]:  # fmt: skip
    numerator = Count("pk", filter=hit, distinct=True)
    denominator = Count("pk", distinct=True)
    if grouping is Grouping.ALL:
        total = items.aggregate(n=numerator, d=denominator)
        return {None: Ratio(total["n"], total["d"])} if total["d"] else {}
    rows = (
        items.order_by()
        .annotate(g=_group(grouping, prefix, anchor, unit))
        .values("g")
        .annotate(n=numerator, d=denominator)
    )
    return {r["g"]: Ratio(r["n"], r["d"]) for r in rows}


def _merge(*parts: dict[GroupValue, Ratio]) -> dict[GroupValue, Ratio]:
    out: dict[GroupValue, Ratio] = defaultdict(Ratio)
    for part in parts:
        for group, ratio in part.items():
            out[group] += ratio
    return dict(out)


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def measure(
    kpi: Kpi,
    cases: QuerySet[Case],
    period: Period,
    *,
    as_of: datetime,
    grouping: Grouping = Grouping.ALL,
    satisfied: Iterable[str] = (),
    working_days: WorkingDays | None = None,
) -> dict[GroupValue, Ratio]:
    """``kpi.measure`` in SQL, over the cases of ``cases`` (already scoped to the viewer)."""
    # Every item has a case: over all cases (the dashboards' roles) no semi-join on the cases is needed, so
    # the items of the period are an index range scan on their anchor time.
    scope = cases.values("pk")
    of_scope = Q(case__in=scope) if cases.query.has_filters() else Q()
    if kpi in _DEADLINE_KINDS:
        deadlines = Deadline.objects.filter(_in(period, "due_at"), of_scope, cancelled_at=None).filter(
            Q(met_at__isnull=False) | Q(due_at__lt=as_of)
        )
        kinds = _DEADLINE_KINDS[kpi]
        if kinds is not None:
            deadlines = deadlines.filter(kind__in=kinds)
        hit = ON_TIME if kpi is not Kpi.OVERDUE else ~ON_TIME
        if grouping is not Grouping.UNIT:
            return _count(deadlines, grouping, hit, prefix="case__", anchor="due_at", unit="")
        # A deadline of an assignment counts for its unit; any other for each unit the case went to.
        return _merge(
            _count(deadlines.filter(assignment__isnull=False), grouping, hit, prefix="case__",
                   anchor="due_at", unit="assignment__unit_id"),
            _count(deadlines.filter(assignment__isnull=True), grouping, hit, prefix="case__",
                   anchor="due_at", unit="case__assignments__unit_id"),
        )  # fmt: skip
    if kpi in (Kpi.CONTACTED, Kpi.SOLVED, Kpi.SATISFIED):
        visits = FollowUpVisit.objects.filter(_in(period, "visited_at"), of_scope).exclude(
            rating_appeals__state=APPEAL_APPROVED  # a rating appealed as given by mistake (差评申诉成立)
        )
        hit = {
            Kpi.CONTACTED: Q(contacted=True),
            Kpi.SOLVED: Q(solved=True),
            Kpi.SATISFIED: Q(satisfaction__in=list(satisfied)),
        }[kpi]
        return _count(visits, grouping, hit, prefix="case__", anchor="visited_at",
                      unit="case__assignments__unit_id")  # fmt: skip
    if kpi is Kpi.REGISTERED:
        registered = cases.filter(_in(period, "registered_at"))
        return _count(
            registered, grouping, Q(), prefix="", anchor="registered_at", unit="assignments__unit_id"
        )
    if kpi is Kpi.COMPLETION:
        registered = cases.filter(_in(period, "registered_at"), COUNTS_FOR_COMPLETION)
        return _count(registered, grouping, Q(state__in=["closed", "archived"]), prefix="",
                      anchor="registered_at", unit="assignments__unit_id")  # fmt: skip
    if kpi is Kpi.FOLLOW_UP:
        answered = cases.filter(_in(period, "feedback_at"))
        return _count(answered, grouping, Q(visited_at__isnull=False), prefix="", anchor="feedback_at",
                      unit="assignments__unit_id")  # fmt: skip
    if kpi is Kpi.NOTICES:
        notices = SupervisionNotice.objects.filter(_in(period, "issued_at"), of_scope)
        return _count(notices, grouping, Q(), prefix="case__", anchor="issued_at", unit="unit_id")
    return _days_to_close(cases, period, grouping, working_days)


def _days_to_close(
    cases: QuerySet[Case], period: Period, grouping: Grouping, working_days: WorkingDays | None
) -> dict[GroupValue, Ratio]:
    """The working calendar (state holidays, make-up days, the deployment's overrides) lives in Python, so
    this one query returns the two dates of each case closed in the period and the calendar counts them."""
    if working_days is None:
        raise ValueError("the average working days to close needs a working calendar")
    closed = cases.filter(_in(period, "closed_at"), COUNTS_FOR_COMPLETION, state__in=["closed", "archived"])
    if grouping is Grouping.ALL:
        rows = closed.order_by().values_list("pk", "registered_at", "closed_at")
        triples = [(None, r, c) for _, r, c in rows]
    else:
        group = _group(grouping, "", "closed_at", "assignments__unit_id")
        found = closed.order_by().annotate(g=group).values_list("pk", "g", "registered_at", "closed_at")
        triples = [(g, r, c) for _, g, r, c in found.distinct()]
    out: dict[GroupValue, Ratio] = defaultdict(Ratio)
    for group, registered_at, closed_at in triples:
        days = working_days(registered_at.astimezone(TZ).date(), closed_at.astimezone(TZ).date())
        out[group] += Ratio(days, 1)
    return dict(out)
