from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from bancheng.calendars.services import get_calendar
from bancheng.domain.filing import FilingState
from bancheng.filings.selectors import board
from bancheng.filings.services import run_filings


class Command(BaseCommand):
    help = (
        "周报备: `bancheng filing run [--at TIME] [--dry-run]` files last week for every branch that has not "
        "filed (what the weekly_filing job does); `bancheng filing check [--at TIME]` lists each branch's state."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("run", help="file every branch's unfiled week now (idempotent)")
        run.add_argument(
            "--at", help="the instant to run for, ISO 8601 (Asia/Shanghai unless an offset is given)"
        )
        run.add_argument("--dry-run", action="store_true", help="count what would be filed, write nothing")
        check = sub.add_parser("check", help="list the filing state of each branch for the recent weeks")
        check.add_argument("--at", help="the instant to check at, ISO 8601")

    def handle(self, *args: Any, **options: Any) -> None:
        now = self.instant(options["at"]) if options.get("at") else timezone.now()
        if options["subcommand"] == "run":
            counts = run_filings(now, dry_run=options["dry_run"])
            prefix = "dry-run " if options["dry_run"] else ""
            self.stdout.write(prefix + json.dumps(counts, ensure_ascii=False))
            if counts["failed"]:
                raise CommandError(f"{counts['failed']} 个单位报备失败，详见日志", returncode=1)
            return
        missing = 0
        for row in board(now, get_calendar()):
            for cell in row.cells:
                at = (
                    timezone.localtime(cell.filing.filed_at).strftime("%Y-%m-%d %H:%M") if cell.filing else ""
                )
                self.stdout.write(
                    f"{row.week_start.isoformat()} {cell.branch.code} {cell.state.value} {cell.state.label} {at}"
                )
                missing += cell.state is FilingState.MISSING
        if missing:
            raise CommandError(f"{missing} 个单位未按时报备", returncode=1)

    @staticmethod
    def instant(text: str) -> datetime:
        value = parse_datetime(text)
        if value is None:
            raise CommandError(f"无法识别的时间：{text}（请用 ISO 8601，如 2026-11-23T09:00）", returncode=2)
        return value if timezone.is_aware(value) else timezone.make_aware(value)
