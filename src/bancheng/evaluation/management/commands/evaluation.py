from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bancheng.domain.errors import DomainError
from bancheng.domain.evaluation import parse_period
from bancheng.evaluation import exports
from bancheng.evaluation.selectors import evaluation_of


class Command(BaseCommand):
    help = (
        "单位考核: `bancheng evaluation run --period 2026-10|2026Q3|2026 [--export FILE.xlsx|FILE.csv]` "
        "scores every handling unit of the period under the policy in force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("run", help="score the units of a month, quarter or year")
        run.add_argument("--period", required=True, help="2026-10 (month), 2026Q3 (quarter) or 2026 (year)")
        run.add_argument("--export", help="write the table to FILE.xlsx or FILE.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from None
        evaluation = evaluation_of(period, as_of=timezone.now())
        self.stdout.write(exports.title(evaluation))
        for line in exports.rows(evaluation):
            rank, name, handled, *rest = line
            late, notices, bad, nonco = rest[:4]
            score, grade, note = rest[-3:]
            self.stdout.write(
                f"{rank!s:>3} {name}  转办{handled} 超期{late} 督办{notices} 不满意{bad} 不配合{nonco}"
                f"  得分{score:g} {grade} {note}".rstrip()
            )
        target = options.get("export")
        if target:
            path = Path(target)
            if path.suffix.lower() == ".csv":
                path.write_text(exports.csv_text(evaluation), encoding="utf-8")
            elif path.suffix.lower() == ".xlsx":
                exports.write_xlsx(evaluation, path)
            else:
                raise CommandError("导出文件须以 .xlsx 或 .csv 结尾", returncode=2)
            self.stdout.write(f"已导出 {path}")
