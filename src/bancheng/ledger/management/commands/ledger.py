"""``bancheng ledger``: export a ledger for any filter, import an old Excel ledger, list the layouts."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import CaseState
from bancheng.ledger.exports import FORMATS, write_ledger
from bancheng.ledger.layouts import available_layouts, get_layout
from bancheng.ledger.selectors import LedgerFilter, ledger_cases
from bancheng.ledger.services import record_export


def _day(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{what}“{text}”格式不正确，应为 YYYY-MM-DD (bad date)", returncode=2) from None


class Command(BaseCommand):
    help = "台账：按条件导出（XLSX/CSV）、导入历史 Excel 台账、列出台账格式"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True, parser_class=type(parser).__base__)
        export = sub.add_parser("export", help="导出台账（第一行为列名）")
        export.add_argument(
            "--layout", required=True, help="台账格式：shenyang / shanting / putuo 或自定义格式代码"
        )
        export.add_argument("--from", dest="date_from", help="受理日期从 YYYY-MM-DD")
        export.add_argument("--to", dest="date_to", help="受理日期至 YYYY-MM-DD")
        export.add_argument("-o", "--output", required=True, help="输出文件 FILE.xlsx 或 FILE.csv")
        export.add_argument("--format", dest="fmt", help="xlsx 或 csv（默认按文件后缀）")
        export.add_argument("--branch", default="", help="受理单位代码")
        export.add_argument("--unit", default="", help="承办单位代码")
        export.add_argument("--state", default="", help="状态代码，如 handling、closed")
        export.add_argument("--class", dest="case_class", default="", help="问题类型代码，如 general")
        export.add_argument("--full", action="store_true", help="不打码（记录为个人信息导出）")
        load = sub.add_parser("import", help="导入历史 Excel 台账（全部无误才导入）")
        load.add_argument("file")
        load.add_argument("--layout", required=True)
        load.add_argument("--branch", required=True, help="这些诉求件的受理单位代码")
        load.add_argument("--dry-run", action="store_true", help="只检查，不导入")
        load.add_argument(
            "--as", dest="username", default="", help="以哪个账号导入（默认：第一个系统管理员）"
        )
        sub.add_parser("layouts", help="列出台账格式")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"do_{options['sub']}")(**options)
        except DomainError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）", returncode=2) from None

    def do_layouts(self, **_: Any) -> None:
        for layout in available_layouts():
            kind = "预设" if layout.preset else "自定义"
            self.stdout.write(f"{layout.code:<12} {kind}  {layout.name}")
            self.stdout.write("    " + " | ".join(c.label for c in layout.columns))

    def do_export(
        self,
        *,
        layout: str,
        date_from: str | None,
        date_to: str | None,
        output: str,
        fmt: str | None,
        branch: str,
        unit: str,
        state: str,
        case_class: str,
        full: bool,
        **_: Any,
    ) -> None:
        path = Path(output)
        fmt = (fmt or path.suffix.lstrip(".") or "xlsx").lower()
        if fmt not in FORMATS:
            raise CommandError(
                f"文件格式“{fmt}”不支持，只能是 xlsx 或 csv (unsupported format)", returncode=2
            )
        if state and state not in {s.value for s in CaseState}:
            codes = "、".join(s.value for s in CaseState)
            raise CommandError(f"状态“{state}”不存在（可选：{codes}）(unknown state)", returncode=2)
        if not path.parent.is_dir():
            raise CommandError(f"目录“{path.parent}”不存在 (no such directory)", returncode=2)
        chosen = get_layout(layout)
        f = LedgerFilter(
            date_from=_day(date_from, "开始日期"),
            date_to=_day(date_to, "结束日期"),
            branch=branch.strip(),
            unit=unit.strip(),
            state=state,
            case_class=case_class.strip(),
        )
        cases = ledger_cases(None, f)

        def progress(rows: int) -> None:
            if sys.stderr.isatty():
                sys.stderr.write(f"\r{rows} 行")

        rows = write_ledger(cases, chosen.columns, path, fmt=fmt, masked=not full, progress=progress)
        if full:
            record_export(actor=None, f=f, layout=chosen.code, fmt=fmt, rows=rows, via="cli")
        masked = "完整个人信息（已记录）" if full else "个人信息已打码"
        self.stdout.write(f"已导出 {rows} 行到 {path}（{chosen.code}，{fmt}，{masked}）")

    def do_import(
        self, *, file: str, layout: str, branch: str, dry_run: bool, username: str, **_: Any
    ) -> None:
        from bancheng.ledger.imports import import_ledger, importing_actor

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件“{file}”不存在 (no such file)", returncode=2)
        report = import_ledger(
            path, layout=get_layout(layout), branch=branch, actor=importing_actor(username), dry_run=dry_run
        )
        for error in report.errors:
            self.stdout.write(f"第 {error.row} 行 [{error.column}]：{error.reason}")
        self.stdout.write(report.summary)
        if report.errors:
            raise CommandError("台账有错误，未导入任何一行 (nothing imported)", returncode=1)
