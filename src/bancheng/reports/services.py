"""Writing analysis reports: generate (or regenerate a draft's figures), save the findings, publish.
Each runs in one transaction, locks the report row, checks the version the caller showed, and appends one
event on the ``report`` audit stream."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction

from bancheng.audit.chain import append_event
from bancheng.domain import reports as rules
from bancheng.domain.errors import Conflict, DomainError
from bancheng.domain.kpi import PeriodKind, period_start
from bancheng.org.choices import UnitKind
from bancheng.reports import figures as fig
from bancheng.reports import permissions
from bancheng.reports.choices import FINDINGS, ReportState
from bancheng.reports.models import AnalysisReport

REPORT_STREAM = "report"
MAX_FINDINGS = 20000


def _check_branch(branch: Any) -> None:
    if branch is not None and branch.kind != UnitKind.BRANCH:
        raise DomainError(
            "report.not_branch", "研判通报的范围应为全中心或一个管理部/分中心", {"unit": branch.pk}
        )


def generate_report(
    kind: PeriodKind | str, start: date, *, branch: Any = None, actor: Any = None, now: datetime
) -> AnalysisReport:
    """Generate the report of a month or quarter (any day in it), of one branch or of the whole center
    (``branch`` None), from the cases as they are at ``now``. A draft already made for the same period and
    scope gets fresh figures and keeps its findings (version + 1); a published one is refused
    (``report.published``). ``actor`` None is the command line. Event ``generate_report``."""
    kind = rules.require_kind(str(kind))
    if actor is not None:
        permissions.require_writer(actor)
    _check_branch(branch)
    first = period_start(kind, start)
    figures = fig.compute(kind, first, branch, as_of=now)
    try:
        with transaction.atomic():
            report = (
                AnalysisReport.objects.select_for_update()
                .filter(period_kind=kind.value, period_start=first, branch=branch)
                .first()
            )
            if report is not None and not report.is_draft:
                raise DomainError(
                    "report.published",
                    f"{rules.period_label(kind, first)}的研判通报已发布，不能重新生成",
                    {"report": report.pk},
                )
            regenerated = report is not None
            if report is None:
                report = AnalysisReport(period_kind=kind.value, period_start=first, branch=branch, version=0)
            report.figures = figures
            report.generated_by = actor
            report.generated_at = now
            report.updated_at = now
            report.version += 1
            report.save()
            _event(report, "generate_report", actor, now, regenerated=regenerated)
    except IntegrityError:  # the same report generated at the same moment elsewhere: theirs stands
        existing = AnalysisReport.objects.filter(
            period_kind=kind.value, period_start=first, branch=branch
        ).first()
        if existing is None:
            raise
        return existing
    return report


def _locked(report: AnalysisReport | int, expected_version: int | None) -> AnalysisReport:
    pk = report if isinstance(report, int) else report.pk
    locked = AnalysisReport.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            "report.conflict",
            "该研判通报已被他人修改，请刷新后重试",
            {"expected_version": expected_version, "version": locked.version},
        )
    if not locked.is_draft:
        raise DomainError("report.published", "研判通报已发布，不能再修改", {"report": locked.pk})
    return locked


def save_findings(
    report: AnalysisReport | int,
    findings: dict[str, str],
    *,
    actor: Any,
    now: datetime,
    expected_version: int | None = None,
) -> AnalysisReport:
    """The office writes the findings (研判意见) of a draft: each of ``FINDINGS`` by code; a code left out
    keeps its text. Refused on a published report or a stale version. Event ``edit_report_findings``."""
    permissions.require_writer(actor)
    known = {code for code, _ in FINDINGS}
    unknown = set(findings) - known
    if unknown:
        raise DomainError("report.unknown_findings", "未知的研判意见栏目", {"codes": sorted(unknown)})
    for code, text in findings.items():
        if len(text) > MAX_FINDINGS:
            raise DomainError(
                "report.findings_too_long", f"研判意见每栏不超过 {MAX_FINDINGS} 字", {"code": code}
            )
    with transaction.atomic():
        locked = _locked(report, expected_version)
        changed = {}
        for code, text in findings.items():
            field = f"findings_{code}"
            text = text.replace("\r\n", "\n").strip()
            if getattr(locked, field) != text:
                changed[field] = text
                setattr(locked, field, text)
        if not changed:
            return locked
        locked.version += 1
        locked.updated_at = now
        locked.save(update_fields=[*changed, "version", "updated_at"])
        _event(locked, "edit_report_findings", actor, now, fields=sorted(changed))
    return locked


def publish_report(
    report: AnalysisReport | int, *, actor: Any, now: datetime, expected_version: int | None = None
) -> AnalysisReport:
    """Publish a draft: customer service and leaders can read it, and nothing in it changes any more. The
    findings must be written first (``report.findings_missing``). Event ``publish_report``."""
    permissions.require_writer(actor)
    with transaction.atomic():
        locked = _locked(report, expected_version)
        empty = [label for code, label, text in locked.findings() if not text.strip()]
        if empty:
            raise DomainError(
                "report.findings_missing", "请先填写研判意见：" + "、".join(empty), {"missing": empty}
            )
        locked.state = ReportState.PUBLISHED
        locked.published_by = actor
        locked.published_at = now
        locked.version += 1
        locked.updated_at = now
        locked.save(update_fields=["state", "published_by", "published_at", "version", "updated_at"])
        _event(locked, "publish_report", actor, now)
    return locked


def _event(report: AnalysisReport, action: str, actor: Any, now: datetime, **data: Any) -> None:
    append_event(
        stream=REPORT_STREAM,
        action=action,
        at=now,
        actor=actor,
        data={
            "report": report.pk,
            "period_kind": report.period_kind,
            "period_start": report.period_start,
            "branch": report.branch_id,
            "version": report.version,
            **data,
        },
    )
