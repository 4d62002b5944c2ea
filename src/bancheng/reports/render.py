"""An analysis report as an A4 PDF (WeasyPrint through ``documents.forms.html_to_pdf``, the charts as SVG)
and as a Word document (python-docx, the charts as PNG inline pictures). Both are drawn from the report's
figures snapshot and its findings, so a published report prints the same every time."""

from __future__ import annotations

import base64
import io
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string

from bancheng.documents.forms import html_to_pdf
from bancheng.documents.templates_docx import EAST_ASIAN_FONT
from bancheng.domain.calendar import TZ
from bancheng.reports.charts import Chart, charts_of
from bancheng.reports.models import AnalysisReport

ISSUER = "中心办公室"
NUMERALS = "一二三四五六七八九十"


def findings_of(report: AnalysisReport) -> list[dict[str, str]]:
    return [
        {"numeral": NUMERALS[i], "code": code, "heading": heading, "text": text}
        for i, (code, heading, text) in enumerate(report.findings())
    ]


def _when(at: datetime | None) -> str:
    return at.astimezone(TZ).strftime("%Y年%m月%d日") if at is not None else ""


def _as_of(figures: dict[str, Any]) -> str:
    try:
        return datetime.fromisoformat(figures["as_of"]).astimezone(TZ).strftime("%Y-%m-%d %H:%M")
    except (KeyError, ValueError):
        return ""


def chart_uris(charts: list[Chart]) -> dict[str, str]:
    return {c.code: "data:image/svg+xml;base64," + base64.b64encode(c.svg).decode("ascii") for c in charts}


def context(report: AnalysisReport, charts: list[Chart] | None = None) -> dict[str, Any]:
    charts = charts_of(report.figures) if charts is None else charts
    return {
        "report": report,
        "f": report.figures,
        "charts": chart_uris(charts),
        "findings": findings_of(report),
        "as_of": _as_of(report.figures),
        "issuer": ISSUER,
        "dated": _when(report.published_at or report.generated_at),
    }


def render_report_pdf(report: AnalysisReport) -> bytes:
    return html_to_pdf(render_to_string("reports/pdf/report.html", context(report)))


# ---- Word ----------------------------------------------------------------------------------------------


def render_report_docx(report: AnalysisReport) -> bytes:
    """The same sections as the PDF: title, headings 一 to 五, the figures as tables, the charts as inline
    pictures, the findings as paragraphs."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    f = report.figures
    charts = {c.code: c for c in charts_of(f)}
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        style = doc.styles[name]
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    doc.styles["Normal"].font.size = Pt(11)

    heading = doc.add_heading(f["title"], level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta = doc.add_paragraph(
        f"范围：{f['scope']} · 统计期间：{f['first_day']} 至 {f['last_day']} · 数据截至 {_as_of(f)}"
    )
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.is_draft:
        draft = doc.add_paragraph()
        draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = draft.add_run("（草稿，未发布）")
        run.bold = True
        run.font.color.rgb = RGBColor(0xB0, 0, 0)
    doc.add_paragraph(
        f"根据“办不成事”反映窗口分析研判机制，中心办公室对{f['period_label']}“办不成事”问题办理、疑难问题化解及"
        "各相关部门单位接件办件情况进行了全面总结、定期研判，现将有关情况通报如下。"
    )

    v = f["volume"]
    doc.add_heading("一、总体情况", level=1)
    doc.add_paragraph(
        f"{f['period_label']}，{f['scope']}“办不成事”反映窗口共受理诉求件 {v['registered']} 件，上期"
        f"（{v['previous_label']}）{v['previous']} 件，{v['change_shown']}。本期受理的诉求件中，已办结 "
        f"{v['closed']} 件，尚在办理 {v['open']} 件，不予受理 {v['out_of_scope']} 件。"
    )
    if v["by_channel"]:
        _table(doc, [row[0] for row in v["by_channel"]], [[row[1] for row in v["by_channel"]]], "受理渠道")
    _table(
        doc,
        ["指标", "本期", "分子/分母"],
        [[r["label"], r["shown"], r["detail"]] for r in f["rates"]],
        "主要指标",
    )
    _picture(doc, charts.get("trend"), "图1 受理件数走势")

    doc.add_heading("二、主要问题类型及反复反映问题", level=1)
    if f["categories"]:
        _table(
            doc,
            ["排名", "事项分类", "件数", "占比"],
            [[i + 1, c["label"], c["count"], c["share"]] for i, c in enumerate(f["categories"])],
            f"问题类型前{len(f['categories'])}位",
        )
    else:
        doc.add_paragraph("本期没有受理诉求件。")
    _picture(doc, charts.get("categories"), "图2 主要问题类型")
    rep = f["repeated"]
    doc.add_heading("（一）同类问题多人反映", level=2)
    doc.add_paragraph(
        f"同一事项分类、同一所办事项，本期有 {rep['min_requesters']} 名及以上不同诉求人反映的，共 "
        f"{rep['same_problem_count']} 项。"
    )
    if rep["same_problem"]:
        _table(
            doc,
            ["事项分类", "所办事项", "反映人数", "诉求件编号"],
            [
                [p["category"], p["business"], p["requesters"], "、".join(p["cases"])]
                for p in rep["same_problem"]
            ],
        )
    doc.add_heading("（二）同一诉求人多次反映", level=2)
    doc.add_paragraph(
        f"同一诉求人本期反映 {rep['min_repeats']} 次及以上的，共 {rep['same_requester_count']} 人。"
    )
    if rep["same_requester"]:
        _table(
            doc,
            ["诉求人", "次数", "诉求件编号"],
            [[r["requester"], len(r["cases"]), "、".join(r["cases"])] for r in rep["same_requester"]],
        )

    doc.add_heading("三、承办单位办理情况", level=1)
    if f["late_units"]:
        doc.add_paragraph(f"本期有 {len(f['late_units'])} 个承办单位存在超期未办结或被督办情况：")
        _table(
            doc,
            ["承办单位", "超期件数", "到期时限数", "按期整改率", "督办单数"],
            [[u["unit"], u["late"], u["decided"], u["on_time_rate"], u["notices"]] for u in f["late_units"]],
        )
    else:
        doc.add_paragraph("本期各承办单位均按期办理，没有超期或被督办的单位。")
    _picture(doc, charts.get("late_units"), "图3 承办单位超期件数")

    doc.add_heading("四、提级办理情况", level=1)
    _table(
        doc,
        ["处理层级", "诉求件数", "其中尚在办理"],
        [[f"{lv['level']}级 · {lv['label']}", lv["cases"], lv["open"]] for lv in f["escalation"]],
    )
    doc.add_paragraph("按本期受理的诉求件在生成通报时所处的处理层级统计。")
    _picture(doc, charts.get("escalation"), "图4 各处理层级诉求件数")

    doc.add_heading("五、研判意见", level=1)
    for item in findings_of(report):
        doc.add_heading(f"（{item['numeral']}）{item['heading']}", level=2)
        for line in (item["text"] or "（待中心办公室填写）").splitlines() or [""]:
            doc.add_paragraph(line)
    sign = doc.add_paragraph(f"{ISSUER}\n{_when(report.published_at or report.generated_at)}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc: Any, header: list[Any], rows: list[list[Any]], caption: str = "") -> None:
    if caption:
        doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)


def _picture(doc: Any, chart: Chart | None, caption: str) -> None:
    if chart is None:
        return
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc.add_picture(io.BytesIO(chart.png), width=Mm(150))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(caption, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER
