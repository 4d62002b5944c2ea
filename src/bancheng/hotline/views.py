"""The signed webhook the 12345 platform pushes work orders to."""

from __future__ import annotations

import json
import time

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bancheng.domain.errors import DomainError
from bancheng.domain.hotline import signature_problem
from bancheng.hotline.models import HotlineSettings
from bancheng.hotline.services import import_orders

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
