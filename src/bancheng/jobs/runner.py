"""Run periodic jobs: each (job, slot) once, whatever the number of scheduler processes."""

from __future__ import annotations

import logging
import threading
import traceback
from datetime import datetime

from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.utils import timezone

from bancheng.jobs.choices import JobStatus
from bancheng.jobs.models import JobRun
from bancheng.jobs.registry import jobs

logger = logging.getLogger(__name__)


def run_job(name: str, now: datetime) -> JobRun | None:
    """Run job ``name`` for the slot ``now`` falls in. The slot is claimed by inserting its ``JobRun`` in a
    transaction of its own; if another process (or an earlier call) holds it, nothing runs and None is
    returned. The job's own writes happen in the job's transactions. A failure is recorded with its
    traceback, never raised, so the other jobs still run."""
    job = jobs()[name]
    try:
        with transaction.atomic():
            run = JobRun.objects.create(
                job=name, slot=job.slot(now), started_at=timezone.now(), status=JobStatus.RUNNING
            )
    except IntegrityError:
        return None
    try:
        counts = job.fn(now, dry_run=False)
    except Exception:
        logger.exception("job %s failed for slot %s", name, run.slot.isoformat())
        run.status = JobStatus.FAILED
        run.error = traceback.format_exc()
    else:
        run.status = JobStatus.OK
        run.counts = dict(counts or {})
    run.finished_at = timezone.now()
    try:
        run.save(update_fields=["status", "counts", "error", "finished_at"])
    except DatabaseError:
        # The slot stays claimed as running; the log keeps the outcome.
        logger.exception("could not record the end of job %s for slot %s", name, run.slot.isoformat())
    return run


def run_due_jobs(now: datetime) -> list[JobRun]:
    """Run every registered job whose current slot has not run yet; return the runs made."""
    runs = []
    for name in jobs():
        run = run_job(name, now)
        if run is not None:
            runs.append(run)
    return runs


def scheduler_loop(stop_event: threading.Event, tick_seconds: float = 5) -> None:
    """Every ``tick_seconds`` until ``stop_event`` is set: run the due jobs on the current time."""
    logger.info("scheduler started: %s", ", ".join(jobs()) or "no jobs")
    while not stop_event.is_set():
        close_old_connections()
        try:
            run_due_jobs(timezone.now())
        except Exception:
            # The database may be briefly unreachable; the next tick tries again.
            logger.exception("scheduler tick failed")
        stop_event.wait(tick_seconds)
    logger.info("scheduler stopped")
