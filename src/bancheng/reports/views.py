"""The analysis report pages: the list with the generate form, one report (figures, charts, findings
form, publish), and its PDF and Word downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bancheng.domain.errors import Conflict, DomainError, NotFound
from bancheng.domain.kpi import PeriodKind
from bancheng.domain.reports import period_code
from bancheng.reports import permissions, selectors, services
from bancheng.reports import render as rendering
from bancheng.reports.charts import charts_of
from bancheng.reports.choices import FINDINGS
from bancheng.reports.forms import FindingsForm, GenerateForm
from bancheng.reports.models import AnalysisReport

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    reports = selectors.reports_visible_to(request.user)
    may_write = permissions.may_write(request.user)
    return render(
        request,
        "reports/list.html",
        {"reports": reports, "may_write": may_write, "form": GenerateForm() if may_write else None},
    )


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    permissions.require_writer(request.user)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        reports = selectors.reports_visible_to(request.user)
        return render(
            request, "reports/list.html", {"reports": reports, "may_write": True, "form": form}, status=400
        )
    branch_id = form.cleaned_data.get("branch")
    branch = selectors.report_branches().filter(pk=branch_id).first() if branch_id else None
    try:
        report = services.generate_report(
            form.cleaned_data["kind"],
            form.cleaned_data["start"],
            branch=branch,
            actor=request.user,
            now=timezone.now(),
        )
    except DomainError as refused:
        if refused.status != 400:
            raise
        messages.error(request, refused.message)
        return redirect("reports:list")
    messages.success(request, f"已生成{report.figures['title']}（草稿），请填写研判意见后发布")
    return redirect("reports:detail", pk=report.pk)


def _detail(request: HttpRequest, report: AnalysisReport, form: FindingsForm | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    editable = permissions.may_write(request.user) and report.is_draft
    if editable and form is None:
        initial = {code: text for code, _, text in report.findings()}
        form = FindingsForm(initial={**initial, "version": report.version})
    context = rendering.context(report, charts_of(report.figures))
    context.update({"form": form if editable else None, "editable": editable})
    return render(request, "reports/detail.html", context, status=status)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_report_for_user(request.user, pk))


def _conflict(request: HttpRequest, report: AnalysisReport, error: Conflict) -> HttpResponse:
    return render(request, "reports/conflict.html", {"report": report, "error": error}, status=409)


@login_required
@require_POST
def edit_findings(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_writer(request.user)
    report = selectors.get_report_for_user(request.user, pk)
    form = FindingsForm(request.POST)
    if not form.is_valid():
        return _detail(request, report, form, status=400)
    findings = {code: form.cleaned_data[code] for code, _ in FINDINGS}
    try:
        services.save_findings(
            report,
            findings,
            actor=request.user,
            now=timezone.now(),
            expected_version=form.cleaned_data["version"],
        )
    except Conflict as stale:
        return _conflict(request, report, stale)
    except DomainError as refused:
        if refused.status != 400:
            raise
        messages.error(request, refused.message)
        return redirect("reports:detail", pk=pk)
    messages.success(request, "研判意见已保存")
    return redirect("reports:detail", pk=pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_writer(request.user)
    report = selectors.get_report_for_user(request.user, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.publish_report(report, actor=request.user, now=timezone.now(), expected_version=version)
    except Conflict as stale:
        return _conflict(request, report, stale)
    except DomainError as refused:
        if refused.status != 400:
            raise
        messages.error(request, refused.message)
        return redirect("reports:detail", pk=pk)
    messages.success(request, "研判通报已发布")
    return redirect("reports:detail", pk=pk)


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = selectors.get_report_for_user(request.user, pk)
    stem = f"report-{period_code(PeriodKind(report.period_kind), report.period_start)}"
    if report.branch_id:
        stem += f"-{report.branch.code}"
    if fmt == "pdf":
        response = HttpResponse(rendering.render_report_pdf(report), content_type="application/pdf")
    elif fmt == "docx":
        response = HttpResponse(rendering.render_report_docx(report), content_type=DOCX_TYPE)
    else:
        raise NotFound("report.bad_format", "只提供 PDF 和 Word 格式")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
