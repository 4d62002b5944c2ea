"""Periodic job of the recurring-problem groups."""

from __future__ import annotations

from datetime import datetime

from bancheng.jobs.registry import periodic
from bancheng.recurring.services import run_weekly


@periodic("recurring_problems", every_seconds=3600)
def recurring_problems(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Hourly: from Monday 07:00 (Asia/Shanghai), group last week's window of similar cases from several
    requesters and flag new groups to the center office; once per week."""
    return run_weekly(now, dry_run=dry_run)
