import re
import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
from django.core.management import call_command

from bancheng.jobs import registry
from bancheng.jobs.models import JobRun
from bancheng.jobs.runner import run_due_jobs, run_job, scheduler_loop
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)


@pytest.fixture
def calls() -> Iterator[list[datetime]]:
    """Two test-only jobs, removed afterwards: ``test_count`` records its calls, ``test_broken`` fails."""
    seen: list[datetime] = []

    @registry.periodic("test_count", every_seconds=60)
    def count(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
        seen.append(now)
        return {"calls": len(seen)}

    @registry.periodic("test_broken", every_seconds=60)
    def broken(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
        raise RuntimeError("数据库里没有这张表")

    yield seen
    registry.unregister("test_count")
    registry.unregister("test_broken")


@pytest.mark.django_db
def test_a_slot_runs_once_even_when_run_twice(calls):
    first = run_job("test_count", T0)
    second = run_job("test_count", shanghai(2026, 3, 2, 9, 0, 59))
    assert first is not None and first.status == "ok" and first.counts == {"calls": 1}
    assert second is None
    assert calls == [T0]
    assert JobRun.objects.filter(job="test_count").count() == 1


@pytest.mark.django_db
def test_the_next_period_is_a_new_slot(calls):
    run_job("test_count", T0)
    run_job("test_count", shanghai(2026, 3, 2, 9, 1))
    assert list(JobRun.objects.filter(job="test_count").values_list("slot", flat=True).order_by("slot")) == [
        T0,
        shanghai(2026, 3, 2, 9, 1),
    ]


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(calls):
    runs = {run.job: run for run in run_due_jobs(T0)}
    broken = JobRun.objects.get(job="test_broken")
    assert broken.status == "failed" and broken.finished_at is not None
    assert "RuntimeError: 数据库里没有这张表" in broken.error
    assert runs["test_count"].status == "ok" and calls == [T0]
    assert run_due_jobs(T0) == []


def test_a_daily_slot_starts_at_midnight_in_shanghai():
    job = registry.Job("daily", 24 * 3600, lambda now, dry_run=False: {})
    assert job.slot(shanghai(2026, 3, 2, 7, 30)) == shanghai(2026, 3, 2, 0, 0)
    assert job.slot(shanghai(2026, 3, 2, 23, 59)) == shanghai(2026, 3, 2, 0, 0)


def test_a_name_cannot_be_taken_by_another_function(calls):
    with pytest.raises(ValueError, match="already registered"):
        registry.periodic("test_count", every_seconds=60)(lambda now, dry_run=False: {})


def test_the_apps_register_their_jobs():
    assert {"sweep_deadlines", "prune_job_runs"} <= set(registry.jobs())


@pytest.mark.django_db
def test_scheduler_once_runs_the_sweep(org, capsys):
    case = org.assessed(T0, "general")  # feedback due Tuesday 03-03 17:00
    call_command("scheduler", "--once", "--at", "2026-03-04T09:00")
    out = capsys.readouterr().out
    run = JobRun.objects.get(job="sweep_deadlines")
    assert run.status == "ok" and run.counts["overdue"] >= 1 and run.slot == shanghai(2026, 3, 4, 9, 0)
    assert case.deadlines.get(kind="feedback").status == "overdue"
    assert "sweep_deadlines 2026-03-04T09:00:00+08:00 ok" in out
    call_command("scheduler", "--once", "--at", "2026-03-04T09:00:30")
    assert "sweep_deadlines 2026-03-04T09:00:00+08:00 skipped" in capsys.readouterr().out


@pytest.mark.django_db
def test_scheduler_once_dry_run_records_nothing(org, capsys):
    org.assessed(T0, "general")
    call_command("scheduler", "--once", "--dry-run", "--at", "2026-03-04T09:00")
    assert "sweep_deadlines 2026-03-04T09:00:00+08:00 dry-run" in capsys.readouterr().out
    assert not JobRun.objects.exists()


@pytest.mark.django_db
def test_jobs_lists_the_sweep_with_its_last_run(capsys):
    # Columns are padded to the longest job name, which other apps' jobs decide.
    call_command("jobs")
    assert re.search(r"^sweep_deadlines +每 60 秒 +从未运行", capsys.readouterr().out, re.M)
    run_job("sweep_deadlines", T0)
    call_command("jobs")
    assert re.search(r"^sweep_deadlines +每 60 秒 +上次 ", capsys.readouterr().out, re.M)


@pytest.mark.django_db
def test_old_successful_runs_are_pruned_and_failures_kept(calls):
    run_job("test_count", T0)
    run_job("test_broken", T0)
    run_job("test_count", shanghai(2026, 4, 1, 9, 0))
    counts = registry.jobs()["prune_job_runs"].fn(shanghai(2026, 4, 10, 0, 0))
    assert counts == {"deleted": 1}
    assert sorted(JobRun.objects.values_list("job", flat=True)) == ["test_broken", "test_count"]


@pytest.mark.django_db(transaction=True)
def test_the_loop_runs_due_jobs_until_told_to_stop():
    stop = threading.Event()
    seen: list[datetime] = []

    @registry.periodic("test_stop", every_seconds=60)
    def stop_after_one(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
        seen.append(now)
        stop.set()
        return {}

    try:
        scheduler_loop(stop, tick_seconds=0.01)
    finally:
        registry.unregister("test_stop")
    assert len(seen) == 1 and JobRun.objects.get(job="test_stop").status == "ok"
