"""The catalog's pages: the list (every staff member), an item with its versions and its notice sheet, and the
editing pages (administrators and the center office): new, edit, deactivate / reactivate, Excel import with
a dry run, and export."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bancheng.catalog import actions, excel, notice
from bancheng.catalog import selectors as sel
from bancheng.catalog.forms import FilterForm, ImportForm, ItemForm
from bancheng.catalog.permissions import can_edit_catalog, require_catalog_editor, require_catalog_reader
from bancheng.domain import catalog as rules
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError, NotFound

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PENDING_DIR = "catalog-imports"
SESSION_KEY = "catalog_import"


def _download(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def _labels(codes: list[str], categories: dict[str, str]) -> str:
    return "、".join(rules.category_labels(codes, categories))


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    require_catalog_reader(request.user)
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or "active"
    editor = can_edit_catalog(request.user)
    items = sel.service_items(
        text=data.get("q", ""),
        category=data.get("category", ""),
        include_inactive=editor and status != "active",
    )
    if editor and status == "inactive":
        items = [item for item in items if not item.is_active]
    categories = actions.policy_categories()
    rows = [(item, _labels(item.categories, categories)) for item in items]
    return render(request, "catalog/list.html", {"form": form, "rows": rows, "editor": editor})


def _item_for(request: HttpRequest, pk: int) -> Any:
    item = sel.get_service_item(pk)
    if not item.is_active and not can_edit_catalog(request.user):
        raise NotFound("catalog.not_found", "服务事项不存在或已停用", {"item": pk})
    return item


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_catalog_reader(request.user)
    item = _item_for(request, pk)
    categories = actions.policy_categories()
    sheet = notice.notice_sheet(item)
    return render(
        request,
        "catalog/detail.html",
        {
            "item": item,
            "sheet": sheet,
            "category_labels": _labels(item.categories, categories),
            "versions": sel.item_versions(item),
            "editor": can_edit_catalog(request.user),
        },
    )


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    require_catalog_reader(request.user)
    item = _item_for(request, pk)
    version = sel.get_item_version(item, number)
    categories = actions.policy_categories()
    snapshot = version.snapshot
    fields = []
    for name in rules.FIELDS:
        value = snapshot.get(name, "")
        if name == "materials":
            value = list(value or [])
        elif name == "categories":
            value = _labels(list(value or []), categories)
        fields.append((rules.LABELS[name], name, value))
    return render(
        request,
        "catalog/version.html",
        {"item": item, "version": version, "fields": fields, "editor": can_edit_catalog(request.user)},
    )


def _show_refusal(form: Any, error: DomainError) -> None:
    problems = error.details.get("fields") or {}
    for name, message in problems.items():
        form.add_error(name if name in form.fields else None, message)
    if not problems:
        form.add_error(None, error.message)


@login_required
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_catalog_editor(request.user)
    item = sel.get_service_item(pk) if pk is not None else None
    title = f"编辑事项：{item.name}" if item else "新增服务事项"
    if request.method != "POST":
        return render(
            request, "catalog/form.html", {"form": ItemForm(item=item), "item": item, "title": title}
        )
    form = ItemForm(request.POST, item=item)
    if form.is_valid():
        try:
            if item is None:
                item = actions.create_service_item(
                    actor=request.user, note=form.cleaned_data["note"], **form.arguments()
                )
                messages.success(request, f"已新增事项“{item.name}”")
            else:
                before = item.version
                item = actions.update_service_item(
                    item,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    note=form.cleaned_data["note"],
                    **form.arguments(),
                )
                if item.version == before:
                    messages.info(request, "内容没有变化，未生成新版本")
                else:
                    messages.success(request, f"已保存为第 {item.version} 版")
        except DomainError as error:
            _show_refusal(form, error)
        else:
            return redirect("catalog:detail", pk=item.pk)
    return render(request, "catalog/form.html", {"form": form, "item": item, "title": title}, status=400)


@login_required
@require_POST
def item_active(request: HttpRequest, pk: int) -> HttpResponse:
    require_catalog_editor(request.user)
    active = request.POST.get("active") == "1"
    item = actions.set_service_item_active(pk, active, actor=request.user)
    messages.success(request, f"已{'启用' if active else '停用'}事项“{item.name}”")
    return redirect("catalog:detail", pk=item.pk)


@login_required
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    require_catalog_reader(request.user)
    item = _item_for(request, pk)
    return _download(
        notice.render_notice_pdf(item), "application/pdf", notice.notice_filename(item, "pdf"), inline=True
    )


@login_required
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    require_catalog_reader(request.user)
    item = _item_for(request, pk)
    return _download(notice.render_notice_docx(item), DOCX_TYPE, notice.notice_filename(item, "docx"))


@login_required
def export(request: HttpRequest) -> HttpResponse:
    require_catalog_reader(request.user)
    items = sel.service_items(include_inactive=can_edit_catalog(request.user))
    day = timezone.now().astimezone(TZ).date().isoformat()
    return _download(excel.export_workbook(items), XLSX_TYPE, f"事项目录-{day}.xlsx")


# ---- import: upload and dry run, then apply the same file ---------------------------------------------


def _pending_path(token: str) -> str:
    return f"{PENDING_DIR}/{token}.xlsx"


def _pending(request: HttpRequest, token: str) -> bytes | None:
    held = request.session.get(SESSION_KEY) or {}
    if not token or held.get("token") != token or not default_storage.exists(_pending_path(token)):
        return None
    with default_storage.open(_pending_path(token), "rb") as fh:
        return bytes(fh.read())


def _drop_pending(request: HttpRequest) -> None:
    held = request.session.pop(SESSION_KEY, None) or {}
    token = held.get("token", "")
    if token and default_storage.exists(_pending_path(token)):
        default_storage.delete(_pending_path(token))


@login_required
def import_items(request: HttpRequest) -> HttpResponse:
    """Upload: the dry run's report; the file is held (for this user's session) until applied or replaced."""
    require_catalog_editor(request.user)
    if request.method != "POST":
        return render(request, "catalog/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "catalog/import.html", {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > excel.MAX_BYTES:
        form.add_error("file", "文件超过 5 MB")
        return render(request, "catalog/import.html", {"form": form}, status=400)
    content = upload.read()
    report = excel.read_workbook(content)
    token = ""
    if report.ok:
        _drop_pending(request)
        token = uuid.uuid4().hex
        default_storage.save(_pending_path(token), ContentFile(content))
        request.session[SESSION_KEY] = {"token": token, "name": upload.name[:200]}
    context = {"form": ImportForm(), "report": report, "token": token, "filename": upload.name}
    return render(request, "catalog/import.html", context, status=200 if report.ok else 400)


@login_required
@require_POST
def import_apply(request: HttpRequest) -> HttpResponse:
    require_catalog_editor(request.user)
    content = _pending(request, request.POST.get("token", ""))
    if content is None:
        messages.error(request, "预检结果已失效，请重新上传文件")
        return redirect("catalog:import")
    try:
        report = excel.apply_workbook(content, actor=request.user)
    except DomainError as error:
        _drop_pending(request)
        messages.error(request, error.message)
        return redirect("catalog:import")
    _drop_pending(request)
    messages.success(request, report.summary())
    return redirect("catalog:list")
