"""The catalog as an Excel workbook: import (a dry run that lists every row's fate, then an apply) and export
in the same layout, so an exported file imports back unchanged.

Layout: one sheet, a header row in Chinese (事项编码, 事项名称, 政策依据, 办理条件, 办理流程, 申请材料, 办理时限,
协办单位, 办理地点, 咨询电话, 事项分类), one item per row; 申请材料 one per line in its cell; 事项分类 the
policy's category names (or codes) separated by 、.

An import never drops a row silently: every row with content is either created, updated (a new version),
unchanged, or reported with its problems; and an apply with any reported row writes nothing."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from bancheng.catalog import actions
from bancheng.catalog.models import ServiceItem
from bancheng.domain import catalog as rules
from bancheng.domain.errors import DomainError

HEADERS: tuple[str, ...] = tuple(rules.LABELS[name] for name in rules.FIELDS)
SHEET_TITLE = "事项目录"
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
IMPORT_NOTE = "Excel 导入"

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
ACTION_LABELS = {CREATE: "新增", UPDATE: "更新（新版本）", UNCHANGED: "无变化", ERROR: "有错误"}
WIDTHS = {"code": 14, "name": 26, "materials": 40, "time_limit": 14, "phone": 16, "categories": 14}


@dataclass
class RowResult:
    """One row of the file: what the import does with it, or why it cannot."""

    row: int
    code: str
    name: str
    action: str
    problems: list[str] = field(default_factory=list)
    changed: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def changed_labels(self) -> str:
        return "、".join(rules.LABELS[name] for name in self.changed)


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the file's own: unreadable, missing columns
    notes: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.action == ERROR for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == ERROR]

    def summary(self) -> str:
        head = "已导入" if self.applied else "预检结果"
        if self.problems:
            return f"{head}：文件有误，" + "；".join(self.problems)
        return (
            f"{head}：共 {len(self.rows)} 行，新增 {self.count(CREATE)} 项，更新 {self.count(UPDATE)} 项，"
            f"无变化 {self.count(UNCHANGED)} 项，有错误 {self.count(ERROR)} 行"
        )


def _norm(value: object) -> str:
    return "".join(str(value or "").split())


def _rows(content: bytes) -> Iterator[tuple[Any, ...]]:
    if len(content) > MAX_BYTES:
        raise DomainError("catalog.file_too_large", "文件超过 5 MB")
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # any unreadable upload is the uploader's problem, never a 500
        raise DomainError("catalog.bad_file", "无法读取该文件，请上传 Excel（.xlsx）格式的事项目录") from None
    try:
        sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def read_workbook(content: bytes) -> ImportReport:
    """Read and check every row (nothing is written): each row's values and problems, and what it would do
    to the catalog as it is now."""
    report = ImportReport()
    try:
        rows = list(_rows(content))
    except DomainError as error:
        report.problems.append(error.message)
        return report
    header_at = next(
        (i for i, row in enumerate(rows[:10]) if _norm(row[0] if row else "") == HEADERS[0]), None
    )
    if header_at is None:
        report.problems.append(f"找不到表头行（第一列应为“{HEADERS[0]}”）")
        return report
    header = [_norm(cell) for cell in rows[header_at]]
    columns = {
        name: header.index(label)
        for name, label in zip(rules.FIELDS, HEADERS, strict=True)
        if label in header
    }
    missing = [label for name, label in zip(rules.FIELDS, HEADERS, strict=True) if name not in columns]
    if missing:
        report.problems.append("缺少列：" + "、".join(missing))
        return report
    extra = [h for h in header if h and h not in HEADERS]
    if extra:
        report.notes.append("以下列不属于事项目录，已忽略：" + "、".join(extra))
    body = rows[header_at + 1 :]
    if len(body) > MAX_ROWS:
        report.problems.append(f"一次最多导入 {MAX_ROWS} 行")
        return report

    categories = actions.policy_categories()
    existing = {item.code: item for item in ServiceItem.objects.all()}
    first_row_of: dict[str, int] = {}
    for offset, cells in enumerate(body):
        number = header_at + 2 + offset  # the spreadsheet's own row number
        raw = {name: (cells[i] if i < len(cells) else None) for name, i in columns.items()}
        if all(v is None or str(v).strip() == "" for v in raw.values()):
            continue
        check = rules.check_item(raw, categories)
        code, name = str(check.values["code"]), str(check.values["name"])
        result = RowResult(number, code, name, ERROR, values=check.values)
        result.problems = [f"{rules.LABELS[k]}：{v}" for k, v in check.problems.items()]
        if code and code in first_row_of:
            result.problems.append(f"事项编码：与第 {first_row_of[code]} 行重复")
        elif code:
            first_row_of[code] = number
        if not result.problems:
            current = existing.get(code)
            if current is None:
                result.action = CREATE
            else:
                result.changed = rules.changed_fields(actions.snapshot_of(current), check.values)
                result.action = UPDATE if result.changed else UNCHANGED
        report.rows.append(result)
    if not report.rows:
        report.problems.append("表头下没有任何事项")
    return report


def apply_workbook(content: bytes, *, actor: Any, now: datetime | None = None) -> ImportReport:
    """Import the file: new codes become new items, known codes a new version of their item (unchanged rows
    are left alone). All or nothing, in one transaction: refused with ``catalog.import_invalid`` (the report
    in ``details``) when the file or any row has a problem."""
    when = now or timezone.now()
    with transaction.atomic():
        report = read_workbook(content)
        if not report.ok:
            raise DomainError(
                "catalog.import_invalid",
                "导入文件有错误，未导入任何事项；请按预检结果修改后重新导入",
                {
                    "problems": report.problems,
                    "rows": [{"row": r.row, "problems": r.problems} for r in report.errors],
                },
            )
        existing = {item.code: item for item in ServiceItem.objects.all()}
        for row in report.rows:
            if row.action == CREATE:
                actions.create_service_item(actor=actor, now=when, note=IMPORT_NOTE, **row.values)
            elif row.action == UPDATE:
                actions.update_service_item(
                    existing[row.code], actor=actor, now=when, note=IMPORT_NOTE, **row.values
                )
        report.applied = True
    return report


def export_workbook(items: Iterable[ServiceItem]) -> bytes:
    """The items in the import layout: materials one per line, categories by their names."""
    categories = actions.policy_categories()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for item in items:
        row = []
        for name in rules.FIELDS:
            value = getattr(item, name)
            if name == "materials":
                value = rules.materials_text(value)
            elif name == "categories":
                value = "、".join(rules.category_labels(value, categories))
            row.append(value)
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    for index, name in enumerate(rules.FIELDS):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 30)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
