"""The periodic job of the statistics: keep the daily roll-ups fresh."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from bancheng.jobs.registry import periodic
from bancheng.stats import rollups


@periodic("stats_rollup", every_seconds=600)
def refresh_rollups(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Every 10 minutes: recompute the daily roll-ups of the last days (BANCHENG_ROLLUP_DAYS, 45) and
    of every day since the last run; everything on the first run."""
    if dry_run:
        return {"days": getattr(settings, "BANCHENG_ROLLUP_DAYS", rollups.DEFAULT_RECENT_DAYS)}
    days = getattr(settings, "BANCHENG_ROLLUP_DAYS", rollups.DEFAULT_RECENT_DAYS)
    return rollups.refresh(now, recent_days=days)
