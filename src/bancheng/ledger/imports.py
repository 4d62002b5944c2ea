"""Importing an Excel ledger kept before the system (历史台账), in a preset's or an administrator's layout.

Every row is read and checked first; the report lists each problem as (row, column, why). Only a file
without a single problem is imported, all rows in one transaction, through the ``import_case`` action.
Each row has a stable key (the layout, the branch and the ledger's 编号, or all its values when it has
none), kept on the case, so importing the same file twice creates nothing the second time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

from django.db import transaction
from openpyxl import load_workbook

from bancheng.cases import actions as act
from bancheng.cases.actions.imports import IMPORT_ROLES
from bancheng.cases.choices import Channel
from bancheng.cases.models import Case
from bancheng.domain.errors import DomainError
from bancheng.domain.ledger import (
    CellError,
    parse_choice,
    parse_class,
    parse_phone,
    parse_text,
    parse_when,
    split_units,
)
from bancheng.domain.policy import Choice, LedgerColumn, Policy
from bancheng.ledger.layouts import Layout
from bancheng.org.choices import Role
from bancheng.org.models import Staff, Unit
from bancheng.policies.services import policy_of

HEADING_SEARCH_ROWS = 30
MAX_ROWS = 100_000
REQUIRED = {"requester_name": "诉求人", "requester_phone": "联系电话", "problem": "反映内容"}
DATE_SOURCES = ("registered_at", "registered_on")
CHANNELS = tuple(Choice(c.value, c.label) for c in Channel)


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number, as Excel shows it
    column: str  # the heading, or "" for the whole row
    reason: str


@dataclass
class ImportReport:
    file_name: str
    layout: str
    branch: str
    dry_run: bool
    rows_read: int = 0
    rows_valid: int = 0
    already: int = 0  # rows imported by an earlier run of the same file
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def to_import(self) -> int:
        return self.rows_valid - self.already

    @property
    def summary(self) -> str:
        head = f"读取 {self.rows_read} 行，无误 {self.rows_valid} 行，错误 {len(self.errors)} 处"
        if self.already:
            head += f"，此前已导入 {self.already} 行"
        if self.errors:
            return head + "；有错误，未导入任何一行"
        if self.dry_run:
            return head + f"；试导入（未写入），可导入 {self.to_import} 行"
        return head + f"；已导入 {self.created} 行"


@dataclass
class ParsedRow:
    row: int
    key: str
    values: dict[str, Any]


def _norm(text: object) -> str:
    return "".join(str(text or "").split())


def importing_actor(username: str = "") -> Staff:
    """Who the command line imports as: the named account, or the first active administrator."""
    found = Staff.objects.filter(is_active=True)
    staff = found.filter(username=username).first() if username else found.filter(role=Role.ADMIN).first()
    if staff is None:
        what = f"账号“{username}”" if username else "可用的系统管理员账号"
        raise DomainError("ledger.no_actor", f"找不到{what}，请用 --as 指定导入人")
    return staff


def _sheet_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise DomainError("ledger.bad_file", "无法读取该文件，请上传 Excel（.xlsx）台账") from None
    try:
        sheet = book["台账"] if "台账" in book.sheetnames else book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


class _Reader:
    def __init__(self, layout: Layout, branch: Unit, policy: Policy, report: ImportReport) -> None:
        self.layout, self.branch, self.policy, self.report = layout, branch, policy, report
        self.units = {u.name: u for u in Unit.objects.filter(active=True)}
        self.units |= {u.code: u for u in self.units.values()}
        officers: dict[str, list[Staff]] = {}
        for staff in Staff.objects.filter(is_active=True).exclude(full_name=""):
            officers.setdefault(staff.full_name, []).append(staff)
        self.officers = {name: found[0] for name, found in officers.items() if len(found) == 1}

    def error(self, row: int, column: str, reason: str) -> None:
        self.report.errors.append(RowError(row, column, reason))

    def headings(self, head: list[tuple[Any, ...]]) -> tuple[int, dict[int, LedgerColumn]] | None:
        """Find the heading row among the first rows: the one with the most of the layout's headings."""
        wanted = {_norm(c.label): c for c in self.layout.columns}
        best: tuple[int, dict[int, LedgerColumn]] = (0, {})
        for number, values in enumerate(head, start=1):
            found = {i: wanted[_norm(v)] for i, v in enumerate(values) if _norm(v) in wanted}
            if len(found) > len(best[1]):
                best = (number, found)
        number, found = best
        if not found:
            heads = "、".join(c.label for c in self.layout.columns)
            self.error(
                0,
                "",
                f"未找到列名行：前 {HEADING_SEARCH_ROWS} 行中没有“{self.layout.code}”格式的列名（{heads}）",
            )
            return None
        present = {c.label for c in found.values()}
        for column in self.layout.columns:
            if column.label not in present:
                self.error(number, column.label, "缺少该列")
        return number, found

    def parse(
        self, number: int, values: tuple[Any, ...], columns: dict[int, LedgerColumn]
    ) -> ParsedRow | None:
        row: dict[str, Any] = {}
        before = len(self.report.errors)
        for index, column in columns.items():
            raw = values[index] if index < len(values) else None
            try:
                self.parse_cell(column.source, raw, row)
            except CellError as exc:
                self.error(number, column.label, str(exc))
        labels = {c.source: c.label for c in columns.values()}
        for source, what in REQUIRED.items():
            if (
                source in labels
                and source not in row
                and not any(e.column == labels[source] for e in self.report.errors[before:])
            ):
                self.error(number, labels[source], f"{what}不能为空")
        if not any(s in row for s in DATE_SOURCES) and not any(
            e.column in {labels.get(s) for s in DATE_SOURCES} for e in self.report.errors[before:]
        ):
            self.error(
                number, labels.get("registered_at") or labels.get("registered_on", ""), "受理日期不能为空"
            )
        closed = row.get("closed_at")
        registered = row.get("registered_at")
        if closed is not None and registered is not None and closed < registered.replace(hour=0, minute=0):
            self.error(number, labels.get("closed_at", ""), "办结时间早于受理时间")
        if len(self.report.errors) > before:
            return None
        return ParsedRow(number, self.key(row), row)

    def parse_cell(self, source: str, raw: Any, row: dict[str, Any]) -> None:
        text = parse_text(raw) if not isinstance(raw, datetime) else ""
        if source in DATE_SOURCES:
            if raw is None or (text == "" and not isinstance(raw, datetime)):
                return
            when = parse_when(raw)
            if source == "registered_on":
                when = parse_when(when.date())
            row["registered_at"] = when
        elif source == "closed_at":
            if raw is not None and (text or isinstance(raw, datetime)):
                row["closed_at"] = parse_when(raw, default_time=datetime.min.time().replace(hour=17))
        elif source == "requester_phone":
            if raw is not None and text:
                row["requester_phone"] = parse_phone(raw)
        elif source in {"requester_name", "problem", "resolution", "remarks", "business"}:
            if text:
                row[source] = text
        elif source == "number":
            if text:
                row["legacy_number"] = text
        elif source == "officer":
            if text:
                row["officer_name"] = text
        elif source == "category":
            row["category"] = parse_choice(raw, self.policy.categories, "事项分类")
        elif source == "visit":
            row["satisfaction"] = parse_choice(raw, self.policy.satisfaction_scale, "回访满意度")
        elif source == "channel":
            row["channel"] = parse_choice(raw, CHANNELS, "反映渠道")
        elif source in {"class_and_limit", "case_class"}:
            klass = parse_class(raw, self.policy.classes)
            row["case_class"] = klass.code if klass else ""
        elif source == "units":
            units = []
            for name in split_units(raw):
                unit = self.units.get(name)
                if unit is None:
                    raise CellError(
                        f"承办单位“{name}”不在单位列表中（请先在系统设置中添加，或改为已有单位的名称）"
                    )
                units.append(unit)
            row["units"] = units
        # seq, state and branch are not read back: the order, the state and the branch come from the import

    def key(self, row: dict[str, Any]) -> str:
        """The row's stable import key: by the ledger's 编号 when it has one, else by all its values."""
        if row.get("legacy_number"):
            basis: Any = {"number": row["legacy_number"]}
        else:
            basis = {
                k: ([u.code for u in v] if k == "units" else v.isoformat() if isinstance(v, datetime) else v)
                for k, v in sorted(row.items())
            }
        payload = json.dumps([self.layout.code, self.branch.code, basis], ensure_ascii=False, sort_keys=True)
        return "ledger:" + hashlib.sha256(payload.encode()).hexdigest()[:57]


def import_ledger(
    path: Path | str,
    *,
    layout: Layout,
    branch: str,
    actor: Any,
    dry_run: bool = True,
    source_name: str = "",
) -> ImportReport:
    """Read ``path`` in ``layout`` for branch ``branch`` (a unit code); report every row error; import
    (all rows or none) only when not ``dry_run`` and there is no error."""
    path = Path(path)
    report = ImportReport(source_name or path.name, layout.code, branch, dry_run)
    unit = Unit.objects.filter(code=branch).first()
    if unit is None:
        raise DomainError("ledger.unknown_unit", f"受理单位“{branch}”不存在", {"unit": branch})
    if actor is None or actor.role not in IMPORT_ROLES:
        raise DomainError("ledger.import_forbidden", "只有系统管理员和中心办公室可以导入历史台账")
    sources = {c.source for c in layout.columns}
    missing = [what for s, what in REQUIRED.items() if s not in sources]
    if not sources & set(DATE_SOURCES):
        missing.append("受理日期")
    if missing:
        raise DomainError(
            "ledger.layout_not_importable", f"台账格式“{layout.code}”缺少{'、'.join(missing)}列，不能用于导入"
        )
    reader = _Reader(layout, unit, policy_of(None), report)
    rows = _sheet_rows(path)
    head = list(islice(rows, HEADING_SEARCH_ROWS))
    found = reader.headings(head)
    parsed: list[ParsedRow] = []
    if found is not None:
        heading_row, columns = found
        seen: dict[str, int] = {}
        for number, values in enumerate(chain(head[heading_row:], rows), start=heading_row + 1):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            report.rows_read += 1
            if report.rows_read > MAX_ROWS:
                reader.error(number, "", f"台账超过 {MAX_ROWS} 行，请分批导入")
                break
            row = reader.parse(number, values, columns)
            if row is None:
                continue
            if row.key in seen:
                reader.error(number, "", f"与第 {seen[row.key]} 行重复")
                continue
            seen[row.key] = number
            parsed.append(row)
    report.rows_valid = len(parsed)
    keys = [r.key for r in parsed]
    done: set[str] = set()
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        done |= set(Case.objects.filter(submission_key__in=batch).values_list("submission_key", flat=True))
    report.already = len(done)
    if dry_run or report.errors:
        return report
    with transaction.atomic():
        for row in parsed:
            if row.key in done:
                continue
            values = dict(row.values)
            officer_name = values.pop("officer_name", "")
            _, created = act.import_case(
                actor=actor,
                branch=unit,
                key=row.key,
                source=report.file_name,
                row=row.row,
                officer=reader.officers.get(officer_name),
                officer_name=officer_name,
                extra={"layout": layout.code},
                **values,
            )
            report.created += int(created)
    return report
