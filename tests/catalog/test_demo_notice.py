"""The demo catalog's notice sheets tell the place and the phone of every item (seed 004), never "—"."""

from __future__ import annotations

import re

import pytest

from bancheng.catalog.models import ServiceItem
from bancheng.catalog.notice import notice_sheet, render_notice_docx, render_notice_pdf
from tests.catalog.conftest import WHEN
from tests.demo_data import load_demo
from tests.documents.reading import docx_text, pdf_text

pytestmark = pytest.mark.django_db


def test_every_demo_item_has_a_place_and_a_phone_and_its_sheets_print_them():
    load_demo("shenyang")
    items = list(ServiceItem.objects.order_by("code"))
    assert items
    for item in items:
        rows = {row.label: row.lines for row in notice_sheet(item, now=WHEN).rows}
        assert rows["办理地点"] == (item.place,) and rows["咨询电话"] == (item.phone,), item.code
    item = ServiceItem.objects.get(code="GJJ-DK-02")  # its own place: the housing exchange hall
    for text in (pdf_text(render_notice_pdf(item, now=WHEN)), docx_text(render_notice_docx(item, now=WHEN))):
        flat = re.sub(r"\s+", "", text)
        assert "办理地点房产交易大厅住房公积金窗口" in flat and "咨询电话12329" in flat
