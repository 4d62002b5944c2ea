"""The report as PDF (read back with pypdf) and Word (python-docx): title, sections, tables, charts,
findings."""

import io
import re

from docx import Document
from pypdf import PdfReader

from bancheng.reports.charts import BLUE, GREY, RED
from bancheng.reports.render import render_report_docx, render_report_pdf
from bancheng.reports.services import save_findings
from tests.reports.conftest import AS_OF, FINDINGS

TITLE = "“办不成事”反映窗口研判通报（2026年10月）"
SECTIONS = [
    "一、总体情况",
    "二、主要问题类型及反复反映问题",
    "三、承办单位办理情况",
    "四、提级办理情况",
    "五、研判意见",
]


def with_findings(report, org):
    return save_findings(report, FINDINGS, actor=org.office, now=AS_OF, expected_version=report.version)


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


def fill_colours(data):
    """The fill colours drawn on the pages: WeasyPrint draws an SVG chart straight into the page's content
    stream as vector paths (no image XObject), so a chart shows as fills in the chart's colours."""
    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        content = page.get_contents().get_data().decode("latin-1")
        found |= set(re.findall(r"([\d.]+ [\d.]+ [\d.]+) rg", content))
    return found


def rg(hex_colour):
    return " ".join(f"{int(hex_colour[i : i + 2], 16) / 255:.6f}".rstrip("0").rstrip(".") for i in (1, 3, 5))


def test_the_pdf_has_the_title_the_sections_and_the_findings(report, october):
    org, cases = october
    data = render_report_pdf(with_findings(report, org))
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert TITLE in text
    for heading in [*SECTIONS, "总体研判", "问题根源分析", "整改要求与工作建议"]:
        assert heading in text
    for finding in FINDINGS.values():
        assert finding in text
    assert "归集部" in text and cases["c1"].number in text
    assert "13800000001" not in text


def test_the_pdf_draws_the_four_charts(report):
    data = render_report_pdf(report)
    assert {rg(BLUE), rg(RED), rg(GREY)} <= fill_colours(data)  # trend and categories, late units, levels
    text = pdf_text(data)
    for caption in ("图1受理件数走势", "图2主要问题类型", "图3承办单位超期件数", "图4各处理层级诉求件数"):
        assert caption in text


def test_a_draft_pdf_says_it_is_a_draft_and_what_is_left_to_write(report):
    text = pdf_text(render_report_pdf(report))
    assert "草稿，未发布" in text and "待中心办公室填写" in text


def test_the_docx_has_headings_tables_pictures_and_the_findings(report, october):
    org, _ = october
    doc = Document(io.BytesIO(render_report_docx(with_findings(report, org))))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == TITLE
    for heading in SECTIONS:
        assert heading in headings
    assert len(doc.inline_shapes) == 4
    assert len(doc.tables) >= 6
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "归集部" in cells and "提取" in cells and "张* 138****0001" in cells
    body = "\n".join(p.text for p in doc.paragraphs)
    for finding in FINDINGS.values():
        assert finding in body
    assert "（草稿，未发布）" in body


def test_an_empty_month_prints_without_charts_and_says_so(org):
    from datetime import date

    from bancheng.reports.services import generate_report

    empty = generate_report("month", date(2001, 1, 1), actor=org.office, now=AS_OF)
    text = pdf_text(render_report_pdf(empty))
    assert "本期没有受理诉求件" in text and "没有超期或被督办的单位" in text
    doc = Document(io.BytesIO(render_report_docx(empty)))
    assert len(doc.inline_shapes) == 1  # the trend still shows the months before
