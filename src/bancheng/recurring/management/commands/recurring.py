from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from bancheng.domain import recurring as rules
from bancheng.domain.errors import DomainError
from bancheng.recurring.services import current_rule, detect_week


class Command(BaseCommand):
    help = (
        "同类问题: `bancheng recurring detect [--week 2026-W47] [--dry-run]` groups the similar cases of the "
        "look-back window ending with that week (default: the week just ended) from several requesters, stores "
        "the groups and flags new ones to the center office; a week already detected is left as it was."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        detect = sub.add_parser("detect", help="detect one week's recurring problems")
        detect.add_argument("--week", help="the ISO week, e.g. 2026-W47 (default: the week just ended)")
        detect.add_argument("--dry-run", action="store_true", help="show the groups, write nothing")
        detect.add_argument("--at", help="the instant to run at, ISO 8601 (default: now)")
        detect.add_argument("--weeks", type=int, help="look-back in weeks (default: the policy's)")
        detect.add_argument("--min-requesters", type=int, help="distinct requesters (default: the policy's)")
        detect.add_argument("--threshold", type=float, help="cosine similarity 0–1 (default: the policy's)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("at"):
            parsed = parse_datetime(options["at"])
            if parsed is None:
                raise CommandError(f"无法识别的时间：{options['at']}（请用 ISO 8601）", returncode=2)
            now = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        base = current_rule()
        rule = rules.Rule(
            options.get("weeks") or base.lookback_weeks,
            options.get("min_requesters") or base.min_requesters,
            options.get("threshold") or base.similarity,
        )
        problems = rule.problems()
        if problems:
            raise CommandError("；".join(problems), returncode=2)
        try:
            if options.get("week"):
                week = rules.parse_week(options["week"])
            else:
                week = rules.last_ended_week(timezone.localtime(now))
            found = detect_week(week, now=now, dry_run=options["dry_run"], rule=rule)
        except DomainError as refused:
            raise CommandError(f"{refused.message}（{refused.code}）", returncode=2) from refused
        code = rules.week_code(week)
        if found.already:
            self.stdout.write(f"{code} 已汇总过，未重复处理（见 /recurring/）")
            return
        verb = "试运行，未保存" if options["dry_run"] else "已保存"
        self.stdout.write(
            f"{code} · 窗口 {found.rule.lookback_weeks} 周 {found.case_count} 件 · 同类问题 {len(found.groups)} 个"
            f"（新 {found.new_groups}，延续 {found.continued_groups}）· 提醒 {found.notified} 人 · "
            f"{found.seconds:.1f} 秒 · {verb}"
        )
        for group in found.groups:
            mark = "新" if group.continues is None else f"延续#{group.continues}"
            self.stdout.write(
                f"  [{mark}] {'、'.join(group.terms)} · {len(group.case_ids)} 件 · {group.requesters} 人 · "
                f"各周 {group.trend}"
            )
