"""Periodic jobs of the jobs app itself."""

from __future__ import annotations

from datetime import datetime, timedelta

from bancheng.jobs.choices import JobStatus
from bancheng.jobs.models import JobRun
from bancheng.jobs.registry import periodic

KEEP_SUCCESSFUL_RUNS = timedelta(days=30)


@periodic("prune_job_runs", every_seconds=24 * 3600)
def prune_job_runs(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Daily: forget successful runs older than 30 days (failed runs are kept for inspection)."""
    old = JobRun.objects.filter(status=JobStatus.OK, slot__lt=now - KEEP_SUCCESSFUL_RUNS)
    if dry_run:
        return {"deleted": old.count()}
    deleted, _ = old.delete()
    return {"deleted": deleted}
