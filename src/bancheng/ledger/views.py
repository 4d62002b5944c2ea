"""The ledger pages: export for any filter (directly when small, in the background when large, with a
progress bar), layouts of the administrator's own, and the import of an old Excel ledger."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bancheng.domain.errors import DomainError, NotFound, PermissionDenied
from bancheng.ledger import services
from bancheng.ledger.exports import write_ledger
from bancheng.ledger.forms import ExportForm, ImportForm, LayoutForm
from bancheng.ledger.imports import import_ledger
from bancheng.ledger.layouts import available_layouts, get_layout, save_layout
from bancheng.ledger.models import ExportState, LedgerLayout
from bancheng.ledger.selectors import ledger_cases
from bancheng.org.choices import Role

IMPORT_ROLES = {Role.ADMIN, Role.CENTER_OFFICE}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _page(request: HttpRequest, form: ExportForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "ledger/index.html",
        {
            "form": form,
            "exports": services.exports_of(request.user)[:10],
            "limit": services.DIRECT_LIMIT,
            "can_import": request.user.role in IMPORT_ROLES,  # type: ignore[union-attr]
            "can_design": request.user.role == Role.ADMIN,  # type: ignore[union-attr]
        },
        status=status,
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    services.require_export(request.user)
    return _page(request, ExportForm(may_unmask=services.may_unmask(request.user)))


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """导出 Excel / 导出 CSV: a small ledger comes back at once, a large one is queued."""
    user: Any = request.user
    services.require_export(user)
    form = ExportForm(request.POST, may_unmask=services.may_unmask(user))
    fmt = request.POST.get("fmt", "xlsx")
    if fmt not in CONTENT_TYPES:
        form.add_error(None, "文件格式只能是 Excel 或 CSV")
    if not form.is_valid():
        return _page(request, form, status=400)
    masked = not form.cleaned_data.get("full", False)
    layout = get_layout(form.cleaned_data["layout"])
    f = services.scoped_filter(user, form.ledger_filter(), masked=masked)
    cases = ledger_cases(user, f)
    total = cases.count()
    if total > services.DIRECT_LIMIT:
        job = services.request_export(user, f, layout, fmt=fmt, masked=masked, rows_total=total)
        messages.success(request, f"台账共 {total} 行，正在后台生成，完成后可在此下载")
        return redirect("ledger:export_status", pk=job.pk)
    out = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    rows = write_ledger(cases, layout.columns, out, fmt=fmt, masked=masked)
    if not masked:
        services.record_export(actor=user, f=f, layout=layout.code, fmt=fmt, rows=rows, via="page")
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=services.export_name(layout.code, fmt),
        content_type=CONTENT_TYPES[fmt],
    )


@login_required
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.get_export_for(request.user, pk)
    template = "ledger/_progress.html" if request.htmx else "ledger/export.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = services.get_export_for(request.user, pk)
    if job.state != ExportState.DONE or not job.file:
        raise NotFound("ledger.export_not_ready", "台账尚未生成完成")
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.download_name,
        content_type=CONTENT_TYPES[job.fmt],
    )


# ---- layouts of the administrator's own -----------------------------------------------------------------


def _require_admin(user: Any) -> None:
    if getattr(user, "role", None) != Role.ADMIN:
        raise PermissionDenied("ledger.forbidden", "只有系统管理员可以设置台账格式")


@login_required
def layouts(request: HttpRequest) -> HttpResponse:
    _require_admin(request.user)
    return render(request, "ledger/layouts.html", {"layouts": available_layouts()})


@login_required
def layout_edit(request: HttpRequest, code: str = "") -> HttpResponse:
    _require_admin(request.user)
    existing = LedgerLayout.objects.filter(code=code).first() if code else None
    if code and existing is None:
        raise NotFound("ledger.unknown_layout", "台账格式不存在或是预设格式（预设格式随政策发布）")
    columns = existing.ledger_columns if existing else ()
    initial = {"code": existing.code, "name": existing.name} if existing else {}
    if request.method == "POST":
        form = LayoutForm(request.POST, columns=columns)
        if form.is_valid():
            try:
                saved = save_layout(
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    columns=form.columns(),
                    actor=request.user,
                    layout=existing,
                )
            except DomainError as error:
                for problem in error.details.get("problems", [error.message]):
                    form.add_error(None, problem)
            else:
                messages.success(request, f"已保存台账格式“{saved.name}”")
                return redirect("ledger:layouts")
        return render(request, "ledger/layout_form.html", {"form": form, "existing": existing}, status=400)
    form = LayoutForm(initial=initial, columns=columns)
    return render(request, "ledger/layout_form.html", {"form": form, "existing": existing})


# ---- import ----------------------------------------------------------------------------------------------


def _require_import(user: Any) -> None:
    if getattr(user, "role", None) not in IMPORT_ROLES:
        raise PermissionDenied("ledger.import_forbidden", "只有系统管理员和中心办公室可以导入历史台账")


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "ledger" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stored(user: Any, token: str) -> Path:
    """The upload this user made, by its token; never a path the browser names."""
    try:
        parsed = uuid.UUID(token)
    except (ValueError, TypeError):
        raise NotFound("ledger.upload_not_found", "上传的文件已失效，请重新上传") from None
    path = _upload_dir() / f"{user.pk}-{parsed}.xlsx"
    if not path.is_file():
        raise NotFound("ledger.upload_not_found", "上传的文件已失效，请重新上传")
    return path


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload → dry-run report → confirm: the confirmed import reads the stored upload again."""
    user: Any = request.user
    _require_import(user)
    if request.method != "POST":
        return render(request, "ledger/import.html", {"form": ImportForm()})
    if "token" in request.POST:
        return _confirm_import(request, user)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "ledger/import.html", {"form": form}, status=400)
    token = str(uuid.uuid4())
    path = _upload_dir() / f"{user.pk}-{token}.xlsx"
    with path.open("wb") as stored:
        for chunk in form.cleaned_data["file"].chunks():
            stored.write(chunk)
    name = Path(form.cleaned_data["file"].name).name
    try:
        report = import_ledger(
            path,
            layout=get_layout(form.cleaned_data["layout"]),
            branch=form.cleaned_data["branch"],
            actor=user,
            dry_run=True,
            source_name=name,
        )
    except DomainError as error:
        path.unlink(missing_ok=True)
        form.add_error("file", error.message)
        return render(request, "ledger/import.html", {"form": form}, status=400)
    if not report.ok:
        path.unlink(missing_ok=True)
    return render(
        request,
        "ledger/import.html",
        {"form": ImportForm(), "report": report, "token": token, "name": name, "chosen": form.cleaned_data},
    )


def _confirm_import(request: HttpRequest, user: Any) -> HttpResponse:
    path = _stored(user, request.POST.get("token", ""))
    name = Path(request.POST.get("name", "") or path.name).name[:200]
    report = import_ledger(
        path,
        layout=get_layout(request.POST.get("layout", "")),
        branch=request.POST.get("branch", ""),
        actor=user,
        dry_run=False,
        source_name=name,
    )
    if report.ok:
        path.unlink(missing_ok=True)
        messages.success(request, report.summary)
        return redirect("ledger:import")
    return render(request, "ledger/import.html", {"form": ImportForm(), "report": report}, status=400)
