from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication

from bancheng import env


class EmbeddedGunicorn(BaseApplication):
    """Gunicorn run from inside this process, serving ``bancheng.wsgi:application``."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from bancheng.wsgi import application

        return application


class Command(BaseCommand):
    help = (
        "Migrate, collect static files and serve the site with gunicorn; unless --no-scheduler "
        "(or BANCHENG_SCHEDULER=0), the periodic jobs run in a child process."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=None, help="HOST:PORT (default: BANCHENG_BIND, 127.0.0.1:8000)")
        parser.add_argument(
            "--workers",
            type=int,
            default=env.number("BANCHENG_WORKERS", 2 * (os.cpu_count() or 1) + 1),
            help="gunicorn worker processes (default BANCHENG_WORKERS, else 2 x cores + 1)",
        )
        parser.add_argument("--no-scheduler", action="store_true", help="do not run the periodic jobs")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        # The workers are forked from this process: they must not share its database connections.
        connections.close_all()
        bind = options["bind"] or settings.BANCHENG_BIND
        scheduler = None
        if settings.BANCHENG_SCHEDULER and not options["no_scheduler"]:
            scheduler = subprocess.Popen([sys.executable, "-m", "bancheng.cli", "scheduler"])
            self.stdout.write(f"定时任务进程已启动（pid {scheduler.pid}）")
        self.stdout.write(f"办成 正在 http://{bind} 提供服务（Ctrl-C 停止）")
        self.stdout.flush()
        try:
            EmbeddedGunicorn(
                {
                    "bind": bind,
                    "workers": options["workers"],
                    "accesslog": "-",
                    "proc_name": "bancheng",
                    # Gunicorn 24+ opens a control socket under ~/.gunicorn; nothing here uses it.
                    "control_socket_disable": True,
                }
            ).run()
        finally:
            if scheduler is not None:
                stop(scheduler)


def stop(process: subprocess.Popen[bytes], grace_seconds: float = 10) -> None:
    """Ask the child to stop (SIGTERM), and kill it if it has not stopped within the grace period."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
