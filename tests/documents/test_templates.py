"""Word templates: the default of each form, an administrator's upload checked against the form's fields
(unknown and missing fields reported in Chinese, broken files refused) and versioned."""

from __future__ import annotations

import io

import pytest
from docx import Document

from bancheng.documents import fields as f
from bancheng.documents.forms import render_form_docx
from bancheng.documents.models import FormTemplate
from bancheng.documents.templates_docx import check_template, default_template, upload_template
from bancheng.domain.errors import DomainError
from bancheng.policies.services import policy_of
from tests.documents.reading import docx_text
from tests.support import shanghai

NOW = shanghai(2026, 3, 9, 9, 0)


def edited(code: str, replace: dict[str, str] | None = None, append: str = "") -> bytes:
    """The default template changed as an administrator would in Word."""
    doc = Document(io.BytesIO(default_template(code)))
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for c in row.cells:
                paragraphs.extend(c.paragraphs)
    for p in paragraphs:
        for run in p.runs:
            for old, new in (replace or {}).items():
                run.text = run.text.replace(old, new)
    if append:
        doc.add_paragraph(append)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("code", f.FORM_CODES)
def test_the_default_template_of_every_form_uses_every_field_and_is_accepted(code, org):
    check = check_template(code, default_template(code), policy_of(None))
    assert check.ok, check.problems
    assert set(f.spec(code).fields) <= check.used


def test_an_accepted_upload_becomes_the_template_in_force(org):
    from tests.documents.conftest import build_full_case

    org.policy = policy_of(None)
    case = build_full_case(org)
    template = upload_template(
        "intake",
        content=edited("intake", append="本中心自制受理单 {{ number }}"),
        name="受理单.docx",
        actor=org.admin,
        now=NOW,
        policy=policy_of(None),
    )
    assert (template.version, template.in_force) == (1, True)
    text = docx_text(render_form_docx(case, "intake"))
    assert f"本中心自制受理单 {case.number}" in text
    assert "欧阳娜娜" in text


def test_an_upload_with_an_unknown_field_is_refused_and_nothing_is_stored(org):
    content = edited("intake", append="{{ id_number }}")
    with pytest.raises(DomainError) as refused:
        upload_template(
            "intake", content=content, name="x.docx", actor=org.admin, now=NOW, policy=policy_of(None)
        )
    assert refused.value.code == "template.invalid"
    assert "模板中有本表单没有的字段：id_number" in refused.value.message
    assert not FormTemplate.objects.exists()


def test_an_upload_missing_a_required_field_is_refused_naming_it(org):
    content = edited("transfer", replace={"{{ unit }}": "（手写）"})
    check = check_template("transfer", content, policy_of(None))
    assert check.missing == ("unit",)
    assert "模板缺少必填字段：unit（承办单位）" in check.problems


def test_a_file_that_is_not_a_word_document_is_refused(org):
    check = check_template("intake", b"%PDF-1.7 not a docx", policy_of(None))
    assert not check.ok
    assert check.problems == ("无法读取模板：不是有效的 Word（.docx）文件",)


def test_a_template_with_a_broken_field_mark_is_refused(org):
    check = check_template("intake", edited("intake", append="{{ number "), policy_of(None))
    assert check.problems == ("无法读取模板：模板中的字段标记有语法错误",)


def test_uploads_are_versioned_and_only_the_newest_is_in_force(org):
    for i in (1, 2):
        upload_template(
            "transfer",
            content=edited("transfer", append=f"第{i}版"),
            name=f"v{i}.docx",
            actor=org.admin,
            now=NOW,
            policy=policy_of(None),
        )
    rows = list(FormTemplate.objects.filter(form_code="transfer").order_by("version"))
    assert [(t.version, t.in_force) for t in rows] == [(1, False), (2, True)]
    assert rows[1].checksum != rows[0].checksum
    from bancheng.documents.templates_docx import template_in_force

    assert "第2版" in docx_text(template_in_force("transfer"))
