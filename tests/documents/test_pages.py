"""The print pages: who may download which form, masked or in full, and the reveal record of a full print;
the case-file downloads; the administrator's template pages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bancheng.audit.access import ACCESS_STREAM, REVEAL
from bancheng.audit.models import Event
from bancheng.documents.models import FormTemplate
from bancheng.documents.templates_docx import default_template
from tests.documents.conftest import build_full_case
from tests.documents.reading import docx_text, pdf_text
from tests.support import shanghai


@pytest.fixture
def case(org):
    from bancheng.policies.services import policy_of

    org.policy = policy_of(None)
    return build_full_case(org)


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def reveals(case):
    return Event.objects.filter(stream=ACCESS_STREAM, action=REVEAL, case=case)


def form_url(case, code, fmt="pdf", **target):
    query = "".join(f"?{k}={v}" for k, v in target.items())
    return f"/documents/cases/{case.pk}/forms/{code}.{fmt}{query}"


def test_the_officer_prints_the_intake_form_in_full_and_the_reveal_is_logged(client, org, case):
    response = get(client, org.officer, form_url(case, "intake"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "欧阳娜娜" in text and "13912340001" in text
    event = reveals(case).get()
    assert event.actor == org.officer and event.data == {"fields": ["requester_name", "requester_phone"]}


def test_the_officer_downloads_every_form_offered_on_the_case_page(client, org, case):
    client.force_login(org.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    links = [
        form_url(case, "intake"),
        form_url(case, "intake", "docx"),
        form_url(case, "one_time_notice", notice=case.pauses.get().pk),
        form_url(case, "supervision_notice", notice=case.notices.get().pk),
        form_url(case, "feedback_letter"),
        *[form_url(case, "transfer", assignment=a.pk) for a in case.assignments.all()],
    ]
    for link in links:
        assert f'href="{link}"' in page
        assert client.get(link).status_code == 200, link


def test_the_word_download_carries_the_case_data(client, org, case):
    response = get(
        client, org.officer, form_url(case, "transfer", "docx", assignment=case.assignments.first().pk)
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert case.number in text and "欧阳娜娜" in text and case.assignments.first().unit.name in text


def test_a_handler_prints_the_transfer_form_of_their_own_assignment_only(client, org, case):
    own = case.assignments.get(unit__code=org.unit("DEP-1").code)
    other = case.assignments.exclude(pk=own.pk).get()
    assert get(client, org.handler, form_url(case, "transfer", assignment=own.pk)).status_code == 200
    assert get(client, org.handler, form_url(case, "transfer", assignment=other.pk)).status_code == 403
    assert get(client, org.handler, form_url(case, "intake")).status_code == 403
    assert get(client, org.handler, form_url(case, "feedback_letter")).status_code == 403
    assert reveals(case).count() == 1


def test_a_unit_prints_the_supervision_notice_addressed_to_it_only(client, org, case):
    notice = case.notices.get()
    assert (
        get(client, org.unithead, form_url(case, "supervision_notice", notice=notice.pk)).status_code == 200
    )
    assert (
        get(client, org.handler2, form_url(case, "supervision_notice", notice=notice.pk)).status_code == 403
    )


def test_a_handler_of_a_unit_outside_the_case_gets_not_found(client, org, case):
    assert get(client, org.handler3, form_url(case, "intake")).status_code == 404


def test_the_auditor_reads_the_forms_masked_and_no_reveal_is_logged(client, org, case):
    response = get(client, org.auditor, form_url(case, "intake"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "欧阳娜娜" not in text and "欧阳**" in text and "139****0001" in text
    assert not reveals(case).exists()


def test_the_unit_sees_only_its_own_forms_on_the_case_page(client, org, case):
    client.force_login(org.handler)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    own = case.assignments.get(unit__code=org.unit("DEP-1").code)
    assert form_url(case, "transfer", assignment=own.pk) in page
    assert form_url(case, "intake") not in page


def test_a_target_of_another_case_or_garbage_is_not_found(client, org, case):
    other = build_full_case(org)
    a = other.assignments.first()
    assert get(client, org.officer, form_url(case, "transfer", assignment=a.pk)).status_code == 404
    assert get(client, org.officer, form_url(case, "transfer", assignment="x")).status_code == 404
    assert get(client, org.officer, form_url(case, "invoice")).status_code == 400


def test_a_form_without_its_data_is_a_clear_refusal(client, org):
    fresh = org.register(shanghai(2026, 3, 2, 9, 0))
    response = get(client, org.officer, form_url(fresh, "feedback_letter"))
    assert response.status_code == 400
    assert "该诉求件尚未反馈结果" in response.content.decode()


# ---- the case file ---------------------------------------------------------------------------------------


@pytest.fixture
def archived(org, case):
    from bancheng.cases import actions as act

    act.archive_case(case, actor=org.officer, now=shanghai(2026, 3, 9, 9, 0))
    case.refresh_from_db()
    return case


def test_an_archived_case_page_links_its_case_file(client, org, archived):
    client.force_login(org.officer)
    page = client.get(f"/cases/{archived.pk}/").content.decode()
    assert f"/documents/cases/{archived.pk}/casefile.pdf" in page
    assert f"/documents/cases/{archived.pk}/casefile.zip" in page
    response = client.get(f"/documents/cases/{archived.pk}/casefile.pdf")
    assert response.status_code == 200
    assert archived.archive_number in pdf_text(b"".join(response.streaming_content))
    assert reveals(archived).count() == 1
    assert client.get(f"/documents/cases/{archived.pk}/casefile.zip").status_code == 200


def test_only_the_window_and_the_office_open_the_case_file(client, org, archived):
    url = f"/documents/cases/{archived.pk}/casefile.pdf"
    assert get(client, org.office, url).status_code == 200
    assert get(client, org.handler, url).status_code == 403
    assert get(client, org.auditor, url).status_code == 403
    assert get(client, org.handler3, url).status_code == 404


def test_a_case_not_archived_has_no_case_file(client, org, case):
    assert get(client, org.officer, f"/documents/cases/{case.pk}/casefile.pdf").status_code == 404


# ---- templates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["officer", "office", "auditor", "handler", "leader"])
def test_only_the_administrator_manages_templates(client, org, username):
    assert get(client, org.people[username], "/documents/templates/").status_code == 403


def test_the_administrator_downloads_edits_and_uploads_a_template(client, org):
    client.force_login(org.admin)
    page = client.get("/documents/templates/").content.decode()
    assert "“办不成事”反映窗口受理单" in page and "系统默认模板" in page
    form = client.get("/documents/templates/intake/upload/").content.decode()
    assert "requester_name" in form and "反映人姓名" in form and "必填" in form
    response = client.get("/documents/templates/intake/default.docx")
    assert response.status_code == 200 and response.content == default_template("intake")
    upload = SimpleUploadedFile("受理单.docx", response.content)
    assert client.post("/documents/templates/intake/upload/", {"file": upload}).status_code == 302
    assert FormTemplate.objects.get().version == 1
    assert "第 1 版" in client.get("/documents/templates/").content.decode()
    assert client.get("/documents/templates/intake/current.docx").content == default_template("intake")


def test_a_refused_upload_shows_the_problems_in_chinese(client, org):
    from docx import Document

    doc = Document(io.BytesIO(default_template("intake")))
    doc.add_paragraph("{{ secret_field }}")
    out = io.BytesIO()
    doc.save(out)
    client.force_login(org.admin)
    response = client.post(
        "/documents/templates/intake/upload/", {"file": SimpleUploadedFile("x.docx", out.getvalue())}
    )
    assert response.status_code == 400
    assert "模板中有本表单没有的字段：secret_field" in response.content.decode()
    assert not FormTemplate.objects.exists()


def test_an_upload_that_is_not_docx_is_refused(client, org):
    client.force_login(org.admin)
    response = client.post(
        "/documents/templates/intake/upload/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.7")}
    )
    assert response.status_code == 400 and "模板须为 Word（.docx）文件" in response.content.decode()
