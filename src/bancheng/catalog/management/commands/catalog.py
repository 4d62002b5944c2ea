"""``bancheng catalog``: import the service item catalog from Excel (with a dry run) and export it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bancheng.catalog import excel
from bancheng.catalog.selectors import service_items
from bancheng.domain.errors import DomainError
from bancheng.ledger.imports import importing_actor


class Command(BaseCommand):
    help = "事项目录：从 Excel 导入（可先预检）、导出为 Excel"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True, parser_class=type(parser).__base__)
        load = sub.add_parser("import", help="导入 Excel 事项目录：新编码新增，已有编码保存为新版本")
        load.add_argument("file")
        load.add_argument("--dry-run", action="store_true", help="只预检，列出每行的处理和错误，不写入")
        load.add_argument("--as", dest="username", default="", help="以该账号导入（默认第一个系统管理员）")
        dump = sub.add_parser("export", help="导出事项目录（与导入相同的格式）")
        dump.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"do_{options['sub']}")(**options)
        except DomainError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）", returncode=2) from None

    def do_import(self, *, file: str, dry_run: bool, username: str, **_: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}", returncode=2)
        content = path.read_bytes()
        report = excel.read_workbook(content)
        for note in report.notes:
            self.stdout.write(note)
        for row in report.rows:
            detail = "；".join(row.problems) if row.problems else row.changed_labels
            self.stdout.write(
                f"第 {row.row} 行 {row.code or '—'} {row.action_label}{'：' + detail if detail else ''}"
            )
        if dry_run or not report.ok:
            self.stdout.write(report.summary())
            if not report.ok:
                raise CommandError("文件有错误，未导入任何事项", returncode=1)
            return
        applied = excel.apply_workbook(content, actor=importing_actor(username))
        self.stdout.write(applied.summary())

    def do_export(self, *, file: str, **_: Any) -> None:
        items = service_items()
        Path(file).write_bytes(excel.export_workbook(items))
        self.stdout.write(f"已导出 {len(items)} 项到 {file}")
