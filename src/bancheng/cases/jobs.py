"""Periodic jobs of the cases app."""

from __future__ import annotations

from datetime import datetime

from bancheng.cases.recompute import mark_deadlines
from bancheng.jobs.registry import periodic


@periodic("sweep_deadlines", every_seconds=60)
def sweep_deadlines(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Every minute: deadlines become due soon or overdue."""
    if dry_run:
        return {}
    return mark_deadlines(now=now)
