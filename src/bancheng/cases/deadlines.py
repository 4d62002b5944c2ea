"""Deadline rows: open them, derive their due date from the rules, meet them. No rule lives here:
the arithmetic is ``bancheng.domain.deadlines`` on the calendar of ``bancheng.calendars``."""

from __future__ import annotations

from datetime import datetime

from bancheng.cases.models import Assignment, Case, Deadline
from bancheng.domain.calendar import Due, WorkCalendar
from bancheng.domain.deadlines import DeadlineStatus, Limit, cap_due, due_for, extended_due, status_at


def derive_due(cal: WorkCalendar, deadline: Deadline) -> Due:
    """Base period from the start, plus the working time of completed pauses, plus approved extensions,
    never past the calendar-day cap."""
    due = due_for(cal, deadline.started_at, deadline.limit)
    provisional = due.provisional
    if deadline.pause_minutes:
        due = Due(cal.add_business_minutes(due.at, deadline.pause_minutes), due.provisional)
    for extra in deadline.extensions:
        due = extended_due(cal, due, Limit.from_dict(extra))
        provisional = provisional or due.provisional
    due = cap_due(cal, due, deadline.started_at, deadline.cap_days)
    return Due(due.at, provisional or due.provisional)


def open_deadline(
    cal: WorkCalendar,
    *,
    case: Case,
    kind: str,
    start: datetime,
    limit: Limit,
    now: datetime,
    due_soon_minutes: int,
    cap_days: int | None = None,
    assignment: Assignment | None = None,
) -> Deadline:
    deadline = new_deadline(
        cal,
        case=case,
        kind=kind,
        start=start,
        limit=limit,
        now=now,
        due_soon_minutes=due_soon_minutes,
        cap_days=cap_days,
        assignment=assignment,
    )
    deadline.save(force_insert=True)
    return deadline


def new_deadline(
    cal: WorkCalendar,
    *,
    case: Case,
    kind: str,
    start: datetime,
    limit: Limit,
    now: datetime,
    due_soon_minutes: int,
    cap_days: int | None = None,
    assignment: Assignment | None = None,
) -> Deadline:
    """``open_deadline`` without the save (for ``bulk_create``)."""
    deadline = Deadline(
        case=case,
        assignment=assignment,
        kind=kind,
        limit_amount=limit.amount,
        limit_unit=limit.unit.value,
        cap_days=cap_days,
        started_at=start,
    )
    due = derive_due(cal, deadline)
    deadline.due_at = deadline.original_due_at = due.at
    deadline.provisional = due.provisional
    deadline.status = status_at(
        cal, due_at=due.at, now=now, met_at=None, due_soon_minutes=due_soon_minutes
    ).value
    return deadline


def refresh(cal: WorkCalendar, deadline: Deadline, *, now: datetime, due_soon_minutes: int) -> list[str]:
    """Re-derive the due date and status; returns the changed field names (for ``update_fields``)."""
    changed: list[str] = []
    if deadline.paused_at is not None:
        return changed  # a paused clock neither moves nor goes late
    if deadline.is_open:
        due = derive_due(cal, deadline)
        if due.at != deadline.due_at:
            deadline.due_at = due.at
            changed.append("due_at")
        if due.provisional != deadline.provisional:
            deadline.provisional = due.provisional
            changed.append("provisional")
    status = status_at(
        cal, due_at=deadline.due_at, now=now, met_at=deadline.met_at, due_soon_minutes=due_soon_minutes
    ).value
    if deadline.cancelled_at is None and status != deadline.status:
        deadline.status = status
        changed.append("status")
    return changed


def meet(cal: WorkCalendar, deadline: Deadline, *, at: datetime) -> None:
    deadline.met_at = at
    on_time = at <= deadline.due_at
    deadline.status = (DeadlineStatus.MET_ON_TIME if on_time else DeadlineStatus.MET_LATE).value
    deadline.save(update_fields=["met_at", "status"])


def cancel(deadline: Deadline, *, at: datetime) -> None:
    deadline.cancelled_at = at
    deadline.save(update_fields=["cancelled_at"])


def describe(deadline: Deadline) -> dict[str, object]:
    return {
        "id": deadline.pk,
        "kind": deadline.kind,
        "due_at": deadline.due_at,
        "provisional": deadline.provisional,
        "status": deadline.status,
    }
