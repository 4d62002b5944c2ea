"""Every form of a demo case under the shenyang and shanting presets, printed as PDF and DOCX and read back
against the case data."""

from __future__ import annotations

import re

import pytest

from bancheng.documents import fields as f
from bancheng.documents.forms import (
    form_fields,
    forms_of_case,
    qr_data_uri,
    render_form_docx,
    render_form_pdf,
    render_forms_pdf,
    sheet,
)
from bancheng.domain.errors import DomainError
from tests.documents.conftest import build_full_case
from tests.documents.reading import (
    docx_images,
    docx_text,
    pdf_fonts,
    pdf_page_count,
    pdf_pages_text,
    pdf_text,
    save_png_pages,
)
from tests.support import shanghai

# The case's class and the limit of its transfers under each preset (seed 000: 困难 5 days; seed 001: 一般 2).
EXPECTED = {
    "shenyang": {"class": "困难问题", "others": ["一般问题", "特殊问题"], "limit": "5个工作日办结"},
    "shanting": {"class": "一般事项", "others": ["简单事项", "复杂事项"], "limit": "2个工作日办结"},
}


def ticked(text: str, label: str) -> bool:
    return re.search(rf"☑\s*{label}", text) is not None


def unticked(text: str, label: str) -> bool:
    return re.search(rf"□\s*{label}", text) is not None


def offer(case, code):
    return next(o for o in forms_of_case(case) if o.code == code)


def test_the_intake_form_carries_the_case_and_ticks_its_class(full_case, preset_org):
    expected = EXPECTED[preset_org.policy.preset]
    text = pdf_text(render_form_pdf(full_case, "intake"))
    title = next(c.label for c in preset_org.policy.forms if c.code == "intake")
    assert title in text
    for value in (full_case.number, "欧阳娜娜", "13912340001", "王敏", "2026-03-02 09:30", "需要老花镜"):
        assert value in text
    assert ticked(text, expected["class"])
    assert all(unticked(text, other) for other in expected["others"])
    assert ticked(text, "转办")
    for a in full_case.assignments.select_related("unit"):
        assert a.unit.name in text


def test_a_transfer_form_names_its_unit_handler_and_ticked_time_limit(full_case, preset_org):
    expected = EXPECTED[preset_org.policy.preset]
    first = full_case.assignments.order_by("pk").first()
    text = pdf_text(render_form_pdf(full_case, "transfer", assignment=first))
    for value in (
        full_case.number,
        "欧阳娜娜",
        "13912340001",
        first.unit.name,
        "赵强",
        "请核实退件原因并答复",
    ):
        assert value in text
    assert ticked(text, expected["limit"])
    assert ticked(text, expected["class"])
    assert ticked(text, "满意")
    assert "已核实并更正单位信息" in text
    assert "2026 年 3 月 5 日" in text
    assert preset_org.unit("EXT-TAX").name not in text


def test_each_assignment_has_its_own_transfer_form(full_case):
    offers = [o for o in forms_of_case(full_case) if o.code == "transfer"]
    assert len(offers) == 2
    texts = [pdf_text(render_form_pdf(full_case, "transfer", assignment=o.assignment)) for o in offers]
    assert offers[0].assignment.unit.name in texts[0] and offers[1].assignment.unit.name in texts[1]
    assert "纳税记录无误" in texts[1] and "纳税记录无误" not in texts[0]


def test_the_supervision_notice_names_the_unit_the_requirement_and_its_time_limit(full_case):
    notice = full_case.notices.get()
    text = pdf_text(render_form_pdf(full_case, "supervision_notice", notice=notice))
    for value in (
        notice.number,
        full_case.number,
        notice.unit.name,
        "陈晨",
        "该事项办理进度缓慢",
        "请加快办理并书面答复",
    ):
        assert value in text
    assert "2个工作日内书面答复" in text
    assert "已安排专人办理" in text


def test_the_one_time_notice_lists_every_missing_material(full_case):
    text = pdf_text(render_form_pdf(full_case, "one_time_notice"))
    assert "1. 身份证复印件" in text and "2. 银行卡" in text
    assert "欧阳娜娜" in text and "2026-03-02 09:45" in text


def test_the_feedback_letter_gives_the_answer_and_ticks_the_satisfaction(full_case, preset_org):
    text = pdf_text(render_form_pdf(full_case, "feedback_letter"))
    for value in (full_case.number, "欧阳娜娜", "已电话告知办理结果", "2026-03-05 15:00", "2026-03-06 10:00"):
        assert value in text
    assert ticked(text, "满意")
    assert all(unticked(text, c.label) for c in preset_org.policy.satisfaction_scale if c.code != "satisfied")


def test_every_form_embeds_the_noto_cjk_font_and_is_rendered_to_png(full_case, preset_org):
    for i, o in enumerate(forms_of_case(full_case)):
        data = render_form_pdf(full_case, o.code, assignment=o.assignment, notice=o.notice)
        fonts = pdf_fonts(data)
        assert any("Noto" in name and "CJK" in name for name, _ in fonts)
        assert all(embedded == "yes" for _, embedded in fonts), fonts
        pages = save_png_pages(data, f"{preset_org.policy.preset}-{i:02d}-{o.code}")
        assert len(pages) == pdf_page_count(data) == 1


def test_the_docx_carries_the_same_values_as_the_pdf(full_case):
    for o in forms_of_case(full_case):
        data = form_fields(full_case, o.code, assignment=o.assignment, notice=o.notice)
        text = docx_text(render_form_docx(full_case, o.code, assignment=o.assignment, notice=o.notice))
        assert data.title in text and f"编号：{full_case.number}" in text
        for name, value in data.values.items():
            for line in value.splitlines():
                assert line in text, (o.code, name, line)


def test_the_intake_docx_has_the_qr_code_image(full_case):
    assert docx_images(render_form_docx(full_case, "intake")) == 1
    assert docx_images(render_form_docx(full_case, "feedback_letter")) == 0


def test_the_intake_qr_code_leads_to_the_public_progress_page(full_case, settings):
    settings.BANCHENG_PUBLIC_URL = "https://banshi.example.gov.cn/"
    data = form_fields(full_case, "intake")
    url = f"https://banshi.example.gov.cn/progress/{full_case.number}/"
    assert data.progress_url == url
    assert sheet(data)["qr"] == qr_data_uri(url)
    assert url in pdf_text(render_form_pdf(full_case, "intake"))


def test_a_masked_form_hides_the_name_and_phone(full_case):
    text = pdf_text(render_form_pdf(full_case, "intake", masked=True))
    assert "欧阳娜娜" not in text and "13912340001" not in text
    assert "欧阳**" in text and "139****0001" in text


def test_a_registered_case_offers_only_the_intake_form(preset_org):
    case = preset_org.register(shanghai(2026, 3, 2, 9, 0))
    assert [o.code for o in forms_of_case(case)] == ["intake"]
    with pytest.raises(DomainError) as refused:
        render_form_pdf(case, "feedback_letter")
    assert refused.value.code == "form.no_feedback"


def test_the_forms_offered_follow_the_preset_and_the_case_data(full_case, preset_org):
    codes = [o.code for o in forms_of_case(full_case)]
    assert codes.count("transfer") == 2
    assert {"intake", "supervision_notice", "one_time_notice", "feedback_letter"} <= set(codes)
    titles = {o.code: o.title for o in forms_of_case(full_case)}
    assert titles["transfer"] == next(c.label for c in preset_org.policy.forms if c.code == "transfer")


def test_several_cases_print_one_intake_form_per_page(preset_org, artifacts):
    cases = [
        preset_org.register(shanghai(2026, 3, 2, 9, i), requester_name=name)
        for i, name in enumerate(["甲一", "乙二", "丙三"])
    ]
    data = render_forms_pdf(cases, "intake")
    pages = pdf_pages_text(data)
    assert pdf_page_count(data) == 3
    for page, case, name in zip(pages, cases, ["甲一", "乙二", "丙三"], strict=True):
        assert case.number in page and name in page
    save_png_pages(data, f"{preset_org.policy.preset}-weekly-intake")


def test_an_unknown_form_is_refused(full_case):
    with pytest.raises(DomainError) as refused:
        render_form_pdf(full_case, "invoice")
    assert refused.value.code == "form.unknown"


def test_a_transfer_form_of_another_case_is_refused(preset_org, full_case):
    other = build_full_case(preset_org)
    with pytest.raises(DomainError) as refused:
        render_form_pdf(full_case, "transfer", assignment=other.assignments.first())
    assert refused.value.code == "form.assignment"


def test_every_form_code_has_a_layout_using_only_its_fields():
    for code in f.FORM_CODES:
        form = f.spec(code)
        used = {name for row in form.layout for c in row for name in c.fields}
        assert used == set(form.fields), code
        assert form.required <= set(form.template_fields)


def test_the_pdf_renderer_fetches_no_files(tmp_path):
    import io

    import segno
    from pypdf import PdfReader

    from bancheng.documents.forms import html_to_pdf

    image = tmp_path / "secret.png"
    segno.make("secret").save(str(image), scale=4)
    local = html_to_pdf(f'<p>x</p><img src="file://{image}">')
    inline = html_to_pdf(f'<p>x</p><img src="{segno.make("secret").png_data_uri(scale=4)}">')
    assert len(PdfReader(io.BytesIO(local)).pages[0].images) == 0
    assert len(PdfReader(io.BytesIO(inline)).pages[0].images) == 1
