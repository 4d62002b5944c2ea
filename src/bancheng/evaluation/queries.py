"""What each handling unit did in a period, counted in the database (one aggregate query per item, never a
loop over cases), as the ``UnitCounts`` that ``bancheng.domain.evaluation.evaluate`` scores. Read-only.

Every item is counted in the period ``[start, end)`` by its own anchor time:

- handled: assignments transferred to the unit (``transferred_at``);
- late: assignment deadlines of the unit due in the period, not cancelled, resolved after the due time or
  still open past it as of ``as_of`` (the late part of 按期整改率);
- notices: supervision notices (督办单) issued to the unit (``issued_at``);
- bad ratings: follow-up visits in the period whose satisfaction is one of ``policy.bad_rating``, once for
  each unit with an assignment on the case that it neither returned nor had cancelled;
- non-cooperation: assignments the unit returned (退单, ``returned_at``), plus notice-answer deadlines of
  the unit due in the period and not met in time as of ``as_of`` (督办单 not answered within the limit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from bancheng.cases.models import Assignment, Deadline, SupervisionNotice
from bancheng.domain.evaluation import UnitCounts
from bancheng.domain.kpi import Period
from bancheng.org.models import Unit

CLOSED_ASSIGNMENT_STATES = ("returned", "cancelled")


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _by_unit(rows: QuerySet[Any], unit: str, counted: str = "pk") -> dict[int, int]:
    found = rows.order_by().values(unit).annotate(n=Count(counted, distinct=True))
    return {r[unit]: r["n"] for r in found if r[unit] is not None}


def _missed(kind: str, period: Period, as_of: datetime) -> QuerySet[Deadline]:
    """Deadlines of ``kind`` tied to an assignment, due in the period, not cancelled, and missed as of
    ``as_of``: met after the due time, or not met and already past it."""
    return Deadline.objects.filter(
        _in(period, "due_at"), kind=kind, assignment__isnull=False, cancelled_at=None
    ).filter(Q(met_at__gt=F("due_at")) | Q(met_at=None, due_at__lt=as_of))


def handled(period: Period) -> dict[int, int]:
    return _by_unit(Assignment.objects.filter(_in(period, "transferred_at")), "unit_id")


def late(period: Period, as_of: datetime) -> dict[int, int]:
    return _by_unit(_missed("assignment", period, as_of), "assignment__unit_id")


def notices(period: Period) -> dict[int, int]:
    return _by_unit(SupervisionNotice.objects.filter(_in(period, "issued_at")), "unit_id")


def bad_ratings(period: Period, bad: Iterable[str]) -> dict[int, int]:
    """Per unit, the distinct bad-rated visits of the cases it holds an assignment of (filter and count
    share one join of the visits, so the count is of the visits that matched)."""
    rows = Assignment.objects.exclude(state__in=CLOSED_ASSIGNMENT_STATES).filter(
        _in(period, "case__visits__visited_at"), case__visits__satisfaction__in=list(bad)
    )
    return _by_unit(rows, "unit_id", counted="case__visits")


def returned(period: Period) -> dict[int, int]:
    return _by_unit(Assignment.objects.filter(_in(period, "returned_at"), state="returned"), "unit_id")


def unanswered_notices(period: Period, as_of: datetime) -> dict[int, int]:
    return _by_unit(_missed("notice_answer", period, as_of), "assignment__unit_id")


def unit_counts(period: Period, *, as_of: datetime, bad_rating: Iterable[str]) -> list[UnitCounts]:
    """One ``UnitCounts`` per unit that has anything in the period, sorted by unit id; six queries."""
    parts = {
        "handled": handled(period),
        "late": late(period, as_of),
        "notices": notices(period),
        "bad_ratings": bad_ratings(period, bad_rating),
    }
    non_cooperation: dict[int, int] = defaultdict(int)
    for part in (returned(period), unanswered_notices(period, as_of)):
        for unit, n in part.items():
            non_cooperation[unit] += n
    ids = set(non_cooperation).union(*parts.values())
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        UnitCounts(
            unit=unit,
            name=names.get(unit, str(unit)),
            non_cooperation=non_cooperation.get(unit, 0),
            **{name: counts.get(unit, 0) for name, counts in parts.items()},
        )
        for unit in sorted(ids)
    ]
