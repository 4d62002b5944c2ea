"""Daily roll-ups of the KPIs the dashboard and the supervision board show (docs/kpi.md "Daily roll-ups").

``rebuild(first, last, now=...)`` recomputes the rows of complete days set-based: one aggregate query per KPI
(and one more per KPI for the per-unit rows) grouped by the anchor day and the case's fields, then
delete-then-insert of those days in one transaction. ``measure`` answers like ``queries.measure`` over all
cases: the covered complete days from the roll-ups, any other day (today, the future, days not rolled up
yet) live through ``queries.measure``. A deadline due on a complete day is always decided (``due_at`` is
before any later ``as_of``), so a complete day's figures do not depend on ``as_of``.

Rolled up: the deadline rates and 超期数 (by due day), 响应率/解决率/满意率 (by visit day), 受理件数 (by
registration day), 督办单 (by issue day). 办结率, 回访率 and 平均办结工作日 depend on the case's current state
or on the working calendar and stay live (index-driven by their anchor time); so does any grouping by
officer."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, DateField, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Trunc

from bancheng.cases.models import Case, Deadline, FollowUpVisit, SupervisionNotice
from bancheng.domain.calendar import TZ
from bancheng.domain.kpi import Grouping, GroupValue, Kpi, Period, Ratio, WorkingDays, period_start
from bancheng.stats import queries
from bancheng.stats.models import DailyRollup, RollupCoverage

DEADLINE_KPIS = {
    Kpi.PROMPT_TRANSFER: ["prompt_transfer"],
    Kpi.ON_TIME_FEEDBACK: ["feedback"],
    Kpi.ON_TIME_RECTIFICATION: ["assignment"],
    Kpi.OVERDUE: None,
}
VISIT_KPIS = {Kpi.CONTACTED: Q(contacted=True), Kpi.SOLVED: Q(solved=True)}
ROLLED = [*DEADLINE_KPIS, *VISIT_KPIS, Kpi.SATISFIED, Kpi.REGISTERED, Kpi.NOTICES]
# The case fields a roll-up row carries, by grouping (the row's column and the case's).
FIELDS = {
    Grouping.BRANCH: "branch_id",
    Grouping.CATEGORY: "category",
    Grouping.NATURE: "nature",
    Grouping.CLASS: "case_class",
    Grouping.CHANNEL: "channel",
}
ROLLED_GROUPINGS = {Grouping.ALL, Grouping.UNIT, *FIELDS, Grouping.WEEK, Grouping.MONTH, Grouping.QUARTER,
                    Grouping.YEAR}  # fmt: skip
DEFAULT_RECENT_DAYS = 45


def today(now: datetime) -> date:
    return now.astimezone(TZ).date()


def _day(anchor: str) -> Any:
    return Trunc(anchor, "day", output_field=DateField(), tzinfo=TZ)


def _aggregate(items: QuerySet[Any], kpi: Kpi, hit: Q, anchor: str, prefix: str, unit: str | None,
               answer: str = "") -> list[DailyRollup]:  # fmt: skip
    """One query: the items per anchor day and case fields (or per unit when ``unit`` is given)."""
    keys: dict[str, Any] = {"d": _day(anchor)}
    if unit is None:
        keys |= {"k_" + column: F(prefix + column) for column in FIELDS.values()}
    else:
        keys["u"] = F(unit)
    if answer:
        keys["a"] = F(answer)
    rows = (
        items.order_by()
        .annotate(**keys)
        .values(*keys)
        .annotate(n=Count("pk", filter=hit, distinct=True), t=Count("pk", distinct=True))
    )
    out = []
    for r in rows:
        fields = (
            {column: r["k_" + column] for column in FIELDS.values()} if unit is None else {"unit_id": r["u"]}
        )
        out.append(
            DailyRollup(day=r["d"], kpi=kpi.value, by_unit=unit is not None, answer=r.get("a") or "",
                        numerator=r["n"], denominator=r["t"], **fields)
        )  # fmt: skip
    return out


def _rows(kpi: Kpi, period: Period, now: datetime) -> list[DailyRollup]:
    """The roll-up rows of one KPI for the days of ``period`` (complete days: ``period.end <= now``)."""
    within = {"__gte": period.start, "__lt": period.end}

    def span(field: str) -> Q:
        return Q(**{field + k: v for k, v in within.items()})

    if kpi in DEADLINE_KPIS:
        deadlines = Deadline.objects.filter(span("due_at"), cancelled_at=None).filter(
            Q(met_at__isnull=False) | Q(due_at__lt=now)
        )
        kinds = DEADLINE_KPIS[kpi]
        if kinds is not None:
            deadlines = deadlines.filter(kind__in=kinds)
        hit = queries.ON_TIME if kpi is not Kpi.OVERDUE else ~queries.ON_TIME
        return [
            *_aggregate(deadlines, kpi, hit, "due_at", "case__", None),
            *_aggregate(deadlines.filter(assignment__isnull=False), kpi, hit, "due_at", "case__",
                        "assignment__unit_id"),
            *_aggregate(deadlines.filter(assignment__isnull=True), kpi, hit, "due_at", "case__",
                        "case__assignments__unit_id"),
        ]  # fmt: skip
    if kpi in VISIT_KPIS or kpi is Kpi.SATISFIED:
        visits = FollowUpVisit.objects.filter(span("visited_at")).exclude(
            rating_appeals__state=queries.APPEAL_APPROVED
        )
        hit = VISIT_KPIS.get(kpi, Q())
        answer = "satisfaction" if kpi is Kpi.SATISFIED else ""
        return [
            *_aggregate(visits, kpi, hit, "visited_at", "case__", None, answer),
            *_aggregate(visits, kpi, hit, "visited_at", "case__", "case__assignments__unit_id", answer),
        ]
    if kpi is Kpi.REGISTERED:
        cases = Case.objects.filter(span("registered_at"))
        return [
            *_aggregate(cases, kpi, Q(), "registered_at", "", None),
            *_aggregate(cases, kpi, Q(), "registered_at", "", "assignments__unit_id"),
        ]
    notices = SupervisionNotice.objects.filter(span("issued_at"))
    return [
        *_aggregate(notices, kpi, Q(), "issued_at", "case__", None),
        *_aggregate(notices, kpi, Q(), "issued_at", "case__", "unit_id"),
    ]


def rebuild(first: date, last: date, *, now: datetime) -> int:
    """Recompute the roll-ups of the days ``first`` … ``last`` (both included; days from today on are left
    out: they are computed live) and widen the coverage to them; returns the rows written. The range must
    touch or overlap the coverage so that it stays one span of days."""
    last = min(last, today(now) - timedelta(days=1))
    if last < first:
        return 0
    period = Period.between(first, last + timedelta(days=1))
    rows = [row for kpi in ROLLED for row in _rows(kpi, period, now)]
    with transaction.atomic():
        coverage = RollupCoverage.objects.select_for_update().first()
        if coverage is not None and (
            first > coverage.last_day + timedelta(days=1) or last < coverage.first_day - timedelta(days=1)
        ):
            raise ValueError(
                f"days {first}…{last} would leave a gap next to the roll-ups of "
                f"{coverage.first_day}…{coverage.last_day}"
            )
        DailyRollup.objects.filter(day__gte=first, day__lte=last).delete()
        DailyRollup.objects.bulk_create(rows, batch_size=5000)
        if coverage is None:
            RollupCoverage.objects.create(first_day=first, last_day=last, refreshed_at=now)
        else:
            coverage.first_day = min(coverage.first_day, first)
            coverage.last_day = max(coverage.last_day, last)
            coverage.refreshed_at = now
            coverage.save()
    return len(rows)


def first_day() -> date | None:
    """The day of the earliest registration: every item the KPIs count comes on or after it."""
    earliest = Case.objects.aggregate(m=Min("registered_at"))["m"]
    return None if earliest is None else today(earliest)


def refresh(now: datetime, *, recent_days: int = DEFAULT_RECENT_DAYS) -> dict[str, int]:
    """The periodic refresh: the last ``recent_days`` complete days, every day since the last run, and on
    the first run (or when older cases appeared) everything back to the earliest registration."""
    earliest = first_day()
    if earliest is None:
        return {"days": 0, "rows": 0}
    yesterday = today(now) - timedelta(days=1)
    coverage = RollupCoverage.objects.first()
    start = max(earliest, yesterday - timedelta(days=recent_days - 1))
    if coverage is None or earliest < coverage.first_day:
        start = earliest
    else:
        start = min(start, coverage.last_day + timedelta(days=1))
    rows = rebuild(start, yesterday, now=now)
    return {"days": max((yesterday - start).days + 1, 0), "rows": rows}


def _rolled_span(period: Period, now: datetime) -> tuple[date, date] | None:
    """The days of ``period`` read from the roll-ups: covered and before today."""
    coverage = RollupCoverage.objects.first()
    if coverage is None:
        return None
    first = max(period.start.astimezone(TZ).date(), coverage.first_day)
    end = min(period.end.astimezone(TZ).date(), coverage.last_day + timedelta(days=1), today(now))
    return (first, end) if first < end else None


def _group_of(row: dict[str, Any], grouping: Grouping) -> GroupValue:
    kind = grouping.period_kind
    if kind is not None:
        return period_start(kind, row["day"])
    if grouping is Grouping.ALL:
        return None
    if grouping is Grouping.UNIT:
        return row["unit_id"]  # type: ignore[no-any-return]
    return row[FIELDS[grouping]]  # type: ignore[no-any-return]


def _from_rollups(kpi: Kpi, first: date, end: date, grouping: Grouping, satisfied: frozenset[str]
                  ) -> dict[GroupValue, Ratio]:  # fmt: skip
    rows = DailyRollup.objects.filter(kpi=kpi.value, by_unit=grouping is Grouping.UNIT, day__gte=first,
                                      day__lt=end)  # fmt: skip
    keys = ["day"] if grouping.period_kind is not None else []
    if grouping is Grouping.UNIT:
        keys.append("unit_id")
    elif grouping in FIELDS:
        keys.append(FIELDS[grouping])
    if kpi is Kpi.SATISFIED:
        numerator = Sum("denominator", filter=Q(answer__in=sorted(satisfied)))
    else:
        numerator = Sum("numerator")
    found = rows.order_by().values(*keys).annotate(n=numerator, t=Sum("denominator"))
    out: dict[GroupValue, Ratio] = defaultdict(Ratio)
    for r in found:
        if r["t"]:
            out[_group_of(r, grouping)] += Ratio(int(r["n"] or 0), int(r["t"]))
    return dict(out)


def measure(
    kpi: Kpi,
    period: Period,
    *,
    as_of: datetime,
    grouping: Grouping = Grouping.ALL,
    satisfied: Any = (),
    working_days: WorkingDays | None = None,
) -> dict[GroupValue, Ratio]:
    """``queries.measure`` over every case, the complete covered days from the roll-ups."""
    everything = Case.objects.all()
    options: dict[str, Any] = {"as_of": as_of, "grouping": grouping, "satisfied": satisfied,
                               "working_days": working_days}  # fmt: skip
    span = _rolled_span(period, as_of) if kpi in ROLLED and grouping in ROLLED_GROUPINGS else None
    if span is None:
        return queries.measure(kpi, everything, period, **options)
    first, end = span
    parts = [_from_rollups(kpi, first, end, grouping, frozenset(satisfied))]
    before = Period(period.start, Period.between(first, first).start)
    after = Period(Period.between(end, end).start, period.end)
    for rest in (before, after):
        if rest.start < rest.end:
            parts.append(queries.measure(kpi, everything, rest, **options))
    out: dict[GroupValue, Ratio] = defaultdict(Ratio)
    for part in parts:
        for group, ratio in part.items():
            out[group] += ratio
    return dict(out)
