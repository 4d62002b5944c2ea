from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from bancheng.jobs.models import JobRun
from bancheng.jobs.registry import jobs


class Command(BaseCommand):
    help = "List the periodic jobs with their period and their last run."

    def handle(self, *args: Any, **options: Any) -> None:
        registered = jobs()
        if not registered:
            self.stdout.write("没有已登记的定时任务")
            return
        width = max(len(name) for name in registered)
        for name, job in registered.items():
            run = JobRun.objects.filter(job=name).order_by("-slot").first()
            if run is None:
                state = "从未运行"
            else:
                at = timezone.localtime(run.finished_at or run.started_at).strftime("%Y-%m-%d %H:%M:%S")
                state = f"上次 {at} {run.status}（{run.get_status_display()}）"
                if run.counts:
                    state += " " + json.dumps(run.counts, ensure_ascii=False)
            self.stdout.write(f"{name:<{width}}  每 {job.every_seconds} 秒  {state}  {job.description}")
