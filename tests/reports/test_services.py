"""Generating, editing the findings of and publishing a report: who may, what is refused, what is kept."""

from datetime import date, timedelta

import pytest

from bancheng.audit.models import Event
from bancheng.domain.errors import Conflict, DomainError, PermissionDenied
from bancheng.reports.choices import ReportState
from bancheng.reports.models import AnalysisReport
from bancheng.reports.services import generate_report, publish_report, save_findings
from tests.reports.conftest import AS_OF, FINDINGS

LATER = AS_OF + timedelta(hours=1)


def test_generating_makes_a_draft_with_the_figures_snapshot_and_an_event(report, october):
    org, _ = october
    assert report.state == ReportState.DRAFT and report.version == 1
    assert report.generated_by == org.office and report.generated_at == AS_OF
    assert report.figures["volume"]["registered"] == 4
    event = Event.objects.get(stream="report", action="generate_report")
    assert event.data["report"] == report.pk and event.data["regenerated"] is False


def test_a_quarter_is_generated_from_any_day_of_it(october):
    org, _ = october
    q = generate_report("quarter", date(2026, 11, 30), actor=org.office, now=AS_OF)
    assert q.period_start == date(2026, 10, 1) and q.figures["period_label"] == "2026年第四季度"


def test_only_the_center_office_generates(october):
    org, _ = october
    for who in ("leader", "service", "officer", "auditor", "admin"):
        with pytest.raises(PermissionDenied):
            generate_report("month", date(2026, 10, 1), actor=org.people[who], now=AS_OF)
    assert not AnalysisReport.objects.exists()


def test_regenerating_a_draft_refreshes_the_figures_and_keeps_the_findings(report, october):
    org, _ = october
    save_findings(report, FINDINGS, actor=org.office, now=AS_OF, expected_version=1)
    org.register(AS_OF.replace(month=10, day=20), requester_name="钱七", requester_phone="13800000007")
    again = generate_report("month", date(2026, 10, 5), actor=org.office, now=LATER)
    assert again.pk == report.pk and again.version == 3
    assert again.figures["volume"]["registered"] == 5
    assert again.findings_overview == FINDINGS["overview"]
    assert AnalysisReport.objects.count() == 1


def test_the_findings_are_saved_on_a_draft_with_the_version_shown(report, october):
    org, _ = october
    saved = save_findings(report, FINDINGS, actor=org.office, now=LATER, expected_version=1)
    assert saved.version == 2 and saved.findings_causes == FINDINGS["causes"]
    event = Event.objects.get(stream="report", action="edit_report_findings")
    assert event.data["fields"] == ["findings_causes", "findings_measures", "findings_overview"]


def test_a_stale_version_is_a_conflict_and_nothing_is_written(report, october):
    org, _ = october
    save_findings(report, {"overview": "第一稿"}, actor=org.office, now=LATER, expected_version=1)
    with pytest.raises(Conflict) as stale:
        save_findings(report, {"overview": "另一稿"}, actor=org.office, now=LATER, expected_version=1)
    assert stale.value.code == "report.conflict"
    report.refresh_from_db()
    assert report.findings_overview == "第一稿" and report.version == 2


def test_publishing_needs_every_findings_section(report, october):
    org, _ = october
    save_findings(report, {"overview": "只写了总体研判"}, actor=org.office, now=LATER, expected_version=1)
    with pytest.raises(DomainError) as missing:
        publish_report(report, actor=org.office, now=LATER, expected_version=2)
    assert missing.value.code == "report.findings_missing"
    assert "问题根源分析" in missing.value.message
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_published_report_is_read_only_and_never_regenerated(report, october):
    org, _ = october
    save_findings(report, FINDINGS, actor=org.office, now=LATER, expected_version=1)
    published = publish_report(report, actor=org.office, now=LATER, expected_version=2)
    assert published.state == ReportState.PUBLISHED
    assert (published.published_by, published.published_at) == (org.office, LATER)
    with pytest.raises(DomainError) as edit:
        save_findings(published, {"overview": "改"}, actor=org.office, now=LATER)
    assert edit.value.code == "report.published"
    with pytest.raises(DomainError) as again:
        generate_report("month", date(2026, 10, 1), actor=org.office, now=LATER)
    assert again.value.code == "report.published"
    with pytest.raises(DomainError):
        publish_report(published, actor=org.office, now=LATER)


def test_a_branch_report_is_separate_from_the_center_report(report, october):
    org, _ = october
    hq = generate_report("month", date(2026, 10, 1), branch=org.unit("HQ"), actor=org.office, now=AS_OF)
    assert hq.pk != report.pk and hq.figures["scope"] == "直属管理部"
    with pytest.raises(DomainError) as bad:
        generate_report("month", date(2026, 10, 1), branch=org.unit("DEP-GJ"), actor=org.office, now=AS_OF)
    assert bad.value.code == "report.not_branch"


def test_a_week_is_not_a_report_period(org):
    with pytest.raises(DomainError) as bad:
        generate_report("week", date(2026, 10, 1), actor=org.office, now=AS_OF)
    assert bad.value.code == "report.bad_kind"


def test_the_command_line_generates_without_a_person(october):
    made = generate_report("month", date(2026, 10, 1), now=AS_OF)
    assert made.generated_by is None and made.is_draft
