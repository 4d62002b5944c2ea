from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bancheng.stats import rollups


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"无法识别的日期：{text}（请用 2026-11-30 这样的格式）", returncode=2) from None


class Command(BaseCommand):
    help = "stats rollup [--from DAY --to DAY]: recompute the daily roll-ups of the dashboard (every day by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rollup = sub.add_parser("rollup", help="recompute the daily roll-ups")
        rollup.add_argument("--from", dest="first", help="first day (default: the earliest registration)")
        rollup.add_argument("--to", dest="last", help="last day (default: yesterday)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        earliest = rollups.first_day()
        if earliest is None:
            self.stdout.write("没有诉求件，无需汇总")
            return
        first = parse_day(options["first"]) if options["first"] else earliest
        last = parse_day(options["last"]) if options["last"] else rollups.today(now) - timedelta(days=1)
        if last < first:
            raise CommandError("结束日期早于开始日期", returncode=2)
        try:
            rows = rollups.rebuild(first, last, now=now)
        except ValueError as e:
            raise CommandError(f"汇总区间与已有汇总不相连：{e}", returncode=2) from None
        self.stdout.write(f"stats rollup {first}…{last}: {rows} rows")
