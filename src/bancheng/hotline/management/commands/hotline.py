"""``bancheng hotline import FILE`` and ``bancheng hotline export --month YYYY-MM --out F.xlsx``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bancheng.domain.errors import DomainError
from bancheng.hotline.exports import write_results
from bancheng.hotline.models import HotlineSettings
from bancheng.hotline.services import import_orders, read_orders
from bancheng.org.models import Staff


class Command(BaseCommand):
    help = "12345 热线工单：导入（可试运行）与办理结果导出"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        imp = sub.add_parser("import", help="导入工单文件（XLSX/CSV/JSON）")
        imp.add_argument("file")
        imp.add_argument("--mapping", help="字段对应 JSON 文件（平台字段名 → 案件字段）")
        imp.add_argument("--dry-run", action="store_true")
        imp.add_argument("--user", help="登记人用户名（默认为设置中的登记人）")
        exp = sub.add_parser("export", help="导出某月办理结果")
        exp.add_argument("--month", required=True)
        exp.add_argument("--out", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["what"] == "import":
                self._import(options)
            else:
                out = Path(options["out"])
                with out.open("wb") as handle:
                    count = write_results(options["month"], handle, "csv" if out.suffix == ".csv" else "xlsx")
                self.stdout.write(f"已导出 {count} 条办理结果到 {out}")
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc

    def _import(self, options: dict[str, Any]) -> None:
        config = HotlineSettings.current()
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        mapping = config.mapping
        if options.get("mapping"):
            mapping = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
        actor = config.registrar
        if options.get("user"):
            actor = Staff.objects.filter(username=options["user"]).first()
        if actor is None and not options["dry_run"]:
            raise CommandError("请用 --user 指定登记人，或在设置中指定")
        report = import_orders(
            read_orders(path.name, path.read_bytes()),
            actor=actor,
            mapping=mapping,
            dry_run=options["dry_run"],
        )
        for row in report.rows:
            line = f"第{row.row}行 {row.number} {row.status_label}"
            if row.case_number:
                line += f" → {row.case_number}"
            if row.errors:
                line += "：" + "；".join(row.errors)
            if row.changes:
                line += "（变化：" + "、".join(row.changes) + "）"
            self.stdout.write(line)
        verdict = (
            "已导入" if report.applied else ("有错误，未导入" if report.has_errors else "试运行，未写入")
        )
        self.stdout.write(f"{verdict}：新建 {report.count('new')}，已存在 {report.count('duplicate')}，"
                          f"内容有变 {report.count('changed')}，有误 {report.count('error')}")  # fmt: skip
        if report.has_errors:
            raise CommandError("导入失败：存在有误的行")
