"""The weekly filing pages: the office's board of weeks × branches, a branch's own filings with 立即报备,
one filing's page, and its two files (each opening logged)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bancheng.calendars.services import get_calendar
from bancheng.domain.errors import DomainError, NotFound, PermissionDenied
from bancheng.domain.filing import FilingState, recent_weeks, week_end
from bancheng.filings import permissions, selectors
from bancheng.filings.choices import FilingFile
from bancheng.filings.services import file_week, open_filing_file
from bancheng.org.models import Unit


@login_required
def filing_home(request: HttpRequest) -> HttpResponse:
    """The board for the office, leaders and the auditor; the branch's own filings for a case officer."""
    user = request.user
    permissions.require_filings_page(user)
    now = timezone.now()
    own = permissions.own_branch_id(user)
    on_board = permissions.may_see_board(user)
    branch_ids = None if on_board else [own] if own is not None else []
    rows = selectors.board(now, get_calendar(), branch_ids=branch_ids)
    cells = [c for r in rows for c in r.cells]
    context: dict[str, Any] = {
        "rows": rows,
        "branches": [c.branch for c in rows[0].cells] if rows else [],
        "on_board": on_board,
        "missing": sum(c.state is FilingState.MISSING for c in cells),
        "filed_late": sum(c.state is FilingState.FILED_LATE for c in cells),
        "reminders": selectors.recent_reminders(branch_ids),
    }
    if own is not None:
        context["own_branch"] = Unit.objects.get(pk=own)
        context["open_weeks"] = _week_choices(selectors.weeks_open_for_filing(own, now))
    elif permissions.files_for_any_branch(user):  # the center office files for any branch
        context["file_branches"] = selectors.filing_branches()
        context["open_weeks"] = _week_choices(recent_weeks(now, selectors.BOARD_WEEKS))
    return render(request, "filings/home.html", context)


def _week_choices(weeks: list[date]) -> list[tuple[str, str]]:
    return [(w.isoformat(), f"{w:%Y-%m-%d} 至 {week_end(w):%Y-%m-%d}") for w in weeks]


@login_required
@require_POST
def file_now(request: HttpRequest) -> HttpResponse:
    """立即报备: file a branch's ended week now; a week already filed opens its filing (never filed twice)."""
    user = request.user
    own = permissions.own_branch_id(user)
    try:
        week = date.fromisoformat(request.POST.get("week", "").strip())
    except ValueError:
        messages.error(request, "请选择要报备的周")
        return redirect("filings:home")
    branch_id = own if own is not None else _int(request.POST.get("branch"))
    branch = selectors.filing_branches().filter(pk=branch_id).first() if branch_id is not None else None
    if branch is None:
        if own is None and not permissions.files_for_any_branch(user):
            raise PermissionDenied("filing.forbidden", "只有本单位办理专员或中心办公室可以报备")
        messages.error(request, "请选择报备单位")
        return redirect("filings:home")
    now = timezone.now()
    try:
        filing = file_week(branch, week, actor=user, now=now)
    except PermissionDenied:
        raise
    except DomainError as refused:
        messages.error(request, refused.message)
        return redirect("filings:home")
    if filing.filed_at == now:  # made by this request; otherwise an earlier filing was returned
        messages.success(
            request, f"{branch.name} {week:%Y-%m-%d} 起一周已报备中心办公室（{filing.case_count} 件）"
        )
    else:
        messages.info(request, f"{branch.name} {week:%Y-%m-%d} 起一周此前已报备，不再重复报备")
    return redirect("filings:detail", pk=filing.pk)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


@login_required
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing(pk)
    if filing is None:
        raise NotFound("filing.not_found", "周报备不存在")
    permissions.require_open(request.user, filing.branch_id)
    return render(
        request,
        "filings/detail.html",
        {
            "filing": filing,
            "week_end": week_end(filing.week_start),
            "may_download": permissions.may_open_files(request.user, filing.branch_id),
            "reminders": selectors.reminders_of(filing.branch_id, filing.week_start),
        },
    )


@login_required
def filing_file(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """Download the filed ledger (XLSX) or intake forms (PDF); logged as ``open_filing`` in the access stream."""
    filing = selectors.get_filing(pk)
    if filing is None or kind not in FilingFile.values:
        raise NotFound("filing.not_found", "周报备不存在")
    handle = open_filing_file(filing, kind, actor=request.user, now=timezone.now())
    label, ext, content_type = (
        ("台账", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if kind == FilingFile.LEDGER
        else ("受理单", "pdf", "application/pdf")
    )
    name = (
        f"{filing.branch.name}_{filing.week_start:%Y%m%d}-{week_end(filing.week_start):%Y%m%d}_{label}.{ext}"
    )
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
