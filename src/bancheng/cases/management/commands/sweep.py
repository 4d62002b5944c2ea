from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bancheng.cases.chase import run_sweep
from bancheng.domain.calendar import TZ


def parse_instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"无法识别的时间：{text}（请用 ISO 8601，如 2026-11-23T09:00）", returncode=2
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=TZ)


class Command(BaseCommand):
    help = "Run one deadline sweep (marks, reminders, automatic notices, escalations) now, or as of --at TIME (Asia/Shanghai unless an offset is given)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="the instant to sweep for, ISO 8601")

    def handle(self, *args: Any, **options: Any) -> None:
        when = parse_instant(options["at"]) if options["at"] else timezone.now()
        counts = run_sweep(now=when)
        self.stdout.write(
            f"sweep {when.astimezone(TZ).isoformat()}: {counts['cases']} cases, "
            f"{counts.get('due_soon', 0)} due soon, {counts.get('overdue', 0)} overdue, "
            f"{counts['notices']} notices, {counts['escalations']} escalations"
        )
