"""Reading analysis reports, scoped to the viewer: the office sees drafts and published reports, customer
service and leaders only published ones."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from bancheng.domain.errors import NotFound
from bancheng.org.choices import UnitKind
from bancheng.org.models import Unit
from bancheng.reports import permissions
from bancheng.reports.choices import ReportState
from bancheng.reports.models import AnalysisReport


def reports_visible_to(user: Any) -> QuerySet[AnalysisReport]:
    permissions.require_reader(user)
    reports = AnalysisReport.objects.select_related("branch", "generated_by", "published_by")
    if permissions.may_write(user):
        return reports
    return reports.filter(state=ReportState.PUBLISHED)


def get_report_for_user(user: Any, pk: int) -> AnalysisReport:
    report = reports_visible_to(user).filter(pk=pk).first()
    if report is None:
        raise NotFound("report.not_found", "研判通报不存在或尚未发布")
    return report


def report_branches() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.BRANCH, active=True).order_by("code")
