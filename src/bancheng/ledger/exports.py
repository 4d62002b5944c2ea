"""Writing a ledger: XLSX (XlsxWriter in constant-memory mode) or CSV (UTF-8 with a BOM, so Excel opens the
Chinese right), streamed from the database chunk by chunk: whatever the number of rows, neither the cases
nor the sheet are ever held in memory. Reads only; the audit record of an unmasked export is the caller's."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from django.db.models import QuerySet

from bancheng.cases.models import Assignment, Case
from bancheng.domain.ledger import SOURCES, LedgerRow, getter, protect_formula
from bancheng.domain.lifecycle import AssignmentState, CaseState
from bancheng.domain.policy import LedgerColumn, Policy
from bancheng.policies.services import policy_of

CHUNK = 2000
FORMATS = ("xlsx", "csv")

_FIELDS = (
    "pk",
    "number",
    "registered_at",
    "officer__full_name",
    "officer__username",
    "category",
    "requester_name",
    "requester_phone",
    "problem",
    "business",
    "channel",
    "state",
    "branch__name",
    "resolution",
    "feedback",
    "closed_at",
    "satisfaction",
    "case_class",
    "policy_version_id",
    "out_of_scope_reason",
    "outcome",
    "reopen_count",
    "close_reason",
    "paused",
    "external_number",
)
_CHANNELS = {"onsite": "现场", "phone": "电话", "online": "平台", "hotline": "12345"}
_ENDED = {CaseState.CLOSED.value, CaseState.ARCHIVED.value}
# The cell type of the sources that are not text.
_KINDS = {"seq": "number", "registered_on": "day", "registered_at": "moment", "closed_at": "moment"}
# Column widths in characters: long text wide, dates and codes narrow.
_WIDTHS = {"seq": 6, "problem": 40, "resolution": 40, "remarks": 24, "units": 20, "registered_at": 17}


class _Labels:
    """Chinese labels of a case's codes under its own policy version, parsed once per version."""

    def __init__(self) -> None:
        self._by_version: dict[int, dict[str, dict[str, str]]] = {}

    def of(self, version_id: int) -> dict[str, dict[str, str]]:
        found = self._by_version.get(version_id)
        if found is None:
            policy: Policy = policy_of(version_id)
            found = {
                "category": {c.code: c.label for c in policy.categories},
                "class": {c.code: c.label for c in policy.classes},
                "limit": {c.code: c.feedback_limit.label for c in policy.classes},
                "satisfaction": {c.code: c.label for c in policy.satisfaction_scale},
                "out_of_scope": {c.code: c.label for c in policy.out_of_scope_reasons},
            }
            self._by_version[version_id] = found
        return found


def _remarks(v: dict[str, Any], labels: dict[str, dict[str, str]]) -> str:
    parts = []
    if v["channel"] == "hotline" and v["external_number"]:
        parts.append(f"12345工单号：{v['external_number']}")
    if v["state"] not in _ENDED:
        parts.append(CaseState(v["state"]).label)
    if v["out_of_scope_reason"]:
        parts.append(labels["out_of_scope"].get(v["out_of_scope_reason"], v["out_of_scope_reason"]))
    if v["outcome"] == "negative_filing":
        parts.append("否定备案")
    if v["reopen_count"]:
        parts.append(f"重办 {v['reopen_count']} 次")
    if v["paused"]:
        parts.append("挂起（等待补齐材料）")
    if v["close_reason"]:
        parts.append(v["close_reason"])
    return "；".join(parts)


def ledger_rows(cases: QuerySet[Case], chunk_size: int = CHUNK) -> Iterator[list[LedgerRow]]:
    """The cases in registration order as ledger rows, one chunk at a time: one query for the chunk's
    cases (a server-side cursor on PostgreSQL) and one for their handling units, whatever the size."""
    labels = _Labels()
    found = cases.order_by("registered_at", "pk").values_list(*_FIELDS).iterator(chunk_size=chunk_size)
    seq = 0
    states = {s.value: s.label for s in CaseState}
    while True:
        chunk = list(islice(found, chunk_size))
        if not chunk:
            return
        units: dict[int, list[str]] = {}
        for case_id, name in (
            Assignment.objects.filter(case_id__in=[v[0] for v in chunk])
            .exclude(state=AssignmentState.CANCELLED.value)
            .order_by("case_id", "transferred_at", "pk")
            .values_list("case_id", "unit__name")
        ):
            names = units.setdefault(case_id, [])
            if name not in names:
                names.append(name)
        rows = []
        for v in chunk:
            seq += 1
            (pk, number, registered_at, full_name, username, category, requester_name, requester_phone,
             problem, business, channel, state, branch, resolution, feedback, closed_at, satisfaction,
             case_class, version_id, out_of_scope_reason, outcome, reopen_count, close_reason, paused, _external) = v  # fmt: skip
            lab = labels.of(version_id)
            remarks = ""
            if (
                state not in _ENDED
                or out_of_scope_reason
                or outcome
                or reopen_count
                or paused
                or close_reason
            ):
                remarks = _remarks(dict(zip(_FIELDS, v, strict=True)), lab)
            rows.append(
                LedgerRow(
                    seq,
                    number,
                    registered_at,
                    full_name or username,
                    lab["category"].get(category, category),
                    requester_name,
                    requester_phone,
                    problem,
                    tuple(units.get(pk, ())),
                    resolution or feedback,
                    closed_at,
                    lab["satisfaction"].get(satisfaction, satisfaction),
                    remarks,
                    lab["class"].get(case_class, case_class),
                    lab["limit"].get(case_class, ""),
                    business,
                    _CHANNELS.get(channel, channel),
                    states.get(state, state),
                    branch,
                )
            )
        yield rows


def _check(layout: Sequence[LedgerColumn], fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown ledger format {fmt!r}")
    unknown = [c.source for c in layout if c.source not in SOURCES]
    if unknown or not layout:
        raise ValueError(f"unknown ledger sources {unknown}" if unknown else "empty ledger layout")


def write_ledger(
    cases: QuerySet[Case],
    layout: Sequence[LedgerColumn],
    out: IO[bytes] | str | Path,
    *,
    fmt: str = "xlsx",
    masked: bool = True,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the ledger of ``cases`` (already filtered by the caller) in ``layout`` to ``out`` (a binary
    file or a path); the first row holds the column headings. Personal data is masked unless ``masked``
    is False (the caller checks the role and logs the reveal). ``progress(rows_done)`` is called after each
    chunk. Returns the number of rows written."""
    _check(layout, fmt)
    if fmt == "csv":
        return _write_csv(cases, layout, out, masked=masked, progress=progress)
    return _write_xlsx(cases, layout, out, masked=masked, progress=progress)


def _write_xlsx(
    cases: QuerySet[Case],
    layout: Sequence[LedgerColumn],
    out: IO[bytes] | str | Path,
    *,
    masked: bool,
    progress: Callable[[int], None] | None,
) -> int:
    book = xlsxwriter.Workbook(
        str(out) if isinstance(out, Path) else out,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = book.add_worksheet("台账")
    heading = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col, column in enumerate(layout):
        sheet.set_column(col, col, _WIDTHS.get(column.source, 12))
        sheet.write_string(0, col, column.label, heading)
    sheet.freeze_panes(1, 0)
    # One getter and one writer per column, chosen once: the loop below runs for every cell.
    columns = []
    for col, column in enumerate(layout):
        kind = _KINDS.get(column.source)
        write = {
            "number": sheet.write_number,
            "day": sheet.write_datetime,
            "moment": sheet.write_datetime,
        }.get(kind or "", sheet.write_string)
        extra = (day,) if kind == "day" else (moment,) if kind == "moment" else ()
        columns.append((col, getter(column.source, masked=masked), write, extra))
    row_index = 0
    for rows in ledger_rows(cases):
        for row in rows:
            row_index += 1
            for col, get, write, extra in columns:
                value = get(row)
                if value is None or value == "":
                    continue
                write(row_index, col, value, *extra)
        if progress is not None:
            progress(row_index)
    _write_notes(book, layout, masked, row_index)
    book.close()
    return row_index


def _write_notes(book: Any, layout: Sequence[LedgerColumn], masked: bool, rows: int) -> None:
    """A second sheet keeps what the first row cannot: the group heading of each column (seed 000's
    登记受理 / 申请情况 / 办理情况 / 回访情况 / 备注) and whether personal data is masked."""
    notes = book.add_worksheet("说明")
    bold = book.add_format({"bold": True})
    notes.set_column(0, 2, 18)
    for col, text in enumerate(("列名", "所属部分", "数据来源")):
        notes.write_string(0, col, text, bold)
    for index, column in enumerate(layout, start=1):
        notes.write_string(index, 0, column.label)
        notes.write_string(index, 1, column.group)
        notes.write_string(index, 2, SOURCES[column.source])
    last = len(layout) + 2
    notes.write_string(last, 0, "行数")
    notes.write_number(last, 1, rows)
    notes.write_string(last + 1, 0, "个人信息")
    notes.write_string(last + 1, 1, "已打码" if masked else "完整（已记录导出）")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return protect_formula(value)
    return str(value)


def _write_csv(
    cases: QuerySet[Case],
    layout: Sequence[LedgerColumn],
    out: IO[bytes] | str | Path,
    *,
    masked: bool,
    progress: Callable[[int], None] | None,
) -> int:
    own = isinstance(out, str | Path)
    binary: IO[bytes] = open(out, "wb") if own else out  # type: ignore[arg-type]  # noqa: SIM115
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    try:
        writer = csv.writer(text)
        writer.writerow([c.label for c in layout])
        getters = [getter(c.source, masked=masked) for c in layout]
        count = 0
        for rows in ledger_rows(cases):
            writer.writerows([_text(get(row)) for get in getters] for row in rows)
            count += len(rows)
            if progress is not None:
                progress(count)
        text.flush()
    finally:
        if own:
            text.close()
        else:
            text.detach()
    return count
