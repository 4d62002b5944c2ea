"""What the sweep does by itself when a case goes late (催办督办自动化): the automatic supervision notice
for a late assignment, and the escalation of a notice left unanswered. Both are system actions (actor
``None``), keyed on state so that a second sweep, or a rerun after a crash, finds nothing more to do."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef

from bancheng.audit.chain import append_events_bulk
from bancheng.audit.models import Event
from bancheng.bulk import insert_rows
from bancheng.calendars.services import get_calendar
from bancheng.cases import deadlines as dl
from bancheng.cases.actions._base import case_action
from bancheng.cases.actions.supervision import write_notice
from bancheng.cases.choices import DeadlineKind, NoticeState
from bancheng.cases.models import Case, Deadline, SupervisionNotice
from bancheng.cases.numbers import next_notice_numbers
from bancheng.domain.calendar import TZ
from bancheng.domain.deadlines import DeadlineStatus, status_at
from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import (
    AssignmentState,
    CaseAction,
    CaseState,
    next_assignment_state,
    next_state,
)
from bancheng.domain.policy import Policy
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
        d.supervised_at = ctx.now
        d.save(update_fields=["supervised_at"])
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
# What the batches and the notification rules of their events read of a case (the lifecycle guard, the
# policy, the level, the message values and recipients); loading only these keeps a batch's 2,000 case
# rows cheap. Reading another field would cost a query per case: the statement-count test catches it.
BATCH_CASE_FIELDS = (
    "number",
    "state",
    "paused",
    "policy_version",
    "escalation_level",
    "officer",
    "requester_name",
    "requester_phone",
    "business",
    "feedback",
    "version",
)


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

    locking = Case.objects.filter(pk__in=chunk).only(*BATCH_CASE_FIELDS).order_by("pk")
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
    policies = _policies(cases.values())
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
        warning = policies[cases[case_id].policy_version_id].due_soon_minutes  # type: ignore[attr-defined]
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


def _policies(cases: Iterable[Case]) -> dict[int | None, Policy]:
    """The policy of each version the batch's cases were assessed under, read once per version."""
    return {vid: policy_of(vid) for vid in {case.policy_version_id for case in cases}}  # type: ignore[attr-defined]


def _lock_cases(case_ids: list[int]) -> dict[int, Case]:
    """Lock the case rows of a batch; on PostgreSQL a case someone is acting on is left for the next sweep."""
    locking = Case.objects.filter(pk__in=case_ids).only(*BATCH_CASE_FIELDS).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        locking = locking.select_for_update(skip_locked=True, of=("self",))
    else:
        locking = locking.select_for_update()
    return {c.pk: c for c in locking}


def _system_event(
    case: Case, action: CaseAction, now: datetime, data: dict[str, object], **diff: Any
) -> Event:
    return Event(
        stream=case.stream,
        case=case,
        action=action.value,
        actor=None,
        actor_name="系统",
        acting_for_name="",
        at=now,
        request_id="",
        before=diff.get("before", {}),
        after=diff.get("after", {}),
        data=data,
    )


def supervise_overdue_batch(
    deadline_ids: list[int], *, now: datetime, batch_size: int = 2000
) -> dict[str, int]:
    """超时自动督办（批量）: ``supervise_overdue_assignment`` for many late assignment deadlines. Per batch, in
    one transaction: the cases are locked (``SKIP LOCKED`` on PostgreSQL), the deadlines still needing a
    notice are re-read under the lock, the notice numbers are taken from ``NoticeSequence`` in one step, the
    notices and their answer deadlines are written with ``bulk_create``, each case gets ``version + 1`` and
    one ``supervise_overdue`` event per notice (appended in bulk), and the messages are written in bulk. The
    unique link notice→deadline keeps it exactly-once."""
    counts = {"notices": 0, "refused": 0}
    for start in range(0, len(deadline_ids), batch_size):
        with transaction.atomic():
            _supervise_batch(deadline_ids[start : start + batch_size], now, counts)
    return counts


def _supervise_batch(chunk: list[int], now: datetime, counts: dict[str, int]) -> None:
    from bancheng.notifications.listeners import on_events_bulk

    case_ids = sorted(set(Deadline.objects.filter(pk__in=chunk).values_list("case_id", flat=True)))
    cases = _lock_cases(case_ids)
    policies = _policies(cases.values())
    usable: dict[int, Case] = {}
    for case in cases.values():
        try:
            next_state(CaseAction.SUPERVISE_OVERDUE, CaseState(case.state), paused=case.paused)
        except DomainError:
            counts["refused"] += 1
            continue
        if policies[case.policy_version_id].supervision_after_overdue:  # type: ignore[attr-defined]
            usable[case.pk] = case
    by_hand = SupervisionNotice.objects.filter(
        assignment_id=OuterRef("assignment_id"), issued_at__gte=OuterRef("due_at")
    )
    rows = list(
        Deadline.objects.select_related("assignment__unit")
        .filter(pk__in=chunk, case_id__in=list(usable), kind=DeadlineKind.ASSIGNMENT)
        .filter(met_at=None, cancelled_at=None, status=DeadlineStatus.OVERDUE.value)
        .filter(auto_notice__isnull=True, assignment__isnull=False)
        .filter(~Exists(by_hand))
        .order_by("case_id", "pk")
    )
    todo = []
    for d in rows:
        try:
            next_assignment_state(CaseAction.SUPERVISE_OVERDUE, AssignmentState(d.assignment.state))
        except DomainError:
            counts["refused"] += 1
            continue
        todo.append(d)
    if not todo:
        return
    numbers = next_notice_numbers(now.astimezone(TZ).year, len(todo))
    cal = get_calendar()
    notices, answers = [], []
    for i, d in enumerate(todo):
        case = usable[d.case_id]
        policy = policies[case.policy_version_id]  # type: ignore[attr-defined]
        notices.append(
            SupervisionNotice(
                number=numbers[i],
                case=case,
                assignment=d.assignment,
                unit=d.assignment.unit,
                issued_by=None,
                issued_at=now,
                overdue_deadline=d,
                content=AUTO_NOTICE_CONTENT,
                requirement=AUTO_NOTICE_REQUIREMENT,
            )
        )
        answers.append(
            dl.new_deadline(
                cal,
                case=case,
                assignment=d.assignment,
                kind=DeadlineKind.NOTICE_ANSWER,
                start=now,
                limit=policy.notice_answer_limit,
                now=now,
                due_soon_minutes=policy.due_soon_minutes,
            )
        )
    insert_rows(notices, with_ids=True)
    insert_rows(answers, with_ids=True)
    Deadline.objects.filter(pk__in=[d.pk for d in todo]).update(supervised_at=now)
    per_case: dict[int, int] = defaultdict(int)
    for d in todo:
        per_case[d.case_id] += 1
    _bump_versions(per_case, now)
    events = [
        _system_event(
            usable[d.case_id],
            CaseAction.SUPERVISE_OVERDUE,
            now,
            {
                "notice": n.number,
                "unit": d.assignment.unit.code,
                "assignment": d.assignment_id,
                "deadlines": [dl.describe(answer)],
                "overdue_deadline": d.pk,
                "automatic": True,
            },
        )
        for d, n, answer in zip(todo, notices, answers, strict=True)
    ]
    on_events_bulk(append_events_bulk(events))
    counts["notices"] += len(todo)


def _bump_versions(per_case: dict[int, int], now: datetime, **fields: Any) -> None:
    """``version + n`` (one per event) and ``updated_at`` for the cases of a batch, one UPDATE per ``n``."""
    by_n: dict[int, list[int]] = defaultdict(list)
    for case_id, n in per_case.items():
        by_n[n].append(case_id)
    for n, ids in by_n.items():
        Case.objects.filter(pk__in=ids).update(version=F("version") + n, updated_at=now, **fields)


def escalate_unanswered_batch(
    notice_ids: list[int], *, now: datetime, batch_size: int = 2000
) -> dict[str, int]:
    """督办单逾期未答复提级（批量）: ``escalate_unanswered_notice`` for many notices. Per batch, in one
    transaction: the cases are locked (``SKIP LOCKED`` on PostgreSQL), the notices still issued, unanswered,
    not escalated and with an overdue answer deadline are re-read under the lock, marked ``escalated_at`` in
    one UPDATE, each case moves up one level per notice (capped at the policy's top level), and one
    ``escalate_unanswered`` event per notice is appended in bulk. Returns ``escalations`` (cases moved)."""
    counts = {"escalations": 0, "refused": 0}
    for start in range(0, len(notice_ids), batch_size):
        with transaction.atomic():
            _escalate_batch(notice_ids[start : start + batch_size], now, counts)
    return counts


def _escalate_batch(chunk: list[int], now: datetime, counts: dict[str, int]) -> None:
    from bancheng.notifications.listeners import on_events_bulk

    case_ids = sorted(set(SupervisionNotice.objects.filter(pk__in=chunk).values_list("case_id", flat=True)))
    usable: dict[int, Case] = {}
    locked = _lock_cases(case_ids)
    policies = _policies(locked.values())
    for case in locked.values():
        try:
            next_state(CaseAction.ESCALATE_UNANSWERED, CaseState(case.state), paused=case.paused)
        except DomainError:
            counts["refused"] += 1
            continue
        usable[case.pk] = case
    late = Deadline.objects.filter(
        case_id=OuterRef("case_id"),
        assignment_id=OuterRef("assignment_id"),
        kind=DeadlineKind.NOTICE_ANSWER,
        met_at=None,
        cancelled_at=None,
        status=DeadlineStatus.OVERDUE.value,
    )
    notices = list(
        SupervisionNotice.objects.select_related("unit")
        .filter(pk__in=chunk, case_id__in=list(usable), state=NoticeState.ISSUED, escalated_at=None)
        .filter(Exists(late))
        .order_by("case_id", "pk")
    )
    if not notices:
        return
    SupervisionNotice.objects.filter(pk__in=[n.pk for n in notices]).update(escalated_at=now)
    events = []
    per_case: dict[int, int] = defaultdict(int)
    for n in notices:
        case = usable[n.case_id]
        policy = policies[case.policy_version_id]  # type: ignore[attr-defined]
        old = case.escalation_level
        level = min(old + 1, policy.max_escalation_level)
        moved = level != old
        case.escalation_level = level
        per_case[case.pk] += 1
        counts["escalations"] += moved
        diff = {"before": {"escalation_level": old}, "after": {"escalation_level": level}} if moved else {}
        data = {
            "reason": UNANSWERED_REASON,
            "notice": n.number,
            "unit": n.unit.code,
            "level_code": policy.escalation_level(level).code,
            "capped": not moved,
        }
        events.append(_system_event(case, CaseAction.ESCALATE_UNANSWERED, now, data, **diff))
    by_level: dict[tuple[int, int], list[int]] = defaultdict(list)
    for case_id, count in per_case.items():
        by_level[(usable[case_id].escalation_level, count)].append(case_id)
    for (level, count), ids in by_level.items():
        Case.objects.filter(pk__in=ids).update(
            version=F("version") + count, updated_at=now, escalation_level=level
        )
    on_events_bulk(append_events_bulk(events))
