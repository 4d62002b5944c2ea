from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from bancheng.domain import reports as rules
from bancheng.domain.errors import DomainError
from bancheng.org.models import Unit
from bancheng.reports.render import render_report_docx, render_report_pdf
from bancheng.reports.services import generate_report


class Command(BaseCommand):
    help = (
        "研判通报: `bancheng report generate --month 2026-10 | --quarter 2026Q3 [--branch CODE] "
        "[--pdf OUT.pdf] [--docx OUT.docx]` generates (or refreshes the draft of) a period's analysis report "
        "and writes its files; the findings are written on the /reports/ page before publishing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        gen = sub.add_parser("generate", help="generate a month's or a quarter's report")
        period = gen.add_mutually_exclusive_group(required=True)
        period.add_argument("--month", help="the month, e.g. 2026-10")
        period.add_argument("--quarter", help="the quarter, e.g. 2026Q3")
        gen.add_argument("--branch", help="a branch's code (管理部/分中心); the whole center when left out")
        gen.add_argument("--pdf", help="write the report as PDF to this file")
        gen.add_argument("--docx", help="write the report as Word to this file")
        gen.add_argument("--at", help="the instant the figures are taken at, ISO 8601 (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("at"):
            parsed = parse_datetime(options["at"])
            if parsed is None:
                raise CommandError(f"无法识别的时间：{options['at']}（请用 ISO 8601）", returncode=2)
            now = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        branch = None
        if options.get("branch"):
            branch = Unit.objects.filter(code=options["branch"]).first()
            if branch is None:
                raise CommandError(f"没有代码为 {options['branch']} 的单位", returncode=2)
        try:
            if options.get("month"):
                kind, start = "month", rules.parse_month(options["month"])
            else:
                kind, start = "quarter", rules.parse_quarter(options["quarter"])
            report = generate_report(kind, start, branch=branch, now=now)
        except DomainError as refused:
            raise CommandError(f"{refused.message}（{refused.code}）", returncode=1) from refused
        figures = report.figures
        self.stdout.write(
            f"{figures['title']} · {figures['scope']} · 受理 {figures['volume']['registered']} 件 · "
            f"{report.get_state_display()} · 第 {report.version} 版 · /reports/{report.pk}/"
        )
        for option, render in (("pdf", render_report_pdf), ("docx", render_report_docx)):
            if options.get(option):
                path = Path(options[option])
                path.write_bytes(render(report))
                self.stdout.write(f"{option.upper()}: {path}")
