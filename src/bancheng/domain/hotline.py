"""12345 hotline work orders: the platform's fields mapped onto a case's, and the webhook signature.

Pure rules, no Django: a work order row (platform field name -> text) becomes the fields of a registration
or a list of Chinese errors; a pushed body is accepted only with a fresh HMAC-SHA256 signature."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

REQUEST_TYPES = ("咨询", "求助", "建议", "投诉", "举报")

#: Platform field name -> case field, as the 12345 work order lists them.
DEFAULT_MAPPING: dict[str, str] = {
    "工单编号": "external_number",
    "来电人": "requester_name",
    "联系电话": "requester_phone",
    "诉求类型": "request_type",
    "诉求标题": "business",
    "诉求内容": "problem",
    "所属区域": "area",
    "承办单位": "unit",
    "派单时间": "dispatched_at",
    "办理时限": "platform_limit",
}

CASE_FIELDS: dict[str, str] = {
    "external_number": "工单编号",
    "requester_name": "来电人",
    "requester_phone": "联系电话",
    "request_type": "诉求类型",
    "business": "所办事项",
    "problem": "诉求内容",
    "area": "所属区域",
    "unit": "承办单位",
    "dispatched_at": "派单时间",
    "platform_limit": "办理时限",
}
REQUIRED = ("external_number", "requester_name", "requester_phone", "request_type", "problem")

#: Layout of the results sent back to the platform.
EXPORT_HEADINGS = ("工单编号", "办理结果", "答复内容", "办结时间", "满意度")

MAX_SKEW_SECONDS = 300
PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,18}[0-9]$")


@dataclass
class MappedOrder:
    fields: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.fields.get("external_number", "")


def mapping_problems(mapping: dict[str, str]) -> list[str]:
    """Chinese problems of an administrator's mapping: unknown case fields, a required field unmapped."""
    problems = [
        f"“{name}”对应的字段“{target}”不存在" for name, target in mapping.items() if target not in CASE_FIELDS
    ]
    targets = set(mapping.values())
    problems += [f"缺少“{CASE_FIELDS[need]}”的对应字段" for need in REQUIRED if need not in targets]
    return problems


def map_order(raw: dict[str, object], mapping: dict[str, str]) -> MappedOrder:
    """One work order (platform field -> value) as case fields, with every problem in Chinese."""
    order = MappedOrder()
    for name, target in mapping.items():
        value = raw.get(name)
        text = "" if value is None else str(value).strip()
        if text.endswith(".0") and target in ("requester_phone", "external_number") and text[:-2].isdigit():
            text = text[:-2]
        order.fields[target] = text
    for need in REQUIRED:
        if not order.fields.get(need):
            order.errors.append(f"缺少{CASE_FIELDS[need]}")
    if len(order.number) > 58:
        order.errors.append("工单编号过长（最多58个字符）")
    phone = order.fields.get("requester_phone", "")
    if phone and not PHONE.match(phone):
        order.errors.append(f"联系电话“{phone}”格式不正确")
    kind = order.fields.get("request_type", "")
    if kind and kind not in REQUEST_TYPES:
        order.errors.append(f"诉求类型“{kind}”无效，应为咨询、求助、建议、投诉或举报")
    if not order.fields.get("business"):
        order.fields["business"] = f"12345工单（{kind or '诉求'}）"
    return order


MAX_LIMIT_DAYS = 60


def limit_problems(limits: Sequence[tuple[str, int]]) -> list[str]:
    """What is wrong with the platform's limits per 诉求类型 (``Policy.hotline_limits``), in Chinese: each of
    the platform's five request types once, each with 1 to 60 working days."""
    found: list[str] = []
    seen: set[str] = set()
    for kind, days in limits:
        if kind not in REQUEST_TYPES:
            found.append(f"12345诉求类型“{kind}”无效，应为咨询、求助、建议、投诉或举报")
        elif kind in seen:
            found.append(f"12345诉求类型“{kind}”重复设置了办理时限")
        seen.add(kind)
        if days < 1:
            found.append(f"12345“{kind}”的办理时限须至少为 1 个工作日")
        elif days > MAX_LIMIT_DAYS:
            found.append(f"12345“{kind}”的办理时限不能超过 {MAX_LIMIT_DAYS} 个工作日")
    missing = [kind for kind in REQUEST_TYPES if kind not in seen]
    if missing:
        found.append(f"请设置12345诉求类型{'、'.join(missing)}的办理时限")
    return found


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + HMAC-SHA256 over ``timestamp + "." + body`` with the shared secret."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_problem(secret: str, timestamp: str, signature: str, body: bytes, now: float) -> str | None:
    """None when the push is authentic and fresh, else a stable error code."""
    if not secret:
        return "hotline.not_configured"
    try:
        sent = int(timestamp)
    except ValueError:
        return "hotline.bad_timestamp"
    if abs(now - sent) > MAX_SKEW_SECONDS:
        return "hotline.stale"
    if not hmac.compare_digest(sign(secret, timestamp, body), signature.strip()):
        return "hotline.bad_signature"
    return None
