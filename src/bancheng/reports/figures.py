"""The figures of an analysis report, computed read-only from the cases when the report is generated and
kept as a JSON snapshot (so a published report never changes when cases move on).

Every rate and count comes from ``bancheng.stats.queries`` (the KPI definitions of ``domain/kpi.py``); the
repeated problems follow ``domain/reports.py``. Personal data in the snapshot is masked."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from bancheng.calendars.services import get_calendar
from bancheng.cases.choices import Channel
from bancheng.cases.models import Case
from bancheng.domain import reports as rules
from bancheng.domain.errors import DomainError
from bancheng.domain.kpi import Grouping, Kpi, Period, PeriodKind, Ratio
from bancheng.domain.masking import mask_name, mask_phone
from bancheng.domain.recurring import requester_key
from bancheng.org.models import Unit
from bancheng.policies.services import policy_of
from bancheng.stats import queries
from bancheng.stats.selectors import Cell

# The rates the report shows, in order (the three "100%" goals first).
RATES = [
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
TOP_CATEGORIES = 5
LISTED_REPEATS = 10
OPEN_EXCLUDED = ["closed", "archived", "withdrawn", "out_of_scope"]


def scope_cases(branch: Unit | None) -> QuerySet[Case]:
    cases = Case.objects.all()
    return cases if branch is None else cases.filter(branch=branch)


def compute(kind: PeriodKind, start: date, branch: Unit | None, *, as_of: datetime) -> dict[str, Any]:
    """The snapshot of one report: volume and trend, rates, top categories, repeated problems, late units,
    cases at each escalation level. A fixed number of queries, whatever the number of cases."""
    period = Period.of(kind, start)
    cases = scope_cases(branch)
    policy = policy_of(None)
    in_period = cases.filter(registered_at__gte=period.start, registered_at__lt=period.end)
    registered = _count(queries.measure(Kpi.REGISTERED, cases, period, as_of=as_of))
    previous = Period.of(kind, rules.shift(kind, start, -1))
    before = _count(queries.measure(Kpi.REGISTERED, cases, previous, as_of=as_of))
    last_day = (period.end - timedelta(days=1)).date()
    return {
        "title": rules.title(kind, start),
        "kind": kind.value,
        "period_label": rules.period_label(kind, start),
        "period_code": rules.period_code(kind, start),
        "first_day": start.isoformat(),
        "last_day": last_day.isoformat(),
        "scope": branch.name if branch is not None else "全中心",
        "as_of": as_of.isoformat(),
        "volume": _volume(in_period, registered, before, kind, start),
        "trend": _trend(cases, kind, start, as_of),
        "rates": _rates(cases, period, as_of, policy.closing_satisfaction),
        "categories": _categories(cases, period, as_of, policy, registered),
        "repeated": _repeated(in_period, policy),
        "late_units": _late_units(cases, period, as_of),
        "escalation": _escalation(in_period, policy),
    }


def _count(found: dict[Any, Ratio]) -> int:
    return sum(r.numerator for r in found.values())


def _volume(in_period: QuerySet[Case], registered: int, before: int, kind: PeriodKind, start: date
            ) -> dict[str, Any]:  # fmt: skip
    channels = dict(Channel.choices)
    by_channel = in_period.order_by().values("channel").annotate(n=Count("pk"))
    states = in_period.aggregate(
        closed=Count("pk", filter=Q(state__in=["closed", "archived"])),
        open=Count("pk", filter=~Q(state__in=OPEN_EXCLUDED)),
        out_of_scope=Count("pk", filter=~Q(out_of_scope_reason="")),
    )
    change = registered - before
    return {
        "registered": registered,
        "previous": before,
        "previous_label": rules.period_label(kind, rules.shift(kind, start, -1)),
        "change": change,
        "change_shown": _change(registered, before),
        "by_channel": sorted(
            ([channels.get(r["channel"], r["channel"]), r["n"]] for r in by_channel), key=lambda x: -x[1]
        ),
        **states,
    }


def _change(now: int, before: int) -> str:
    if before == 0:
        return "上期无可比数据" if now else "与上期持平"
    delta = (now - before) / before * 100
    if now == before:
        return "与上期持平"
    return f"{'增加' if now > before else '减少'} {abs(now - before)} 件（{'+' if delta > 0 else ''}{delta:.1f}%）"


def _trend(cases: QuerySet[Case], kind: PeriodKind, start: date, as_of: datetime) -> list[dict[str, Any]]:
    starts = rules.trend_starts(kind, start)
    span = Period.between(starts[0], rules.shift(kind, starts[-1], 1))
    grouping = Grouping.MONTH if kind is PeriodKind.MONTH else Grouping.QUARTER
    registered = queries.measure(Kpi.REGISTERED, cases, span, as_of=as_of, grouping=grouping)
    completed = queries.measure(Kpi.COMPLETION, cases, span, as_of=as_of, grouping=grouping)
    return [
        {
            "label": rules.period_label(kind, s),
            "registered": registered.get(s, Ratio()).numerator,
            "completed": completed.get(s, Ratio()).numerator,
        }
        for s in starts
    ]


def _rates(cases: QuerySet[Case], period: Period, as_of: datetime, satisfied: Any) -> list[dict[str, Any]]:
    days = get_calendar().working_days_between
    out = []
    for kpi in RATES:
        ratio = queries.measure(kpi, cases, period, as_of=as_of, satisfied=satisfied, working_days=days).get(
            None, Ratio()
        )
        cell = Cell(kpi, ratio)
        out.append(
            {
                "code": kpi.value,
                "label": kpi.label,
                "shown": cell.shown,
                "detail": cell.detail,
                "numerator": ratio.numerator,
                "denominator": ratio.denominator,
                "below_goal": cell.below_goal,
            }
        )
    return out


def _categories(cases: QuerySet[Case], period: Period, as_of: datetime, policy: Any, total: int
                ) -> list[dict[str, Any]]:  # fmt: skip
    labels = {c.code: c.label for c in policy.categories}
    found = queries.measure(Kpi.REGISTERED, cases, period, as_of=as_of, grouping=Grouping.CATEGORY)
    ranked = sorted(found.items(), key=lambda item: (-item[1].numerator, str(item[0])))
    return [
        {
            "code": code or "",
            "label": labels.get(str(code), str(code)) if code else "（未研判）",
            "count": ratio.numerator,
            "share": f"{ratio.numerator / total * 100:.1f}%" if total else "—",
        }
        for code, ratio in ranked[:TOP_CATEGORIES]
    ]


def _repeated(in_period: QuerySet[Case], policy: Any) -> dict[str, Any]:
    labels = {c.code: c.label for c in policy.categories}
    rows = list(
        in_period.order_by("registered_at", "pk").values_list(
            "number", "category", "business", "requester_name", "requester_phone"
        )
    )
    names: dict[str, str] = {}
    plain = []
    for number, category, business, name, phone in rows:
        key = requester_key(phone, name)
        names.setdefault(key, f"{mask_name(name)} {mask_phone(phone)}".strip())
        plain.append(rules.CaseRow(number, category, business, key))
    problems = rules.same_problems(plain)
    requesters = rules.same_requesters(plain)
    return {
        "min_requesters": rules.MIN_REQUESTERS,
        "min_repeats": rules.MIN_REPEATS,
        "same_problem_count": len(problems),
        "same_requester_count": len(requesters),
        "same_problem": [
            {
                "category": labels.get(p.category, p.category) if p.category else "（未研判）",
                "business": p.business,
                "requesters": p.requesters,
                "cases": list(p.cases),
            }
            for p in problems[:LISTED_REPEATS]
        ],
        "same_requester": [
            {"requester": names[r.requester], "cases": list(r.cases)} for r in requesters[:LISTED_REPEATS]
        ],
    }


def _late_units(cases: QuerySet[Case], period: Period, as_of: datetime) -> list[dict[str, Any]]:
    """Units with assignment deadlines due in the period that were met late or are still open past due
    (按期整改率's denominator minus numerator), with their supervision notices of the period."""
    rect = queries.measure(Kpi.ON_TIME_RECTIFICATION, cases, period, as_of=as_of, grouping=Grouping.UNIT)
    notices = queries.measure(Kpi.NOTICES, cases, period, as_of=as_of, grouping=Grouping.UNIT)
    late = {unit: r.denominator - r.numerator for unit, r in rect.items() if unit is not None}
    units = set(late) | {u for u, r in notices.items() if u is not None and r.numerator}
    names = dict(
        Unit.objects.filter(pk__in=[u for u in units if isinstance(u, int)]).values_list("pk", "name")
    )
    rows = []
    for unit in units:
        ratio = rect.get(unit, Ratio())
        late_count = late.get(unit, 0)
        notice_count = notices.get(unit, Ratio()).numerator
        if not late_count and not notice_count:
            continue
        rows.append(
            {
                "unit": names.get(unit, str(unit)),  # type: ignore[call-overload]
                "late": late_count,
                "decided": ratio.denominator,
                "on_time_rate": Cell(Kpi.ON_TIME_RECTIFICATION, ratio).shown,
                "notices": notice_count,
            }
        )
    return sorted(rows, key=lambda r: (-r["late"], -r["notices"], r["unit"]))


def _escalation(in_period: QuerySet[Case], policy: Any) -> list[dict[str, Any]]:
    """The cases registered in the period by the escalation level they are at when the report is generated,
    and how many of them are still open."""
    found = {
        r["escalation_level"]: r
        for r in in_period.order_by()
        .values("escalation_level")
        .annotate(n=Count("pk"), open=Count("pk", filter=~Q(state__in=OPEN_EXCLUDED)))
    }
    levels = sorted({item.level for item in policy.escalation_levels} | set(found))
    out = []
    for level in levels:
        try:
            label = policy.escalation_level(level).label
        except DomainError:  # a level the policy in force no longer names
            label = f"第{level}级"
        row = found.get(level, {})
        out.append({"level": level, "label": label, "cases": row.get("n", 0), "open": row.get("open", 0)})
    return out
