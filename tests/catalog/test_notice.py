"""The notice sheet (事项告知单) of a service item: an A4 PDF with the CJK fonts embedded and a Word file, both
carrying every field of seed 004."""

from __future__ import annotations

import io

import pytest

from bancheng.catalog.notice import render_notice_docx, render_notice_pdf
from tests.catalog.conftest import WHEN
from tests.documents.reading import docx_text, pdf_fonts, pdf_text, save_png_pages

pytestmark = pytest.mark.django_db

EXPECTED = [
    "事项告知单：租房提取住房公积金",
    "GJJ-TQ-09（第1版）",
    "《住房公积金管理条例》第二十四条",
    "本人及配偶在本市无自有住房",
    "1. 本人身份证原件",
    "2. 房屋租赁合同",
    "3. 本人银行卡",
    "5个工作日",
    "不动产登记中心",
    "公积金中心服务大厅",
    "024-12329",
    "提取",
    "沈阳住房公积金管理中心",
]
LABELS = [
    "事项名称",
    "事项分类",
    "政策依据",
    "办理条件",
    "办理流程",
    "申请材料",
    "办理时限",
    "协办单位",
    "办理地点",
    "咨询电话",
]


def test_the_pdf_notice_sheet_is_one_a4_page_with_every_field_and_embedded_cjk_fonts(make_item):
    from pypdf import PdfReader

    data = render_notice_pdf(make_item(), now=WHEN)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = pdf_text(data)
    for expected in EXPECTED + LABELS + ["打印日期：2026 年 3 月 2 日", "一次告知"]:
        assert expected in text, expected
    fonts = pdf_fonts(data)
    assert any("Noto" in name and "CJK" in name for name, _ in fonts)
    assert all(embedded == "yes" for _, embedded in fonts), fonts
    assert len(save_png_pages(data, "catalog-notice")) == 1


def test_the_word_notice_sheet_carries_the_same_fields(make_item):
    from docx import Document

    data = render_notice_docx(make_item(), now=WHEN)
    text = docx_text(data)
    for expected in EXPECTED + LABELS:
        assert expected in text, expected
    doc = Document(io.BytesIO(data))
    table = doc.tables[0]
    assert [r.cells[0].text for r in table.rows] == LABELS
    materials = table.rows[LABELS.index("申请材料")].cells[1]
    assert [p.text for p in materials.paragraphs] == ["1. 本人身份证原件", "2. 房屋租赁合同", "3. 本人银行卡"]
    assert round(doc.sections[0].page_width.mm) == 210


def test_an_empty_optional_field_prints_a_dash(org, make_item):
    item = make_item(cooperating_units="", policy_basis="")
    text = docx_text(render_notice_docx(item, now=WHEN))
    assert "协办单位\n—" in text and "政策依据\n—" in text
