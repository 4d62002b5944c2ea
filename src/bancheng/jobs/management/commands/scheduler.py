from __future__ import annotations

import json
import signal
import threading
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from bancheng.jobs.registry import jobs
from bancheng.jobs.runner import run_job, scheduler_loop


class Command(BaseCommand):
    help = (
        "Run the periodic jobs until SIGTERM or SIGINT; --once runs the due jobs one time "
        "(--at TIME: as of that instant, Asia/Shanghai unless an offset is given)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run the due jobs once and exit")
        parser.add_argument("--at", help="with --once: the instant to run for, ISO 8601")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="with --once: report what each job would do, record nothing",
        )
        parser.add_argument("--tick", type=float, default=5, help="seconds between checks (default 5)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["once"]:
            if options["at"] or options["dry_run"]:
                raise CommandError("--at 与 --dry-run 只能与 --once 一起使用", returncode=2)
            self.loop(options["tick"])
            return
        now = self.instant(options["at"]) if options["at"] else timezone.now()
        for name, job in jobs().items():
            slot = timezone.localtime(job.slot(now)).isoformat()
            if options["dry_run"]:
                counts = job.fn(now, dry_run=True)
                self.stdout.write(f"{name} {slot} dry-run {json.dumps(counts, ensure_ascii=False)}")
                continue
            run = run_job(name, now)
            if run is None:
                self.stdout.write(f"{name} {slot} skipped（该时段已运行）")
            elif run.error:
                last = run.error.strip().splitlines()[-1]
                self.stdout.write(f"{name} {slot} {run.status} {last}")
            else:
                self.stdout.write(f"{name} {slot} {run.status} {json.dumps(run.counts, ensure_ascii=False)}")

    def loop(self, tick: float) -> None:
        stop = threading.Event()

        def request_stop(signum: int, frame: object) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write(f"定时任务已启动：{', '.join(jobs()) or '无任务'}（SIGTERM 或 Ctrl-C 停止）")
        scheduler_loop(stop, tick_seconds=tick)

    @staticmethod
    def instant(text: str) -> datetime:
        value = parse_datetime(text)
        if value is None:
            raise CommandError(f"无法识别的时间：{text}（请用 ISO 8601，如 2026-11-23T09:00）", returncode=2)
        return value if timezone.is_aware(value) else timezone.make_aware(value)
