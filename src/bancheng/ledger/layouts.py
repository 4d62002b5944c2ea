"""Ledger layouts: the presets' (policy data) and the administrator's own; looked up by code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from bancheng.domain.errors import DomainError
from bancheng.domain.ledger import SOURCES, layout_problems
from bancheng.domain.policy import PRESETS, LedgerColumn
from bancheng.ledger.models import LedgerLayout


@dataclass(frozen=True)
class Layout:
    code: str
    name: str
    columns: tuple[LedgerColumn, ...]
    preset: bool


def preset_layouts() -> list[Layout]:
    return [Layout(p.preset, f"{p.preset}（{p.name}）", p.ledger_layout, True) for p in PRESETS.values()]


def available_layouts() -> list[Layout]:
    """The presets' layouts, then the administrator's own, by code."""
    own = [Layout(x.code, x.name, x.ledger_columns, False) for x in LedgerLayout.objects.all()]
    return preset_layouts() + own


def get_layout(code: str) -> Layout:
    code = (code or "").strip()
    for layout in preset_layouts():
        if layout.code == code:
            return layout
    own = LedgerLayout.objects.filter(code=code).first()
    if own is None:
        codes = "、".join(x.code for x in available_layouts())
        raise DomainError(
            "ledger.unknown_layout", f"台账格式“{code}”不存在（可选：{codes}）", {"layout": code}
        )
    return Layout(own.code, own.name, own.ledger_columns, False)


def columns_from_plain(items: list[dict[str, Any]]) -> tuple[LedgerColumn, ...]:
    return tuple(
        LedgerColumn(
            str(i.get("label", "")).strip(), str(i.get("source", "")), str(i.get("group", "")).strip()
        )
        for i in items
    )


def columns_to_plain(columns: tuple[LedgerColumn, ...]) -> list[dict[str, str]]:
    return [{"label": c.label, "source": c.source, "group": c.group} for c in columns]


def save_layout(
    *, code: str, name: str, columns: tuple[LedgerColumn, ...], actor: Any, layout: LedgerLayout | None = None
) -> LedgerLayout:
    """Create or change a layout of the administrator's own; refused in Chinese when it is not usable."""
    code, name = code.strip(), name.strip()
    problems = []
    if not name:
        problems.append("请填写格式名称")
    if not code or not code.replace("-", "").replace("_", "").isalnum() or not code.isascii():
        problems.append("代码只能由英文字母、数字、- 和 _ 组成")
    elif code in PRESETS:
        problems.append(f"代码“{code}”是预设格式的代码，请换一个")
    elif LedgerLayout.objects.filter(code=code).exclude(pk=getattr(layout, "pk", None)).exists():
        problems.append(f"代码“{code}”已被使用")
    problems += layout_problems(columns)
    if problems:
        raise DomainError("ledger.invalid_layout", "；".join(problems), {"problems": problems})
    with transaction.atomic():
        target = layout or LedgerLayout(created_by=actor)
        target.code, target.name = code, name
        target.columns = columns_to_plain(
            tuple(LedgerColumn(c.label.strip(), c.source, c.group) for c in columns)
        )
        target.updated_at = timezone.now()
        target.save()
    return target


def source_choices() -> list[tuple[str, str]]:
    return list(SOURCES.items())
