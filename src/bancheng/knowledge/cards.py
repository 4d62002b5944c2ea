"""Guide cards (办事指南卡片, seed 002): a small printable card for the volunteer desk, from a published article
or from a catalog service item, with the units concerned, their addresses and phones, and the center's
phone, so that people with the same question get their answer without the window. A6 or A5, chosen when
printing; PDF through the forms' WeasyPrint machinery (``documents.forms.html_to_pdf``: the Noto CJK fonts
embedded, nothing fetched)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from bancheng.documents.forms import html_to_pdf
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError
from bancheng.knowledge.choices import CARD_SIZES
from bancheng.org.choices import UnitKind
from bancheng.org.models import Unit


@dataclass(frozen=True)
class CardUnit:
    name: str
    address: str
    phone: str


@dataclass(frozen=True)
class CardSection:
    heading: str
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Card:
    """What one guide card shows: its kind (知识条目 / 服务事项), title, sections, the units concerned and
    the center's contact line."""

    kind: str
    title: str
    sections: list[CardSection]
    units: list[CardUnit]
    center: CardUnit | None
    reference: str
    dated: str
    extra: dict[str, Any] = field(default_factory=dict)


def card_size(code: str | None) -> str:
    """The paper size code (``a6`` by default); anything else is refused with a Chinese message."""
    size = (code or "a6").lower()
    if size not in CARD_SIZES:
        raise DomainError("card.bad_size", "指南卡片只能打印为 A6 或 A5", {"size": code})
    return size


def _center() -> CardUnit | None:
    center = Unit.objects.filter(kind=UnitKind.CENTER, active=True).order_by("pk").first()
    return CardUnit(center.name, center.address, center.phone) if center is not None else None


def _units_named_in(text: str, *, exclude: set[int]) -> list[Unit]:
    """Active units (other than the center) whose name the text mentions: 区税务局, 中国建设银行 ..."""
    if not text.strip():
        return []
    candidates = Unit.objects.filter(active=True).exclude(kind=UnitKind.CENTER).exclude(pk__in=exclude)
    return [u for u in candidates.order_by("code") if len(u.name) >= 2 and u.name in text]


def _card_units(units: list[Unit]) -> list[CardUnit]:
    seen: set[int] = set()
    result = []
    for u in units:
        if u.pk not in seen:
            seen.add(u.pk)
            result.append(CardUnit(u.name, u.address, u.phone))
    return result


_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}[.、．)）]|[（(]\d{1,2}[)）])\s*")


def _lines(text: str) -> tuple[str, ...]:
    """One list item per line; the card numbers them itself, so a typed "1. " goes."""
    return tuple(_ENUMERATOR.sub("", line).strip() for line in text.splitlines() if line.strip())


def _dated(now: datetime | None) -> str:
    return (now or timezone.now()).astimezone(TZ).strftime("%Y年%m月%d日")


def article_card(article: Any, *, now: datetime | None = None) -> Card:
    """The card of an article: the problem, what to do (the solution), why (the cause), the policy basis,
    the related service items' place, time limit and phone, and the units that handled the source case or
    are named in the text."""
    items = list(article.service_items.order_by("code"))
    sections = [CardSection("常见问题", article.problem)]
    sections.append(CardSection("怎么办", items=_lines(article.solution)))
    if article.cause.strip():
        sections.append(CardSection("原因", items=_lines(article.cause)))
    for item in items:
        facts = [
            f"{label}：{value}"
            for label, value in (
                ("办理时限", item.time_limit),
                ("办理地点", item.place),
                ("咨询电话", item.phone),
            )
            if value
        ]
        materials = [f"所需材料：{'、'.join(item.materials)}"] if item.materials else []
        sections.append(CardSection(f"相关事项：{item.name}", items=tuple(facts + materials)))
    if article.policy_basis.strip():
        sections.append(CardSection("政策依据", article.policy_basis))
    units: list[Unit] = []
    if article.source_case_id is not None:
        units = [a.unit for a in article.source_case.assignments.select_related("unit").order_by("pk")]
    text = "\n".join(
        [article.problem, article.cause, article.solution] + [i.cooperating_units for i in items]
    )
    units += _units_named_in(text, exclude={u.pk for u in units})
    return Card(
        kind="知识条目",
        title=article.title,
        sections=sections,
        units=_card_units(units),
        center=_center(),
        reference=f"知识条目 #{article.pk} 第{article.version}版",
        dated=_dated(now),
    )


def item_card(item: Any, *, now: datetime | None = None) -> Card:
    """The card of a catalog service item: conditions, materials, procedure, time limit, place and phone,
    and the cooperating units (those the organization knows come with their addresses and phones)."""
    sections = []
    if item.conditions.strip():
        sections.append(CardSection("办理条件", item.conditions))
    if item.materials:
        sections.append(CardSection("所需材料（一次告知）", items=tuple(item.materials)))
    if item.procedure.strip():
        sections.append(CardSection("办理流程", items=_lines(item.procedure)))
    facts = tuple(
        f"{label}：{value}"
        for label, value in (
            ("办理时限", item.time_limit),
            ("办理地点", item.place),
            ("咨询电话", item.phone),
        )
        if value
    )
    if facts:
        sections.append(CardSection("时限、地点与电话", items=facts))
    if item.cooperating_units.strip():
        sections.append(CardSection("协办单位", item.cooperating_units))
    if item.policy_basis.strip():
        sections.append(CardSection("政策依据", item.policy_basis))
    return Card(
        kind="服务事项",
        title=item.name,
        sections=sections,
        units=_card_units(_units_named_in(item.cooperating_units, exclude=set())),
        center=_center(),
        reference=f"事项编码 {item.code} 第{item.version}版",
        dated=_dated(now),
    )


def render_card_pdf(card: Card, size: str = "a6") -> bytes:
    """The card as a PDF on A6 or A5 paper."""
    label, css_size, *_ = CARD_SIZES[card_size(size)]
    html = render_to_string(
        "knowledge/pdf/card.html", {"card": card, "size": css_size, "small": label == "A6"}
    )
    return html_to_pdf(html)
