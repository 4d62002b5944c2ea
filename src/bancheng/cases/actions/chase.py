"""What the sweep does by itself when a case goes late (催办督办自动化): the automatic supervision notice
for a late assignment, and the escalation of a notice left unanswered. Both are system actions (actor
``None``), keyed on state so that a second sweep, or a rerun after a crash, finds nothing more to do."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F

from bancheng.audit.chain import append_events_bulk
from bancheng.audit.models import Event
from bancheng.calendars.services import get_calendar
from bancheng.cases.actions._base import case_action
from bancheng.cases.actions.supervision import write_notice
from bancheng.cases.choices import DeadlineKind, NoticeState
from bancheng.cases.models import Case, Deadline, SupervisionNotice
from bancheng.domain.deadlines import DeadlineStatus, status_at
from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import (
    AssignmentState,
    CaseAction,
    CaseState,
    next_assignment_state,
    next_state,
)
from bancheng.policies.services import policy_of

AUTO_NOTICE_CONTENT = "该转办事项已超过办理时限未办结（系统自动督办）"
AUTO_NOTICE_REQUIREMENT = "请立即落实办理，并在规定时限内书面答复办理情况"
UNANSWERED_REASON = "督办单逾期未答复"


def supervise_overdue_assignment(deadline_id: int, *, now: datetime) -> SupervisionNotice | None:
    """超时自动督办: an overdue assignment deadline gets one numbered notice from the center office to its
    unit (seed 000 四(三)), when the case's policy says so (``supervision_after_overdue``). Returns
    ``None`` (and writes nothing) when the deadline no longer needs one: met, cancelled, not overdue, its
    notice already issued, the office already issued one by hand since it fell due, or the policy is off.
    Event ``supervise_overdue`` (the same data as ``issue_supervision_notice``)."""
    case_id = Deadline.objects.filter(pk=deadline_id).values_list("case_id", flat=True).first()
    if case_id is None:
        return None
    with case_action(case_id, CaseAction.SUPERVISE_OVERDUE, actor=None, now=now) as ctx:
        ctx.record = False
        d = (
            Deadline.objects.select_related("assignment__unit")
            .filter(pk=deadline_id, kind=DeadlineKind.ASSIGNMENT, met_at=None, cancelled_at=None)
            .filter(status=DeadlineStatus.OVERDUE.value)
            .first()
        )
        if d is None or d.assignment is None or not ctx.policy.supervision_after_overdue:
            return None
        if SupervisionNotice.objects.filter(overdue_deadline=d).exists():
            return None  # under the case lock: a concurrent sweep issued it first
        if d.assignment.notices.filter(issued_at__gte=d.due_at).exists():
            return None  # the office has already supervised this late assignment by hand
        next_assignment_state(ctx.action, AssignmentState(d.assignment.state))
        ctx.record = True
        notice = write_notice(
            ctx,
            d.assignment,
            issued_by=None,
            content=AUTO_NOTICE_CONTENT,
            requirement=AUTO_NOTICE_REQUIREMENT,
            overdue_deadline=d,
        )
        ctx.data.update(overdue_deadline=d.pk, automatic=True)
    return notice


def escalate_unanswered_notice(notice_id: int, *, now: datetime) -> bool:
    """督办单逾期未答复提级: a notice whose answer deadline went overdue moves the case up one level
    (reason 督办单逾期未答复), at most to the policy's top level; each notice does this once
    (``escalated_at``). Returns whether the case moved. Event ``escalate_unanswered``; at the top level
    the notice is only marked, and the event says ``capped``."""
    case_id = SupervisionNotice.objects.filter(pk=notice_id).values_list("case_id", flat=True).first()
    if case_id is None:
        return False
    with case_action(case_id, CaseAction.ESCALATE_UNANSWERED, actor=None, now=now) as ctx:
        ctx.record = False
        n = SupervisionNotice.objects.filter(
            pk=notice_id, state=NoticeState.ISSUED, escalated_at=None
        ).first()
        if n is None:
            return False
        late = Deadline.objects.filter(
            case_id=case_id,
            kind=DeadlineKind.NOTICE_ANSWER,
            assignment_id=n.assignment_id,
            met_at=None,
            cancelled_at=None,
            status=DeadlineStatus.OVERDUE.value,
        ).exists()
        if not late:
            return False
        n.escalated_at = ctx.now
        n.save(update_fields=["escalated_at"])
        ctx.record = True
        top = ctx.policy.max_escalation_level
        level = min(ctx.case.escalation_level + 1, top)
        moved = level != ctx.case.escalation_level
        ctx.set(escalation_level=level)
        ctx.data.update(
            reason=UNANSWERED_REASON,
            notice=n.number,
            unit=n.unit.code,
            level_code=ctx.policy.escalation_level(level).code,
            capped=not moved,
        )
    return moved


_RUNNING = (DeadlineStatus.ON_TRACK.value, DeadlineStatus.DUE_SOON.value)


def mark_deadlines_batch(
    candidates: dict[int, list[int]], *, now: datetime, batch_size: int = 2000
) -> dict[str, int]:
    """时限状态批量更新: the sweep's marking step for many cases at once. ``candidates`` maps a case to the
    deadlines that may have changed status. Per batch of ``batch_size`` cases, in one transaction: the case
    rows are locked (``SKIP LOCKED`` on PostgreSQL: a case a user is acting on right now is left for the next
    sweep), each deadline's status is recomputed, the changed ones are written with one UPDATE per new
    status, every changed case gets ``version + 1`` and ``updated_at`` in one UPDATE, and one
    ``mark_deadlines`` event per case (the same data as the per-case action) is appended to its stream in
    bulk; the notification rules then run on those events as they would on a saved event, and their
    messages are checked for duplicates in one query and written in bulk. Keyed on state:
    a rerun for the same time finds nothing to change."""
    counts = {"cases": 0, "due_soon": 0, "overdue": 0, "skipped": 0}
    case_ids = sorted(candidates)
    for start in range(0, len(case_ids), batch_size):
        chunk = case_ids[start : start + batch_size]
        with transaction.atomic():
            _mark_batch(chunk, candidates, now, counts)
    return counts


def _mark_batch(
    chunk: list[int], candidates: dict[int, list[int]], now: datetime, counts: dict[str, int]
) -> None:
    from bancheng.notifications.listeners import on_events_bulk  # the rules of saved events, run by hand

    locking = Case.objects.filter(pk__in=chunk).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        locking = locking.select_for_update(skip_locked=True, of=("self",))
    else:
        locking = locking.select_for_update()
    cases = {}
    for case in locking:
        try:
            next_state(CaseAction.MARK_DEADLINES, CaseState(case.state), paused=case.paused)
        except DomainError:
            continue
        cases[case.pk] = case
    counts["skipped"] += len(chunk) - len(cases)
    wanted = [pk for case_id in cases for pk in candidates[case_id]]
    rows = (
        Deadline.objects.filter(pk__in=wanted, met_at=None, cancelled_at=None, paused_at=None)
        .filter(status__in=_RUNNING)
        .order_by("case_id", "pk")
        .values_list("pk", "case_id", "kind", "status", "due_at")
    )
    cal = get_calendar()
    by_status: dict[str, list[int]] = defaultdict(list)
    changes: dict[int, list[dict[str, object]]] = defaultdict(list)
    for pk, case_id, kind, old, due_at in rows:
        warning = policy_of(cases[case_id].policy_version_id).due_soon_minutes  # type: ignore[attr-defined]
        new = status_at(cal, due_at=due_at, now=now, met_at=None, due_soon_minutes=warning).value
        if new != old:
            by_status[new].append(pk)
            changes[case_id].append({"id": pk, "kind": kind, "from": old, "to": new})
            counts[new] = counts.get(new, 0) + 1
    if not changes:
        return
    for status, ids in by_status.items():
        Deadline.objects.filter(pk__in=ids).update(status=status)
    Case.objects.filter(pk__in=list(changes)).update(version=F("version") + 1, updated_at=now)
    events = [
        Event(
            stream=cases[case_id].stream,
            case=cases[case_id],
            action=CaseAction.MARK_DEADLINES.value,
            actor=None,
            actor_name="系统",
            acting_for_name="",
            at=now,
            request_id="",
            before={},
            after={},
            data={"deadlines": changes[case_id]},
        )
        for case_id in sorted(changes)
    ]
    on_events_bulk(append_events_bulk(events))
    counts["cases"] += len(changes)
