"""The report pages as each role: the office generates, edits and publishes; customer service and leaders
read published reports; everyone else is refused (403), never a 500."""

import io
from datetime import timedelta

import pytest
from docx import Document

from bancheng.reports.models import AnalysisReport
from bancheng.reports.services import publish_report, save_findings
from tests.reports.conftest import AS_OF, FINDINGS

REFUSED = ["officer", "handler", "unithead", "auditor", "admin"]


@pytest.fixture
def as_user(client, org):
    def sign_in(username):
        client.force_login(org.people[username])
        return client

    return sign_in


@pytest.fixture
def published(report, october):
    org, _ = october
    save_findings(report, FINDINGS, actor=org.office, now=AS_OF, expected_version=1)
    return publish_report(report, actor=org.office, now=AS_OF + timedelta(hours=1), expected_version=2)


@pytest.mark.parametrize("who", REFUSED)
def test_other_roles_are_refused_the_reports(as_user, report, who):
    client = as_user(who)
    assert client.get("/reports/").status_code == 403
    assert client.get(f"/reports/{report.pk}/").status_code == 403
    assert client.get(f"/reports/{report.pk}/download.pdf").status_code == 403
    assert client.post("/reports/generate/", {"kind": "month", "period": "2026-10"}).status_code == 403


def test_the_office_sees_drafts_and_the_generate_form(as_user, report):
    page = as_user("office").get("/reports/").content.decode()
    assert "“办不成事”反映窗口研判通报（2026年10月）" in page and "草稿" in page
    assert 'action="/reports/generate/"' in page


@pytest.mark.parametrize("who", ["leader", "service"])
def test_leaders_and_customer_service_read_only_published_reports(as_user, report, who):
    client = as_user(who)
    assert "研判通报（2026年10月）" not in client.get("/reports/").content.decode()
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.get(f"/reports/{report.pk}/download.docx").status_code == 404


@pytest.mark.parametrize("who", ["leader", "service"])
def test_a_published_report_is_read_with_its_findings_and_no_form(as_user, published, who):
    client = as_user(who)
    assert "研判通报（2026年10月）" in client.get("/reports/").content.decode()
    page = client.get(f"/reports/{published.pk}/").content.decode()
    assert FINDINGS["causes"] in page and "保存研判意见" not in page and "发布通报" not in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert 'action="/reports/generate/"' not in client.get("/reports/").content.decode()


def test_the_office_generates_a_report_from_the_page(as_user, october):
    response = as_user("office").post(
        "/reports/generate/", {"kind": "quarter", "period": "2026Q4", "branch": ""}
    )
    report = AnalysisReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert report.figures["title"] == "“办不成事”反映窗口研判通报（2026年第四季度）"


def test_a_bad_period_is_a_chinese_message(as_user, org):
    response = as_user("office").post("/reports/generate/", {"kind": "month", "period": "2026-13"})
    assert response.status_code == 400 and "无法识别的月份" in response.content.decode()
    assert not AnalysisReport.objects.exists()


def test_the_office_edits_the_findings_of_a_draft(as_user, report):
    client = as_user("office")
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'name="version" value="1"' in page
    response = client.post(f"/reports/{report.pk}/findings/", {**FINDINGS, "version": 1})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.findings_measures == FINDINGS["measures"] and report.version == 2


def test_a_stale_findings_form_gets_the_chinese_conflict_page(as_user, report):
    client = as_user("office")
    client.post(f"/reports/{report.pk}/findings/", {**FINDINGS, "version": 1})
    response = client.post(f"/reports/{report.pk}/findings/", {"overview": "旧页面上的修改", "version": 1})
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()
    report.refresh_from_db()
    assert report.findings_overview == FINDINGS["overview"]


def test_publishing_without_findings_says_what_is_missing(as_user, report):
    client = as_user("office")
    response = client.post(f"/reports/{report.pk}/publish/", {"version": 1}, follow=True)
    assert "请先填写研判意见" in response.content.decode()
    report.refresh_from_db()
    assert report.is_draft


def test_the_office_publishes_and_the_report_becomes_read_only(as_user, report):
    client = as_user("office")
    client.post(f"/reports/{report.pk}/findings/", {**FINDINGS, "version": 1})
    client.post(f"/reports/{report.pk}/publish/", {"version": 2})
    report.refresh_from_db()
    assert not report.is_draft
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "保存研判意见" not in page and "已发布" in page
    response = client.post(f"/reports/{report.pk}/findings/", {"overview": "改", "version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.findings_overview == FINDINGS["overview"]


def test_the_downloads_are_a_pdf_and_a_word_file(as_user, published):
    client = as_user("leader")
    pdf = client.get(f"/reports/{published.pk}/download.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="report-2026-10.pdf"' in pdf["Content-Disposition"]
    docx = client.get(f"/reports/{published.pk}/download.docx")
    doc = Document(io.BytesIO(docx.content))
    assert doc.paragraphs[0].text == "“办不成事”反映窗口研判通报（2026年10月）"
    assert client.get(f"/reports/{published.pk}/download.xlsx").status_code == 404


def test_the_nav_shows_reports_to_the_office_and_not_to_an_officer(as_user, report):
    assert 'href="/reports/"' in as_user("office").get("/reports/").content.decode()
    assert 'href="/reports/"' not in as_user("officer").get("/cases/").content.decode()
