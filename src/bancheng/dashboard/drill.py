"""The case list behind a figure of the dashboards (drill-down): extra GET parameters of ``/cases/`` that
narrow the viewer's cases to those holding the counted items of one figure.

- ``kpi=<Kpi>&from=YYYY-MM-DD&to=YYYY-MM-DD`` (days inclusive, Asia/Shanghai), optional ``hit=1`` (only
  the numerator: on time, contacted …) or ``hit=0`` (only the rest), optional ``g=<grouping>&gv=<value>``
  (one bar of a chart grouped by unit, category, channel, branch, class or nature). The items are exactly
  those ``bancheng.stats.queries.measure`` counts, so the list is the cases behind the figure.
- ``notice=issued|answered|overdue`` with optional ``notice_unit=<id>`` and ``from``/``to`` (issued in the
  period; ``overdue``: still unanswered past the answer deadline now, whenever issued).
- ``late_unit=<id>|all``: open cases with a deadline of that unit (or of any) (its assignment's unit, or the branch for a
  deadline of the window) past due now.
- ``returned_unit=<id>`` with ``from``/``to``: cases with an assignment the unit returned in the period.
- ``stuck=<N>``: open cases, not paused, with no event for N working days.
- ``level=<n>``: open cases waiting at escalation level n.

A figure counts items (deadlines, visits, notices); the list shows each case once, so a case with two
counted items (two units late on it) is one row for two in the figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict

from bancheng.calendars.services import get_calendar
from bancheng.cases.models import Assignment, Case, Deadline, FollowUpVisit, SupervisionNotice
from bancheng.cases.selectors import OPEN_STATE_VALUES
from bancheng.domain.calendar import TZ
from bancheng.domain.kpi import Grouping, Kpi, Period
from bancheng.policies.services import policy_of
from bancheng.stats import queries as stats_queries
from bancheng.stats.queries import _DEADLINE_KINDS, COUNTS_FOR_COMPLETION, ON_TIME

DRILL_KEYS = ("kpi", "notice", "late_unit", "returned_unit", "stuck", "level")
CASE_FIELDS = {
    Grouping.BRANCH: "branch_id",
    Grouping.CATEGORY: "category",
    Grouping.NATURE: "nature",
    Grouping.CLASS: "case_class",
    Grouping.CHANNEL: "channel",
}
NOTICE_TITLES = {"issued": "下达的督办单", "answered": "已答复的督办单", "overdue": "逾期未答复的督办单"}


class BadDrill(ValueError):
    """A drill-down parameter that does not parse; its message is shown on the list (Chinese)."""


@dataclass(frozen=True)
class Drill:
    cases: QuerySet[Case]
    title: str


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadDrill(f"{name} 日期格式应为 年-月-日") from None


def _int(value: str, name: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise BadDrill(f"{name} 应为整数") from None
    if number < 0:
        raise BadDrill(f"{name} 不能为负数")
    return number


def _period(params: QueryDict) -> Period | None:
    first, last = params.get("from", ""), params.get("to", "")
    if not first and not last:
        return None
    if not first or not last:
        raise BadDrill("请同时给出起止日期")
    start, end = _day(first, "起始"), _day(last, "截止")
    if end < start:
        raise BadDrill("截止日期早于起始日期")
    return Period.between(start, end + timedelta(days=1))


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def kpi_cases(
    cases: QuerySet[Case],
    kpi: Kpi,
    period: Period,
    *,
    as_of: datetime,
    hit: bool | None = None,
    grouping: Grouping = Grouping.ALL,
    group: Any = None,
) -> QuerySet[Case]:
    """The cases holding the items ``queries.measure(kpi, …)`` counts in ``period`` (only the numerator's
    when ``hit`` is True, only the rest when False), in one group of ``grouping``."""
    unit_q = Q()
    if kpi in _DEADLINE_KINDS:
        items: QuerySet[Any] = Deadline.objects.filter(_in(period, "due_at"), cancelled_at=None).filter(
            Q(met_at__isnull=False) | Q(due_at__lt=as_of)
        )
        kinds = _DEADLINE_KINDS[kpi]
        if kinds is not None:
            items = items.filter(kind__in=kinds)
        yes = ON_TIME if kpi is not Kpi.OVERDUE else ~ON_TIME
        path = "case_id"
        if grouping is Grouping.UNIT:
            on_unit = Assignment.objects.filter(case=OuterRef("case_id"), unit_id=group)
            unit_q = Q(assignment__unit_id=group) | Q(assignment__isnull=True, on_case_unit=True)
            items = items.annotate(on_case_unit=Exists(on_unit))
    elif kpi in (Kpi.CONTACTED, Kpi.SOLVED, Kpi.SATISFIED):
        items = FollowUpVisit.objects.filter(_in(period, "visited_at"))
        appealed = getattr(stats_queries, "APPEAL_APPROVED", None)
        if appealed is not None:  # the same visits as queries.measure: not a rating appealed away
            items = items.exclude(rating_appeals__state=appealed)
        yes = {
            Kpi.CONTACTED: Q(contacted=True),
            Kpi.SOLVED: Q(solved=True),
            Kpi.SATISFIED: Q(satisfaction__in=list(policy_of(None).closing_satisfaction)),
        }[kpi]
        path = "case_id"
    elif kpi is Kpi.NOTICES:
        items = SupervisionNotice.objects.filter(_in(period, "issued_at"))
        yes, path = Q(), "case_id"
        if grouping is Grouping.UNIT:
            unit_q = Q(unit_id=group)
    else:
        anchor = {
            Kpi.REGISTERED: "registered_at",
            Kpi.COMPLETION: "registered_at",
            Kpi.FOLLOW_UP: "feedback_at",
            Kpi.DAYS_TO_CLOSE: "closed_at",
        }[kpi]
        items = Case.objects.filter(_in(period, anchor))
        yes = {
            Kpi.REGISTERED: Q(),
            Kpi.COMPLETION: Q(state__in=["closed", "archived"]),
            Kpi.FOLLOW_UP: Q(visited_at__isnull=False),
            Kpi.DAYS_TO_CLOSE: Q(),
        }[kpi]
        if kpi is Kpi.COMPLETION:
            items = items.filter(COUNTS_FOR_COMPLETION)
        if kpi is Kpi.DAYS_TO_CLOSE:
            items = items.filter(COUNTS_FOR_COMPLETION, state__in=["closed", "archived"])
        path = "pk"
    prefix = "" if path == "pk" else "case__"
    if grouping is Grouping.UNIT and unit_q == Q():
        unit_q = Q(**{f"{prefix}assignments__unit_id": group})
    elif grouping in CASE_FIELDS:
        unit_q = Q(**{prefix + CASE_FIELDS[grouping]: group})
    elif grouping is not Grouping.ALL and grouping is not Grouping.UNIT:
        raise BadDrill("该分组不能下钻到诉求件列表")
    items = items.filter(unit_q)
    if hit is True:
        items = items.filter(yes)
    elif hit is False:
        items = items.exclude(yes)
    return cases.filter(pk__in=items.values(path))


def late_cases(cases: QuerySet[Case], unit: int | None, *, now: datetime) -> QuerySet[Case]:
    """Open cases with a deadline past due now: of ``unit`` (an assignment's unit, or the branch for a
    deadline of the window), or of any unit when ``unit`` is None."""
    late = Deadline.objects.filter(met_at=None, cancelled_at=None, due_at__lt=now)
    if unit is not None:
        late = late.filter(Q(assignment__unit_id=unit) | Q(assignment__isnull=True, case__branch_id=unit))
    return cases.filter(state__in=OPEN_STATE_VALUES, pk__in=late.values("case_id"))


def overdue_notices(now: datetime) -> QuerySet[SupervisionNotice]:
    """Notices still unanswered after their answer deadline (``policy.notice_answer_limit``)."""
    late_answer = Deadline.objects.filter(
        case=OuterRef("case_id"),
        assignment=OuterRef("assignment_id"),
        kind="notice_answer",
        met_at=None,
        cancelled_at=None,
        due_at__lt=now,
    )
    return SupervisionNotice.objects.filter(state="issued").filter(Exists(late_answer))


def notice_cases(
    cases: QuerySet[Case], which: str, *, now: datetime, unit: int | None = None, period: Period | None = None
) -> QuerySet[Case]:
    if which == "overdue":
        notices = overdue_notices(now)
    elif which in ("issued", "answered"):
        notices = SupervisionNotice.objects.all()
        if which == "answered":
            notices = notices.filter(state="answered")
    else:
        raise BadDrill("督办单状态应为 issued、answered 或 overdue")
    if period is not None and which != "overdue":
        notices = notices.filter(_in(period, "issued_at"))
    if unit is not None:
        notices = notices.filter(unit_id=unit)
    return cases.filter(pk__in=notices.values("case_id"))


def returned_cases(cases: QuerySet[Case], unit: int, period: Period | None) -> QuerySet[Case]:
    returned = Assignment.objects.filter(unit_id=unit, returned_at__isnull=False)
    if period is not None:
        returned = returned.filter(_in(period, "returned_at"))
    return cases.filter(pk__in=returned.values("case_id"))


def stuck_since(days: int, *, now: datetime) -> datetime:
    """The start of the working day ``days`` working days before today: a case with no event since then has
    been still for that many working days."""
    today = now.astimezone(TZ).date()
    first = get_calendar().add_working_days(today, -days) if days else today
    return datetime.combine(first, datetime.min.time(), tzinfo=TZ)


def stuck_cases(cases: QuerySet[Case], days: int, *, now: datetime) -> QuerySet[Case]:
    """Open cases, not waiting for the requester's materials, with no event (every action sets
    ``updated_at``) for ``days`` working days."""
    return cases.filter(state__in=OPEN_STATE_VALUES, paused=False, updated_at__lt=stuck_since(days, now=now))


def narrow(cases: QuerySet[Case], params: QueryDict, *, now: datetime) -> Drill | None:
    """The drill-down the parameters ask for, or None when they ask for none. Raises BadDrill."""
    if not any(params.get(k) for k in DRILL_KEYS):
        return None
    period = _period(params)
    if params.get("kpi"):
        try:
            kpi = Kpi(params["kpi"])
            grouping = Grouping(params.get("g") or "all")
        except ValueError:
            raise BadDrill("未知的统计指标或分组") from None
        if period is None:
            raise BadDrill("请给出统计的起止日期")
        hit = {"1": True, "0": False, "": None}.get(params.get("hit", ""))
        group: Any = params.get("gv", "")
        if grouping in (Grouping.UNIT, Grouping.BRANCH):
            group = _int(group, "单位")
        found = kpi_cases(cases, kpi, period, as_of=now, hit=hit, grouping=grouping, group=group)
        part = {True: "（达标）", False: "（未达标）", None: ""}[hit]
        span = f"{params['from']} 至 {params['to']}"
        return Drill(found, f"{kpi.label}{part}：{span}")
    if params.get("notice"):
        unit = _int(params["notice_unit"], "单位") if params.get("notice_unit") else None
        which = params["notice"]
        found = notice_cases(cases, which, now=now, unit=unit, period=period)
        return Drill(found, NOTICE_TITLES.get(which, "督办单"))
    if params.get("late_unit"):
        which = params["late_unit"]
        unit = None if which == "all" else _int(which, "单位")
        return Drill(late_cases(cases, unit, now=now), "超期未办结")
    if params.get("returned_unit"):
        return Drill(returned_cases(cases, _int(params["returned_unit"], "单位"), period), "退单")
    if params.get("stuck"):
        days = _int(params["stuck"], "天数")
        return Drill(stuck_cases(cases, days, now=now), f"连续 {days} 个工作日无进展")
    level = _int(params["level"], "层级")
    found = cases.filter(state__in=OPEN_STATE_VALUES, escalation_level=level)
    return Drill(found, f"在办：处理层级 {level}")
