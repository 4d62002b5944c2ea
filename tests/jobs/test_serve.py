import subprocess
import sys
from typing import Any

import pytest
from django.core.management import call_command

from bancheng.jobs.management.commands import serve


class FakeGunicorn:
    started: list[dict[str, Any]] = []

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options

    def run(self) -> None:
        self.started.append(self.options)
        raise SystemExit(0)  # what gunicorn's arbiter does when it stops


class FakeProcess:
    pid = 4242

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.terminated = False

    def poll(self) -> int | None:
        return 0 if self.terminated else None

    def terminate(self) -> None:
        self.terminated = True

    def wait(self, timeout: float | None = None) -> int:
        return 0


@pytest.fixture
def served(monkeypatch, settings):
    """``serve`` with gunicorn and the child process replaced by fakes; returns what was started."""
    settings.BANCHENG_SCHEDULER = True
    children: list[FakeProcess] = []
    FakeGunicorn.started = []
    commands: list[str] = []
    monkeypatch.setattr(serve, "EmbeddedGunicorn", FakeGunicorn)
    monkeypatch.setattr(
        serve.subprocess, "Popen", lambda args: children.append(FakeProcess(args)) or children[-1]
    )
    monkeypatch.setattr(serve, "call_command", lambda name, **kw: commands.append(name))
    return children, commands


def test_serve_migrates_collects_and_runs_the_scheduler_beside_gunicorn(served):
    children, commands = served
    with pytest.raises(SystemExit):
        call_command("serve", "--bind", "127.0.0.1:9999", "--workers", "3")
    assert commands == ["migrate", "collectstatic"]
    assert FakeGunicorn.started[0]["bind"] == "127.0.0.1:9999" and FakeGunicorn.started[0]["workers"] == 3
    [child] = children
    assert child.args == [sys.executable, "-m", "bancheng.cli", "scheduler"]
    assert child.terminated, "the scheduler stops when gunicorn exits"


def test_serve_without_scheduler_binds_to_the_configured_address(served, settings):
    children, _ = served
    settings.BANCHENG_BIND = "0.0.0.0:8100"
    with pytest.raises(SystemExit):
        call_command("serve", "--no-scheduler")
    assert FakeGunicorn.started[0]["bind"] == "0.0.0.0:8100" and children == []


def test_a_child_that_ignores_terminate_is_killed():
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print(flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    child.stdout.readline()  # the handler is in place
    serve.stop(child, grace_seconds=0.2)
    assert child.returncode == -9


def test_the_embedded_application_serves_the_project_wsgi_app():
    from bancheng.wsgi import application

    app = serve.EmbeddedGunicorn({"bind": "127.0.0.1:9998", "workers": 1, "no_such_setting": 1})
    assert app.cfg.bind == ["127.0.0.1:9998"] and app.cfg.workers == 1
    assert app.load() is application
