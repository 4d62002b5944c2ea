"""The signed webhook the 12345 platform pushes work orders to."""

from __future__ import annotations

import io
import json
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bancheng.cases.permissions import WINDOW
from bancheng.domain.errors import DomainError, NotFound, PermissionDenied
from bancheng.domain.hotline import CASE_FIELDS, mapping_problems, signature_problem
from bancheng.hotline.exports import write_results
from bancheng.hotline.models import HotlineSettings, OutboundCall, OutboundState
from bancheng.hotline.outbound import RETRYABLE, retry_call
from bancheng.hotline.services import import_orders, read_orders
from bancheng.org.choices import Role
from bancheng.org.models import Staff

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SIGNATURE_HEADER = "X-Hotline-Signature"
TIMESTAMP_HEADER = "X-Hotline-Timestamp"

MESSAGES = {
    "hotline.not_configured": "未设置推送密钥",
    "hotline.bad_timestamp": "时间戳无效",
    "hotline.stale": "时间戳超出5分钟，请求已过期",
    "hotline.bad_signature": "签名不正确",
}


def _error(status: int, code: str, message: str, **extra: object) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, **extra}}, status=status)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> JsonResponse:
    config = HotlineSettings.current()
    problem = signature_problem(
        config.webhook_secret,
        request.headers.get(TIMESTAMP_HEADER, ""),
        request.headers.get(SIGNATURE_HEADER, ""),
        request.body,
        time.time(),
    )
    if problem:
        return _error(401, problem, MESSAGES[problem])
    if config.registrar is None:
        return _error(503, "hotline.no_registrar", "未设置推送工单的登记人")
    try:
        loaded = json.loads(request.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return _error(400, "hotline.bad_json", "请求体不是有效的 JSON")
    orders = loaded.get("orders", [loaded]) if isinstance(loaded, dict) else loaded
    if not isinstance(orders, list) or not all(isinstance(o, dict) for o in orders):
        return _error(400, "hotline.bad_json", "请求体应为工单对象或工单列表")
    try:
        report = import_orders(orders, actor=config.registrar, mapping=config.mapping)
    except DomainError as exc:
        return _error(400, exc.code, exc.message)
    results = [
        {
            "number": r.number,
            "status": r.status,
            "case": r.case_number,
            "errors": r.errors,
            "changes": r.changes,
        }
        for r in report.rows
    ]
    if report.has_errors:
        return _error(422, "hotline.invalid", "工单有误，未登记任何工单", orders=results)
    return JsonResponse({"orders": results})


# --- Pages: /hotline/ for the center office and customer service; settings for the administrator. ---

PAGE_ROLES = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.ADMIN}
SESSION_KEY = "hotline_pending"


def _require(user: Any, roles: set[str]) -> None:
    if not user.is_authenticated or getattr(user, "role", None) not in roles:
        raise PermissionDenied("hotline.forbidden", "无权使用12345工单功能")


def _registrar(user: Any, config: HotlineSettings) -> Any:
    return user if user.role in WINDOW else config.registrar


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Upload → dry run (each row: new / already received / changed / Chinese errors) → confirm."""
    user = request.user
    _require(user, PAGE_ROLES)
    config = HotlineSettings.current()
    context: dict[str, Any] = {
        "config": config,
        "is_admin": user.role == Role.ADMIN,
        "can_see_outbound": user.role in OUTBOX_ROLES,
        "error": "",
    }
    if request.method == "POST":
        try:
            if "confirm" in request.POST:
                pending = request.session.pop(SESSION_KEY, None)
                if not pending:
                    raise DomainError("hotline.nothing_pending", "没有待确认的导入，请重新上传文件")
                actor = _registrar(user, config)
                if actor is None:
                    raise DomainError("hotline.no_registrar", "请管理员先设置登记人")
                context["report"] = import_orders(pending["orders"], actor=actor, mapping=config.mapping)
                context["file_name"] = pending["name"]
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise DomainError("hotline.no_file", "请选择要导入的工单文件")
                orders = read_orders(upload.name, upload.read())
                report = import_orders(orders, actor=None, mapping=config.mapping, dry_run=True)
                context.update(report=report, file_name=upload.name, dry_run=True)
                if not report.has_errors and report.count("new"):
                    request.session[SESSION_KEY] = {
                        "name": upload.name,
                        "orders": json.loads(json.dumps(orders, default=str)),
                    }
        except DomainError as exc:
            context["error"] = exc.message
    return render(request, "hotline/index.html", context, status=400 if context["error"] else 200)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """The administrator's mapping (platform field → case field), webhook secret, registrar, outbound call."""
    _require(request.user, {Role.ADMIN})
    config = HotlineSettings.current()
    error = ""
    if request.method == "POST":
        try:
            mapping = json.loads(request.POST.get("mapping", ""))
            if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
                raise ValueError
        except ValueError:
            mapping, error = None, '字段对应须为 JSON 对象：{"平台字段名": "案件字段"}'
        if mapping is not None:
            problems = mapping_problems(mapping)
            error = "；".join(problems)
        registrar = Staff.objects.filter(username=request.POST.get("registrar", "").strip()).first()
        if (
            not error
            and request.POST.get("registrar", "").strip()
            and (registrar is None or registrar.role not in WINDOW)
        ):
            error = "登记人须为窗口人员、中心办公室或客服人员的用户名"
        if not error:
            config.mapping = mapping
            config.webhook_secret = request.POST.get("webhook_secret", "").strip()
            config.outbound_url = request.POST.get("outbound_url", "").strip()
            config.outbound_secret = request.POST.get("outbound_secret", "").strip()
            config.registrar = registrar
            config.save()
            return redirect("hotline:settings")
    context = {
        "config": config,
        "mapping_text": request.POST.get("mapping")
        if error
        else json.dumps(config.mapping, ensure_ascii=False, indent=2),
        "fields": CASE_FIELDS,
        "error": error,
    }
    return render(request, "hotline/settings.html", context, status=400 if error else 200)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    _require(request.user, PAGE_ROLES)
    month = request.GET.get("month", "")
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    out = io.BytesIO()
    try:
        write_results(month, out, fmt)
    except DomainError as exc:
        return render(
            request,
            "hotline/index.html",
            {"error": exc.message, "config": HotlineSettings.current()},
            status=400,
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv" if fmt == "csv" else XLSX)
    response["Content-Disposition"] = f'attachment; filename="hotline-{month}.{fmt}"'
    return response


# --- The outbound calls (results sent back to the platform): center office and administrator. ---

OUTBOX_ROLES = {Role.CENTER_OFFICE, Role.ADMIN}
OUTBOX_PAGE_SIZE = 50


@login_required
def outbound_list(request: HttpRequest) -> HttpResponse:
    """Every result sent back to the 12345 platform, newest first: state, attempts, last error, next try;
    failed and given-up ones with a retry button."""
    _require(request.user, OUTBOX_ROLES)
    state = request.GET.get("state", "")
    rows = OutboundCall.objects.select_related("case").order_by("-created_at", "-pk")
    if state in OutboundState.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    page = Paginator(rows, OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(OutboundCall.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    context = {
        "page": page,
        "state": state,
        "states": [(value, label, counts.get(value, 0)) for value, label in OutboundState.choices],
        "retryable": set(RETRYABLE),
        "config": HotlineSettings.current(),
    }
    return render(request, "hotline/outbound.html", context)


@login_required
@require_POST
def outbound_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user, OUTBOX_ROLES)
    try:
        call = retry_call(pk, actor=request.user)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已安排重新回传 {call.case.number}（工单 {call.case.external_number}）")
    back = request.POST.get("state", "")
    url = reverse("hotline:outbound")
    return redirect(f"{url}?state={back}" if back in OutboundState.values else url)
