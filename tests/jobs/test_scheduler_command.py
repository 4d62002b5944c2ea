import os
import signal
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command

from bancheng.jobs import registry
from bancheng.jobs.management.commands import scheduler


@pytest.fixture
def restore_signals():
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def test_the_foreground_scheduler_stops_on_sigterm(monkeypatch, restore_signals, capsys):
    seen = {}

    def fake_loop(stop, tick_seconds):
        os.kill(os.getpid(), signal.SIGTERM)
        seen.update(stopped=stop.is_set(), tick=tick_seconds)

    monkeypatch.setattr(scheduler, "scheduler_loop", fake_loop)
    call_command("scheduler", "--tick", "2")
    assert seen == {"stopped": True, "tick": 2}
    assert "sweep_deadlines" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["--at", "2026-03-04T09:00"], ["--dry-run"], ["--once", "--at", "昨天"]])
def test_scheduler_refuses_bad_arguments(args):
    with pytest.raises(CommandError):
        call_command("scheduler", *args)


@pytest.mark.django_db
def test_scheduler_once_reports_a_failing_job_by_its_last_error_line(capsys):
    @registry.periodic("test_broken_once", every_seconds=60)
    def broken(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
        raise RuntimeError("接口超时")

    try:
        call_command("scheduler", "--once", "--at", "2026-03-04T09:00")
    finally:
        registry.unregister("test_broken_once")
    assert (
        "test_broken_once 2026-03-04T09:00:00+08:00 failed RuntimeError: 接口超时" in capsys.readouterr().out
    )
