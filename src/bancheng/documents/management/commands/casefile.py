from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bancheng.documents.integrity import check_case_files


class Command(BaseCommand):
    help = "案卷校验: `bancheng casefile check [--case NUMBER]` recomputes every stored case-file checksum."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("check", help="recompute the checksums of the stored case files")
        check.add_argument("--case", dest="case_number", default="", help="only this case number")

    def handle(self, *args: Any, **options: Any) -> None:
        checked, findings = check_case_files(options.get("case_number") or None)
        if not findings:
            self.stdout.write(f"OK: {checked} case files checked, every checksum matches")
            return
        for finding in findings:
            self.stderr.write(str(finding))
        raise CommandError(
            f"BROKEN: {len(findings)} problem(s) in {checked} case files checked", returncode=1
        )
