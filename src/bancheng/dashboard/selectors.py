"""What the supervision board (督办看板) and the leaders' dashboard (领导驾驶舱) show, each figure with the
case list behind it (``bancheng.dashboard.drill``). The KPIs come from ``bancheng.stats.queries`` (the SQL of
``bancheng.domain.kpi``); nothing here defines a rate of its own. The number of queries does not grow with
the number of cases, except the late list's rows, which are capped."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from bancheng.audit.models import Event
from bancheng.calendars.services import get_calendar
from bancheng.cases.choices import Channel
from bancheng.cases.models import Assignment, Case, Deadline, SupervisionNotice
from bancheng.cases.selectors import OPEN_STATE_VALUES, cases_visible_to
from bancheng.dashboard.drill import overdue_notices, stuck_cases
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import PermissionDenied
from bancheng.domain.kpi import Grouping, GroupValue, Kpi, Period, PeriodKind, Ratio, period_start
from bancheng.org.choices import Role
from bancheng.org.models import Unit
from bancheng.policies.services import policy_of
from bancheng.stats import queries, rollups
from bancheng.stats.models import RollupCoverage

DASHBOARD_ROLES = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.LEADER}
LATE_ROWS = 50
GOALS = [Kpi.PROMPT_TRANSFER, Kpi.ON_TIME_FEEDBACK, Kpi.ON_TIME_RECTIFICATION]
HOTLINE = [Kpi.CONTACTED, Kpi.SOLVED, Kpi.SATISFIED]
TREND_WEEKS = 13
TREND_MONTHS = 12


def check_may_see_dashboards(user: Any) -> None:
    """The supervision board and the dashboard are the center office's, customer service's and the
    leaders' (DESIGN.md "Who uses it")."""
    if getattr(user, "role", None) not in DASHBOARD_ROLES:
        raise PermissionDenied(
            "dashboard.forbidden", "只有中心办公室、客户服务部和领导小组可以查看督办看板和领导驾驶舱"
        )


def case_list_url(**params: object) -> str:
    return reverse("cases:list") + "?" + urlencode({k: v for k, v in params.items() if v is not None})


def span_params(period: Period) -> dict[str, str]:
    """``from``/``to`` (inclusive days) of a period, as the drill-down takes them."""
    last = (period.end - timedelta(days=1)).date()
    return {"from": period.start.date().isoformat(), "to": last.isoformat()}


def working_time(minutes: int, per_day: int) -> str:
    """Business minutes as 工作日 and hours: ``2 个工作日 3.5 小时``."""
    days, rest = divmod(max(minutes, 0), per_day) if per_day else (0, max(minutes, 0))
    hours = f"{rest / 60:.1f}".rstrip("0").rstrip(".")
    if days and rest:
        return f"{days} 个工作日 {hours} 小时"
    if days:
        return f"{days} 个工作日"
    return f"{hours} 小时"


# ---------------------------------------------------------------- supervision board


@dataclass(frozen=True)
class LateUnit:
    unit: int
    name: str
    cases: int
    deadlines: int
    minutes: int
    worst: int
    per_day: int

    @property
    def link(self) -> str:
        return case_list_url(late_unit=self.unit)

    @property
    def late_shown(self) -> str:
        return working_time(self.minutes, self.per_day)

    @property
    def worst_shown(self) -> str:
        return working_time(self.worst, self.per_day)


@dataclass(frozen=True)
class LateItem:
    deadline: Deadline
    unit_name: str
    minutes: int
    per_day: int

    @property
    def late_shown(self) -> str:
        return working_time(self.minutes, self.per_day)


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    link: str


@dataclass
class Uncooperative:
    """Behaviours of one unit that seed 000 (四(二)2) reports for a deduction in the year-end assessment
    (不配合 … 予以扣分): assignment deadlines missed, supervision notices received, notices left unanswered
    past their limit, assignments returned."""

    unit: int
    name: str
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(f.count for f in self.figures.values())


BEHAVIOURS = [
    ("late", "承办超期"),
    ("notices", "被督办"),
    ("unanswered", "督办逾期未答复"),
    ("returned", "退单"),
]


@dataclass(frozen=True)
class Board:
    period: Period
    now: datetime
    stuck_days: int
    late_units: list[LateUnit]
    late_items: list[LateItem]
    late_total: int
    late_link: str
    stuck: Figure
    stuck_cases: list[Case]
    notices: list[Figure]
    uncooperative: list[Uncooperative]


def of_scope(cases: QuerySet[Case]) -> Q:
    """The rows of the cases of ``cases``; over every case (the dashboards' roles) no semi-join on the cases,
    so a row lookup by its own index does not scan them."""
    return Q(case__in=cases.values("pk")) if cases.query.has_filters() else Q()


def _unit_names(ids: set[int]) -> dict[int, str]:
    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))


def supervision_board(user: Any, period: Period, *, now: datetime, stuck_days: int = 3) -> Board:
    check_may_see_dashboards(user)
    cases = cases_visible_to(user)
    cal = get_calendar()
    per_day = cal.hours.minutes_per_day
    late = Deadline.objects.filter(
        case__in=cases.filter(state__in=OPEN_STATE_VALUES).values("pk"),
        met_at=None,
        cancelled_at=None,
        due_at__lt=now,
    )
    # Each late deadline counts for its assignment's unit, or the branch for a deadline of the window.
    rows = late.order_by().values_list("case_id", "assignment__unit_id", "case__branch_id", "due_at")
    by_unit: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for case_id, unit, branch, due_at in rows.iterator(chunk_size=2000):
        minutes = cal.business_minutes_between(due_at, now)
        by_unit[unit if unit is not None else branch].append((case_id, minutes))
    names = _unit_names(set(by_unit))
    late_units = sorted(
        (
            LateUnit(
                unit=u,
                name=names.get(u, "—"),
                cases=len({c for c, _ in items}),
                deadlines=len(items),
                minutes=sum(m for _, m in items),
                worst=max(m for _, m in items),
                per_day=per_day,
            )
            for u, items in by_unit.items()
        ),
        key=lambda r: (-r.minutes, r.name),
    )
    oldest = late.select_related("case", "assignment__unit", "case__branch").order_by("due_at", "pk")
    late_items = [
        LateItem(
            d,
            d.assignment.unit.name if d.assignment_id else d.case.branch.name,
            cal.business_minutes_between(d.due_at, now),
            per_day,
        )
        for d in oldest[:LATE_ROWS]
    ]
    late_total = cases.filter(state__in=OPEN_STATE_VALUES, pk__in=late.values("case_id")).count()

    stuck = stuck_cases(cases, stuck_days, now=now)
    stuck_figure = Figure("无进展在办件", stuck.count(), case_list_url(stuck=stuck_days))

    span = span_params(period)
    scope = of_scope(cases)
    notices = SupervisionNotice.objects.filter(scope)
    issued = notices.filter(issued_at__gte=period.start, issued_at__lt=period.end)
    counts = issued.aggregate(n=Count("pk"), answered=Count("pk", filter=Q(state="answered")))
    overdue = overdue_notices(now).filter(scope)
    notice_figures = [
        Figure("本期下达", counts["n"], case_list_url(notice="issued", **span)),
        Figure("其中已答复", counts["answered"], case_list_url(notice="answered", **span)),
        Figure("逾期未答复（当前）", overdue.count(), case_list_url(notice="overdue")),
    ]
    return Board(
        period=period,
        now=now,
        stuck_days=stuck_days,
        late_units=late_units,
        late_items=late_items,
        late_total=late_total,
        late_link=case_list_url(late_unit="all"),
        stuck=stuck_figure,
        stuck_cases=list(stuck.order_by("updated_at", "pk")[:LATE_ROWS]),
        notices=notice_figures,
        uncooperative=uncooperative_units(cases, period, now=now),
    )


def uncooperative_units(cases: QuerySet[Case], period: Period, *, now: datetime) -> list[Uncooperative]:
    """Per unit, the counted behaviours of the period (late: assignment deadlines due in the period and
    missed, as 按期整改率 counts them; notices issued to it in the period; notices unanswered past their
    limit now; assignments it returned in the period); units with none are left out, the worst first."""
    span = span_params(period)
    scope = of_scope(cases)
    found: dict[str, dict[int, int]] = {}
    late = _measure(Kpi.ON_TIME_RECTIFICATION, cases, period, now, Grouping.UNIT)
    found["late"] = {u: r.denominator - r.numerator for u, r in late.items() if isinstance(u, int)}
    notices = _measure(Kpi.NOTICES, cases, period, now, Grouping.UNIT)
    found["notices"] = {u: r.numerator for u, r in notices.items() if isinstance(u, int)}
    unanswered = overdue_notices(now).filter(scope).values("unit_id").annotate(n=Count("pk"))
    found["unanswered"] = {r["unit_id"]: r["n"] for r in unanswered}
    returned = (
        Assignment.objects.filter(scope, returned_at__gte=period.start, returned_at__lt=period.end)
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    found["returned"] = {r["unit_id"]: r["n"] for r in returned}
    units: set[int] = {u for counts in found.values() for u, n in counts.items() if n}
    names = _unit_names(units)
    links = {
        "late": lambda u: case_list_url(kpi=Kpi.ON_TIME_RECTIFICATION.value, hit=0, g="unit", gv=u, **span),
        "notices": lambda u: case_list_url(notice="issued", notice_unit=u, **span),
        "unanswered": lambda u: case_list_url(notice="overdue", notice_unit=u),
        "returned": lambda u: case_list_url(returned_unit=u, **span),
    }
    out = []
    for u in units:
        row = Uncooperative(u, names.get(u, "—"))
        for key, label in BEHAVIOURS:
            row.figures[key] = Figure(label, found[key].get(u, 0), links[key](u))
        out.append(row)
    return sorted(out, key=lambda r: (-r.total, r.name))


# ---------------------------------------------------------------- leaders' dashboard


def _rate_entry(kpi: Kpi, ratio: Ratio, span: dict[str, str], **group: object) -> dict[str, Any]:
    rate = ratio.rate
    return {
        "kpi": kpi.value,
        "label": kpi.label,
        "numerator": ratio.numerator,
        "denominator": ratio.denominator,
        "rate": None if rate is None else round(rate * 100, 1),
        "link": case_list_url(kpi=kpi.value, **group, **span),
        "miss_link": case_list_url(kpi=kpi.value, hit=0, **group, **span),
    }


def _measure(kpi: Kpi, cases: QuerySet[Case], period: Period, now: datetime, grouping: Grouping
             ) -> dict[GroupValue, Ratio]:  # fmt: skip
    """One KPI: from the daily roll-ups (complete days; today and later live) when ``cases`` is every case,
    as it is for the roles that see the dashboards; live SQL over a narrower scope."""
    satisfied = policy_of(None).closing_satisfaction
    if not cases.query.has_filters():
        return rollups.measure(kpi, period, as_of=now, grouping=grouping, satisfied=satisfied)
    return queries.measure(kpi, cases, period, as_of=now, grouping=grouping, satisfied=satisfied)


def _trend(cases: QuerySet[Case], period: Period, kind: PeriodKind, count: int, now: datetime
           ) -> dict[str, Any]:  # fmt: skip
    """The last ``count`` weeks or months up to the end of ``period``: the three goals' rates and the cases
    registered, each point with its list."""
    # Up to the end of the period, or today when the period is still running (no empty future points).
    last = min((period.end - timedelta(days=1)).date(), today(now))
    starts = [period_start(kind, last)]
    while len(starts) < count:
        starts.insert(0, period_start(kind, starts[0] - timedelta(days=1)))
    whole = Period.between(starts[0], Period.of(kind, last).end.date())
    grouping = Grouping(kind.value)
    labels = [_point_label(kind, s) for s in starts]
    series = []
    for kpi in [*GOALS, Kpi.REGISTERED]:
        found = _measure(kpi, cases, whole, now, grouping)
        points = []
        for s in starts:
            ratio = found.get(s, Ratio())
            entry = _rate_entry(kpi, ratio, span_params(Period.of(kind, s)))
            if kpi is Kpi.REGISTERED:
                entry["rate"] = ratio.numerator
            points.append(entry)
        series.append({"kpi": kpi.value, "label": kpi.label, "points": points})
    return {"labels": labels, "series": series}


def _point_label(kind: PeriodKind, start: date) -> str:
    return f"{start:%m-%d}" if kind is PeriodKind.WEEK else f"{start.year}-{start.month:02d}"


def dashboard_data(user: Any, period: Period, *, now: datetime) -> dict[str, Any]:
    """Everything the dashboard draws, as JSON-ready data; every figure carries the URL of its case list."""
    check_may_see_dashboards(user)
    cases = cases_visible_to(user)
    policy = policy_of(None)
    span = span_params(period)
    totals = {
        kpi: _measure(kpi, cases, period, now, Grouping.ALL).get(None, Ratio()) for kpi in GOALS + HOTLINE
    }

    def volume(grouping: Grouping, labels: dict[str, str], list_field: str) -> list[dict[str, Any]]:
        found = _measure(Kpi.REGISTERED, cases, period, now, grouping)
        rows = [
            {
                "label": labels.get(str(g), str(g)) if g else "（未研判）",
                "value": r.numerator,
                # The list's own filter where the value has one; "" (not assessed) through the drill.
                "link": case_list_url(**{list_field: g, "registered_from": span["from"],
                                         "registered_to": span["to"]})
                if g
                else case_list_url(kpi=Kpi.REGISTERED.value, g=grouping.value, gv="", **span),
            }
            for g, r in found.items()
        ]  # fmt: skip
        return sorted(rows, key=lambda r: (-r["value"], r["label"]))

    ranked = _measure(Kpi.ON_TIME_RECTIFICATION, cases, period, now, Grouping.UNIT)
    names = _unit_names({u for u in ranked if isinstance(u, int)})
    units = sorted(
        (
            {**_rate_entry(Kpi.ON_TIME_RECTIFICATION, r, span, g="unit", gv=u), "unit": names.get(u, "—")}
            for u, r in ranked.items()
            if isinstance(u, int)
        ),
        key=lambda e: (-(e["rate"] if e["rate"] is not None else -1), -e["denominator"], e["unit"]),
    )
    waiting = dict(
        cases.filter(state__in=OPEN_STATE_VALUES)
        .order_by()
        .values_list("escalation_level")
        .annotate(n=Count("pk"))
    )
    levels = [
        {
            "level": item.level,
            "label": f"{item.level} 级\n{item.label}",
            "value": waiting.get(item.level, 0),
            "link": case_list_url(level=item.level),
        }
        for item in sorted(policy.escalation_levels, key=lambda i: i.level)
    ]
    return {
        "period": {**span, "label": period_label(period)},
        "goals": [_rate_entry(k, totals[k], span) for k in GOALS],
        "hotline": [_rate_entry(k, totals[k], span) for k in HOTLINE],
        "trend_weeks": _trend(cases, period, PeriodKind.WEEK, TREND_WEEKS, now),
        "trend_months": _trend(cases, period, PeriodKind.MONTH, TREND_MONTHS, now),
        "by_category": volume(Grouping.CATEGORY, {c.code: c.label for c in policy.categories}, "category"),
        "by_channel": volume(Grouping.CHANNEL, dict(Channel.choices), "channel"),
        "units": units,
        "levels": levels,
    }


CACHE_SECONDS = 600


def cached_dashboard_data(user: Any, period: Period, *, now: datetime) -> dict[str, Any]:
    """``dashboard_data``, kept for ``CACHE_SECONDS`` until anything changes: the key holds the newest audit
    event's id (every action appends one), so a new registration, transfer or visit computes afresh. The
    roles that see the dashboard all see every case, so one entry serves them all. Deadlines that pass
    their due time without an action are counted at the next computation (at most ``CACHE_SECONDS`` late)."""
    check_may_see_dashboards(user)
    newest = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # A refresh of the daily roll-ups (every 10 minutes) also computes afresh.
    rolled = RollupCoverage.objects.values_list("refreshed_at", flat=True).first()
    stamp = rolled.timestamp() if rolled else 0
    key = f"bancheng.dashboard:{period.start.isoformat()}:{period.end.isoformat()}:{newest}:{stamp}"
    found = cache.get(key)
    if found is None:
        found = {**dashboard_data(user, period, now=now), "computed_at": now.astimezone(TZ).isoformat()}
        cache.set(key, found, CACHE_SECONDS)
    return found


def period_label(period: Period) -> str:
    first = period.start.date()
    last = (period.end - timedelta(days=1)).date()
    return f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}"


def today(now: datetime) -> date:
    return now.astimezone(TZ).date()
