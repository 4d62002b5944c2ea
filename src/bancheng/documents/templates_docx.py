"""Word templates of the printed forms: the default template of each form (generated here with python-docx
from the form's layout, so it always matches the fields), the check of an administrator's upload, its
versions, and rendering with docxtpl.

A template uses the form's field names as Jinja variables: ``{{ requester_name }}``. An upload is refused
when it cannot be read, uses a field the form does not have, leaves out a required field, or fails to render
with example values."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from bancheng.documents import fields as f
from bancheng.documents.fields import FormData
from bancheng.documents.models import FormTemplate
from bancheng.domain.errors import DomainError
from bancheng.domain.policy import Policy

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
EAST_ASIAN_FONT = "宋体"  # what Word users have; the PDF uses Noto


# ---- the default template ------------------------------------------------------------------------------


@cache
def default_template(form_code: str) -> bytes:
    """The built-in Word template of a form: title, number, and the form's table with one variable per field."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    form = f.spec(form_code)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("{{ title }}")
    run.bold = True
    run.font.size = Pt(16)
    number = doc.add_paragraph("编号：{{ number }}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in form.layout:
        cells = table.add_row().cells
        if len(row) == 1:
            _fill(cells[0], cells[1].merge(cells[3]), row[0])
        else:
            _fill(cells[0], cells[1], row[0])
            _fill(cells[2], cells[3], row[1])
    for row in table.rows:
        row.cells[0].width = Mm(32)
    if form.qr:
        doc.add_paragraph("{{ qr_code }}")
        doc.add_paragraph("扫码查询办理进度：{{ progress_url }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _fill(label_cell: Any, value_cell: Any, c: f.Cell) -> None:
    label_cell.paragraphs[0].add_run(c.label).bold = True
    first = True
    for prefix, name in c.parts:
        paragraph = value_cell.paragraphs[0] if first else value_cell.add_paragraph()
        paragraph.add_run(f"{prefix}{{{{ {name} }}}}")
        first = False


# ---- rendering -----------------------------------------------------------------------------------------


def render_docx(template: bytes, data: FormData) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    tpl = DocxTemplate(io.BytesIO(template))
    context = data.context()
    if data.progress_url:
        png = io.BytesIO()
        _qr(data.progress_url).save(png, kind="png", scale=4, border=2)
        png.seek(0)
        context["qr_code"] = InlineImage(tpl, png, width=Mm(28))
    tpl.render(context, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def _qr(url: str) -> Any:
    import segno

    return segno.make(url, error="m")


def template_in_force(form_code: str) -> bytes:
    current = FormTemplate.objects.filter(form_code=form_code, in_force=True).first()
    if current is None:
        return default_template(form_code)
    with current.file.open("rb") as fh:
        return bytes(fh.read())


# ---- checking and storing an upload --------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateCheck:
    """What is wrong with an uploaded template, in Chinese; empty ``problems`` means it is accepted."""

    used: frozenset[str]
    unknown: tuple[str, ...]
    missing: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_template(form_code: str, content: bytes, policy: Policy) -> TemplateCheck:
    """Parse the upload with docxtpl, compare its variables with the form's fields, try it with example
    values."""
    from docxtpl import DocxTemplate

    form = f.spec(form_code)
    known = form.template_fields
    if not content:
        return TemplateCheck(frozenset(), (), (), ("文件是空的",))
    if len(content) > MAX_TEMPLATE_BYTES:
        return TemplateCheck(frozenset(), (), (), ("模板文件超过 5 MB",))
    try:
        used = frozenset(DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables())
    except Exception as exc:  # any parse failure of a foreign file is the uploader's problem
        reason = (
            "模板中的字段标记有语法错误"
            if type(exc).__name__ == "TemplateSyntaxError"
            else "不是有效的 Word（.docx）文件"
        )
        return TemplateCheck(frozenset(), (), (), (f"无法读取模板：{reason}",))
    unknown = tuple(sorted(used - set(known)))
    missing = tuple(sorted(form.required - used))
    problems = []
    if unknown:
        problems.append("模板中有本表单没有的字段：" + "、".join(unknown))
    if missing:
        problems.append("模板缺少必填字段：" + "、".join(f"{name}（{known[name]}）" for name in missing))
    if not problems:
        try:
            render_docx(content, f.sample_fields(form_code, policy))
        except Exception:  # a template that cannot render is refused, whatever the reason
            problems.append("模板无法用示例数据生成文档，请检查字段标记")
    return TemplateCheck(used, unknown, missing, tuple(problems))


def upload_template(
    form_code: str, *, content: bytes, name: str, actor: Any, now: datetime, policy: Policy
) -> FormTemplate:
    """Accept a checked template as the form's next version, in force from now; a refused one writes
    nothing and raises ``template.invalid`` with the problems."""
    check = check_template(form_code, content, policy)
    if not check.ok:
        raise DomainError("template.invalid", "；".join(check.problems), {"problems": list(check.problems)})
    with transaction.atomic():
        versions = FormTemplate.objects.select_for_update().filter(form_code=form_code)
        last = max((t.version for t in versions), default=0)
        FormTemplate.objects.filter(form_code=form_code, in_force=True).update(in_force=False)
        template = FormTemplate(
            form_code=form_code,
            version=last + 1,
            original_name=name[:200],
            checksum=hashlib.sha256(content).hexdigest(),
            uploaded_by=actor,
            uploaded_at=now,
            in_force=True,
        )
        template.file.save(f"{form_code}-v{last + 1}.docx", ContentFile(content), save=False)
        template.save(force_insert=True)
    return template
