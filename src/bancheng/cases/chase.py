"""The periodic sweep (催办督办): mark deadlines due soon or overdue, issue the automatic supervision notice
for each late assignment, escalate each notice left unanswered. Reminders before a deadline and the alert of a
missed 10-minute response are messages written by the notification rules on the ``mark_deadlines`` event.

Every step selects its candidates with one indexed query and acts on each case in its own transaction, keyed
on state (a deadline's status changes once; a late assignment deadline's notice exists or not; a notice is
escalated or not): two sweeps for the same time, or a rerun after a sweep died half-way, do each thing once."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef

from bancheng.cases.actions._base import resolve_now
from bancheng.cases.actions.chase import escalate_unanswered_batch, supervise_overdue_batch
from bancheng.cases.choices import DeadlineKind, NoticeState
from bancheng.cases.models import Deadline, SupervisionNotice
from bancheng.cases.recompute import mark_deadlines
from bancheng.domain.deadlines import DeadlineStatus
from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import CaseState
from bancheng.policies.models import PolicyVersion
from bancheng.policies.services import policy_of

log = logging.getLogger(__name__)

BATCH = 2000  # cases (deadlines, notices) per transaction of the batched steps


def _late(kind: str) -> Any:
    """Open overdue deadlines of ``kind`` on open, running cases (partial index ``deadline_sweep_late``)."""
    return Deadline.objects.filter(
        kind=kind, status=DeadlineStatus.OVERDUE.value, met_at=None, cancelled_at=None
    ).filter(case__state=CaseState.HANDLING.value, case__paused=False)


def _supervising_versions() -> list[int]:
    return [
        pk
        for pk in PolicyVersion.objects.values_list("pk", flat=True)
        if policy_of(pk).supervision_after_overdue
    ]


def assignments_to_supervise() -> Any:
    """Late assignment deadlines without their automatic notice and not supervised by hand since they fell
    due, on cases whose policy supervises after overdue."""
    by_hand = SupervisionNotice.objects.filter(
        assignment_id=OuterRef("assignment_id"), issued_at__gte=OuterRef("due_at")
    )
    return (
        _late(DeadlineKind.ASSIGNMENT)
        .filter(supervised_at=None)  # partial index ``deadline_sweep_unsupervised``
        .filter(case__policy_version_id__in=_supervising_versions(), auto_notice__isnull=True)
        .filter(~Exists(by_hand))
        .order_by("case_id", "pk")
    )


def notices_to_escalate() -> Any:
    """Issued, unanswered, not yet escalated notices whose answer deadline is overdue."""
    late_answer = _late(DeadlineKind.NOTICE_ANSWER).filter(
        case_id=OuterRef("case_id"), assignment_id=OuterRef("assignment_id")
    )
    return (
        SupervisionNotice.objects.filter(state=NoticeState.ISSUED, escalated_at=None)
        .filter(Exists(late_answer))
        .order_by("case_id", "pk")
    )


def _each(ids: list[int], step: Any, when: datetime, what: str) -> tuple[int, int]:
    done = refused = 0
    for pk in ids:
        try:
            done += bool(step(pk, now=when))
        except DomainError as error:  # the case moved on meanwhile (answered, paused): nothing to chase
            refused += 1
            log.info("sweep: %s %s refused: %s", what, pk, error.code)
    return done, refused


def run_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """One sweep for ``now``; returns the counts of what it changed (all zero when run again)."""
    when = resolve_now(now)
    counts = dict(mark_deadlines(now=when))
    deadline_ids = list(assignments_to_supervise().values_list("pk", flat=True))
    supervised = supervise_overdue_batch(deadline_ids, now=when, batch_size=BATCH)
    notice_ids = list(notices_to_escalate().values_list("pk", flat=True))
    escalated = escalate_unanswered_batch(notice_ids, now=when, batch_size=BATCH)
    counts["notices"] = supervised["notices"]
    counts["escalations"] = escalated["escalations"]
    counts["refused"] = supervised["refused"] + escalated["refused"]
    return counts
