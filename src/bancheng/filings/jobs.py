"""Periodic jobs of the weekly filing."""

from __future__ import annotations

from datetime import datetime

from bancheng.filings.services import run_filings
from bancheng.jobs.registry import periodic


@periodic("weekly_filing", every_seconds=300)
def weekly_filing(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Every 5 minutes: from Monday's opening, file last week for every branch; remind a branch still unfiled
    after its deadline."""
    return run_filings(now, dry_run=dry_run)
