"""System moves on deadlines: recompute them when the calendar changes, mark them due soon or overdue."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q

from bancheng.audit.chain import SYSTEM_STREAM, append_event
from bancheng.calendars.services import get_calendar
from bancheng.cases import deadlines as dl
from bancheng.cases.actions._base import case_action, resolve_now
from bancheng.cases.actions.chase import mark_deadlines_batch
from bancheng.cases.models import Deadline
from bancheng.domain.deadlines import DeadlineStatus
from bancheng.domain.lifecycle import CaseAction, CaseState
from bancheng.policies.models import PolicyVersion
from bancheng.policies.services import policy_of

log = logging.getLogger(__name__)


def _open_deadlines() -> Any:
    return Deadline.objects.filter(met_at=None, cancelled_at=None).exclude(case__state=CaseState.ARCHIVED)


def recompute_open_deadlines(*, reason: str, actor: Any = None, now: datetime | None = None) -> int:
    """Re-derive every open deadline from its start, limit, pauses and extensions on today's calendar
    (after a year's official schedule is loaded, or an override changes). Each case whose due dates
    moved gets a ``recompute_deadlines`` event; the run itself is recorded in the system stream.
    Returns how many open deadlines were recomputed."""
    when = resolve_now(now)
    case_ids = sorted(set(_open_deadlines().values_list("case_id", flat=True)))
    recomputed = moved = 0
    for case_id in case_ids:
        with case_action(case_id, CaseAction.RECOMPUTE_DEADLINES, actor=actor, now=when) as ctx:
            changes = []
            for d in ctx.case.deadlines.filter(met_at=None, cancelled_at=None):
                recomputed += 1
                old_due, old_provisional = d.due_at, d.provisional
                changed = dl.refresh(ctx.cal, d, now=when, due_soon_minutes=ctx.policy.due_soon_minutes)
                if changed:
                    d.save(update_fields=changed)
                    changes.append(
                        {
                            "id": d.pk,
                            "old_due_at": old_due,
                            "due_at": d.due_at,
                            "old_provisional": old_provisional,
                            "provisional": d.provisional,
                        }
                    )
            ctx.record = bool(changes)
            ctx.data.update(reason=reason, deadlines=changes)
            moved += len(changes)
    with transaction.atomic():
        append_event(
            stream=SYSTEM_STREAM,
            action=CaseAction.RECOMPUTE_DEADLINES.value,
            at=when,
            actor=actor,
            data={"reason": reason, "recomputed": recomputed, "changed": moved, "cases": len(case_ids)},
        )
    return recomputed


def _widest_warning_minutes() -> int:
    versions = PolicyVersion.objects.values_list("pk", flat=True)
    return max((policy_of(pk).due_soon_minutes for pk in versions), default=0)


def mark_deadlines(*, now: datetime | None = None) -> dict[str, int]:
    """The sweep: open deadlines that became due soon or overdue get their new status, one
    ``mark_deadlines`` event per case. Running it twice for the same time changes nothing more."""
    when = resolve_now(now)
    cal = get_calendar()
    horizon = cal.add_business_minutes(when, _widest_warning_minutes())
    running = [DeadlineStatus.ON_TRACK.value, DeadlineStatus.DUE_SOON.value]
    # Only a deadline whose status can change is a candidate: on track and inside the widest warning
    # window, or past due. A due-soon deadline not yet due is left alone (its due date moves only through
    # an action or ``recompute_open_deadlines``), so a minute's sweep does not revisit every due-soon case.
    candidates = (
        _open_deadlines()
        .filter(paused_at=None, status__in=running)
        .filter(Q(status=DeadlineStatus.ON_TRACK.value, due_at__lte=horizon) | Q(due_at__lte=when))
        .values_list("case_id", "pk")
    )
    by_case: dict[int, list[int]] = defaultdict(list)
    for case_id, deadline_id in candidates:
        by_case[case_id].append(deadline_id)
    counts = mark_deadlines_batch(dict(by_case), now=when)
    skipped = counts.pop("skipped", 0)
    if skipped:  # locked by a user's action right now: the next sweep marks them
        log.info("sweep: %d cases busy, left for the next sweep", skipped)
    return counts
