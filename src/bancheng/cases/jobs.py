"""Periodic jobs of the cases app."""

from __future__ import annotations

from datetime import datetime

from bancheng.cases.chase import assignments_to_supervise, notices_to_escalate, run_sweep
from bancheng.jobs.registry import periodic


@periodic("sweep_deadlines", every_seconds=60)
def sweep_deadlines(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Every minute: deadlines become due soon or overdue (reminders, the missed-response alert), late
    assignments get their automatic supervision notice, unanswered notices escalate the case."""
    if dry_run:
        return {
            "notices": assignments_to_supervise().count(),
            "escalations": notices_to_escalate().count(),
        }
    return run_sweep(now=now)
