"""Receiving 12345 work orders (file import with a dry run, webhook pushes) and sending results back.

A work order becomes a case through the registration action with channel ``hotline``; its platform order
number is the case's external number and, prefixed, its submission key, so the database's unique key on
submission keys makes the same order never register twice, even when two imports or pushes race."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from openpyxl import load_workbook

from bancheng.cases.actions.registration import register_case
from bancheng.cases.choices import Channel
from bancheng.cases.models import Case
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError
from bancheng.domain.hotline import map_order, mapping_problems
from bancheng.domain.masking import mask_name, mask_phone
from bancheng.policies.services import policy_of

KEY_PREFIX = "12345:"
COMPARED = {"requester_name": "来电人", "requester_phone": "联系电话", "problem": "诉求内容"}


def read_orders(name: str, data: bytes) -> list[dict[str, object]]:
    """The rows of an XLSX, CSV or JSON work order file as platform field -> value."""
    lower = name.lower()
    try:
        if lower.endswith(".xlsx"):
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]  # type: ignore[union-attr]
            rows = [r for r in rows if any(v not in (None, "") for v in r)]
            if not rows:
                return []
            heads = [str(h or "").strip() for h in rows[0]]
            return [dict(zip(heads, r, strict=False)) for r in rows[1:]]
        if lower.endswith(".csv"):
            text = data.decode("utf-8-sig")
            return [dict(r) for r in csv.DictReader(io.StringIO(text))]
        if lower.endswith(".json"):
            loaded = json.loads(data.decode("utf-8"))
            if isinstance(loaded, dict):
                loaded = loaded.get("orders", [loaded])
            if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
                raise DomainError("hotline.bad_file", "JSON 应为工单对象或工单列表")
            return loaded
    except (ValueError, KeyError, OSError) as exc:
        raise DomainError("hotline.bad_file", f"文件无法读取：{exc}") from exc
    raise DomainError("hotline.bad_file", "仅支持 XLSX、CSV、JSON 文件")


@dataclass
class RowResult:
    row: int
    number: str
    status: str  # new / duplicate / changed / error
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    case_number: str = ""

    @property
    def masked_name(self) -> str:
        return mask_name(self.fields.get("requester_name", ""))

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.fields.get("requester_phone", ""))

    @property
    def status_label(self) -> str:
        return {"new": "新建", "duplicate": "已存在", "changed": "已存在（内容有变）", "error": "有误"}[
            self.status
        ]


@dataclass
class ImportReport:
    rows: list[RowResult]
    applied: bool = False

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def new_count(self) -> int:
        return self.count("new")

    @property
    def duplicate_count(self) -> int:
        return self.count("duplicate")

    @property
    def changed_count(self) -> int:
        return self.count("changed")

    @property
    def error_count(self) -> int:
        return self.count("error")

    @property
    def has_errors(self) -> bool:
        return any(r.status == "error" for r in self.rows)


def _existing(number: str) -> Case | None:
    return Case.objects.filter(submission_key=KEY_PREFIX + number).first()


def plan_orders(orders: list[dict[str, object]], mapping: dict[str, str]) -> ImportReport:
    """What importing would do, row by row, without writing anything."""
    problems = mapping_problems(mapping)
    if problems:
        raise DomainError("hotline.bad_mapping", "字段对应有误：" + "；".join(problems))
    results: list[RowResult] = []
    seen: set[str] = set()
    for index, raw in enumerate(orders, start=2):
        order = map_order(raw, mapping)
        result = RowResult(row=index, number=order.number, status="new", fields=order.fields)
        if order.number and order.number in seen:
            order.errors.append(f"工单编号“{order.number}”在文件中重复")
        seen.add(order.number)
        if order.errors:
            result.status, result.errors = "error", order.errors
        else:
            case = _existing(order.number)
            if case is not None:
                result.case_number = case.number
                wanted = {**order.fields, "problem": case_problem(order.fields).strip()}
                result.changes = [
                    label for name, label in COMPARED.items() if getattr(case, name).strip() != wanted[name]
                ]
                result.status = "changed" if result.changes else "duplicate"
        results.append(result)
    return ImportReport(results)


def import_orders(
    orders: list[dict[str, object]],
    *,
    actor: Any,
    mapping: dict[str, str],
    dry_run: bool = False,
    now: datetime | None = None,
) -> ImportReport:
    """Import work orders: every row is checked first; with any row in error nothing is written. New
    orders are registered as hotline cases; ones already received are reported (with what changed)."""
    report = plan_orders(orders, mapping)
    if dry_run or report.has_errors:
        return report
    with transaction.atomic():
        for result in report.rows:
            if result.status != "new":
                continue
            case = register_order(result.fields, actor=actor, now=now)
            result.case_number = case.number
    report.applied = True
    return report


def case_problem(fields: dict[str, str]) -> str:
    """The case's 反映内容: the order's content followed by its platform details."""
    details = [f"【12345工单 {fields['external_number']}｜{fields.get('request_type', '')}】"]
    for name, label in (("area", "所属区域"), ("unit", "承办单位"), ("dispatched_at", "派单时间"),
                        ("platform_limit", "办理时限")):  # fmt: skip
        if fields.get(name):
            details.append(f"{label}：{fields[name]}")
    return fields["problem"] + "\n" + "；".join(details)


def register_order(fields: dict[str, str], *, actor: Any, now: datetime | None = None) -> Case:
    return register_case(
        actor=actor,
        channel=Channel.HOTLINE,
        requester_name=fields["requester_name"],
        requester_phone=fields["requester_phone"],
        business=fields.get("business", "")[:200],
        problem=case_problem(fields),
        external_number=fields["external_number"],
        submission_key=KEY_PREFIX + fields["external_number"],
        request_type=fields.get("request_type", ""),
        now=now,
    )


def _month_bounds(month: str) -> tuple[datetime, datetime]:
    try:
        year, mon = (int(p) for p in month.split("-"))
        start = datetime(year, mon, 1, tzinfo=TZ)
    except ValueError as exc:
        raise DomainError("hotline.bad_month", "月份格式应为 YYYY-MM") from exc
    end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=TZ)
    return start, end


def satisfaction_label(case: Any) -> str:
    """The requester's satisfaction as the platform reads it: the label on the case's policy scale (满意),
    not the stored code (satisfied); empty before the follow-up visit."""
    if not case.satisfaction:
        return ""
    try:
        return policy_of(case.policy_version_id).satisfaction(case.satisfaction).label
    except DomainError:
        return str(case.satisfaction)


def result_rows(month: str) -> list[list[object]]:
    """Hotline cases answered in ``month``, in the platform's layout."""
    start, end = _month_bounds(month)
    cases = Case.objects.filter(
        channel=Channel.HOTLINE, feedback_at__gte=start, feedback_at__lt=end
    ).order_by("feedback_at", "id")
    rows: list[list[object]] = []
    for case in cases:
        done = case.closed_at or case.feedback_at
        rows.append([
            case.external_number,
            case.get_outcome_display() if case.outcome else "",
            case.feedback,
            done.astimezone(TZ).strftime("%Y-%m-%d %H:%M") if done else "",
            satisfaction_label(case),
        ])  # fmt: skip
    return rows


def today_month(today: date) -> str:
    return today.strftime("%Y-%m")
