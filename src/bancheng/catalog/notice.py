"""The notice sheet of a service item (事项告知单, seed 004): every field the window tells a requester, printed
as an A4 PDF (WeasyPrint with the Noto CJK fonts, through the printed forms' machinery) or a Word document.

Seed 003 (一次告知): the materials are numbered so the requester can tick them off and comes back once."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from bancheng.catalog.actions import policy_categories
from bancheng.catalog.models import ServiceItem
from bancheng.documents.forms import html_to_pdf
from bancheng.documents.templates_docx import EAST_ASIAN_FONT
from bancheng.domain import catalog as rules
from bancheng.domain.calendar import TZ
from bancheng.policies.services import policy_of

TITLE = "事项告知单"
CLOSING = "以上为办理本事项所需的全部材料和要求，一次告知。如有疑问，请拨打咨询电话。"


@dataclass(frozen=True)
class NoticeRow:
    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class NoticeSheet:
    title: str
    issuer: str
    item_name: str
    number: str
    rows: tuple[NoticeRow, ...]
    printed_on: str
    closing: str = CLOSING


def notice_sheet(item: ServiceItem, *, now: datetime | None = None) -> NoticeSheet:
    """The sheet's content: the item's current fields in the order of seed 004."""
    categories = policy_categories()
    values: dict[str, list[str]] = {
        "name": [item.name],
        "categories": ["、".join(rules.category_labels(item.categories, categories))],
        "policy_basis": item.policy_basis.splitlines(),
        "conditions": item.conditions.splitlines(),
        "procedure": item.procedure.splitlines(),
        "materials": [f"{i}. {m}" for i, m in enumerate(item.materials, start=1)],
        "time_limit": [item.time_limit],
        "cooperating_units": item.cooperating_units.splitlines(),
        "place": [item.place],
        "phone": [item.phone],
    }
    order = (
        "name",
        "categories",
        "policy_basis",
        "conditions",
        "procedure",
        "materials",
        "time_limit",
        "cooperating_units",
        "place",
        "phone",
    )
    rows = tuple(
        NoticeRow(rules.LABELS[name], tuple(line for line in values[name] if line.strip()) or ("—",))
        for name in order
    )
    day = (now or timezone.now()).astimezone(TZ).date()
    return NoticeSheet(
        title=TITLE,
        issuer=policy_of(None).name,
        item_name=item.name,
        number=f"{item.code}（第{item.version}版）",
        rows=rows,
        printed_on=f"{day.year} 年 {day.month} 月 {day.day} 日",
    )


def render_notice_pdf(item: ServiceItem, *, now: datetime | None = None) -> bytes:
    """The notice sheet as an A4 PDF."""
    html = render_to_string("catalog/pdf/notice.html", {"sheet": notice_sheet(item, now=now)})
    return html_to_pdf(html)


def render_notice_docx(item: ServiceItem, *, now: datetime | None = None) -> bytes:
    """The notice sheet as a Word document (A4, a two-column table, 宋体 for Chinese)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    sheet = notice_sheet(item, now=now)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)

    issuer = doc.add_paragraph(sheet.issuer)
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{sheet.title}：{sheet.item_name}")
    run.bold = True
    run.font.size = Pt(16)
    number = doc.add_paragraph(f"事项编码：{sheet.number}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in sheet.rows:
        label, value = table.add_row().cells
        label.paragraphs[0].add_run(row.label).bold = True
        for i, line in enumerate(row.lines):
            paragraph = value.paragraphs[0] if i == 0 else value.add_paragraph()
            paragraph.add_run(line)
    for table_row in table.rows:
        table_row.cells[0].width = Mm(30)
        table_row.cells[1].width = Mm(140)
    doc.add_paragraph(sheet.closing)
    printed = doc.add_paragraph(f"打印日期：{sheet.printed_on}")
    printed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def notice_filename(item: Any, ext: str) -> str:
    return f"事项告知单-{item.code}.{ext}"
