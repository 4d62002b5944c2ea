"""Rate limits of the public pages, counted in the ``Throttle`` table per hashed key and fixed window."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from bancheng.portal.models import Throttle


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    window: timedelta
    message: str


class RateLimited(Exception):
    def __init__(self, limit: Limit) -> None:
        super().__init__(limit.message)
        self.limit = limit


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def limits() -> dict[str, Limit]:
    """The limits in force; each count is a setting so a deployment can loosen or tighten it."""
    hour, day = timedelta(hours=1), timedelta(days=1)
    return {
        "report_ip": Limit(
            "report_ip", _setting("BANCHENG_PORTAL_REPORTS_PER_ADDRESS_HOUR", 10), hour,
            "本网络提交的反映过于频繁，请一小时后再试，或拨打服务电话反映",
        ),
        "report_phone": Limit(
            "report_phone", _setting("BANCHENG_PORTAL_REPORTS_PER_PHONE_DAY", 5), day,
            "该手机号今天提交的反映已达上限，请明天再试，或拨打服务电话反映",
        ),
        "challenge_ip": Limit(
            "challenge_ip", _setting("BANCHENG_PORTAL_WRONG_ANSWERS_PER_ADDRESS_HOUR", 20), hour,
            "验证问题答错次数过多，请一小时后再试",
        ),
        "lookup_ip": Limit(
            "lookup_ip", _setting("BANCHENG_PORTAL_LOOKUPS_PER_ADDRESS_HOUR", 30), hour,
            "查询过于频繁，请一小时后再试",
        ),
        "lookup_case": Limit(
            "lookup_case", _setting("BANCHENG_PORTAL_LOOKUPS_PER_NUMBER_HOUR", 10), hour,
            "该编号的查询过于频繁，请一小时后再试",
        ),
        "rate_ip": Limit(
            "rate_ip", _setting("BANCHENG_PORTAL_RATINGS_PER_ADDRESS_HOUR", 30), hour,
            "操作过于频繁，请一小时后再试",
        ),
    }  # fmt: skip


def _key(scope: str, ident: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{scope}|{ident}".encode()).hexdigest()
    return f"{scope}:{digest[:48]}"


def hit(scope: str, ident: str, *, now: datetime) -> None:
    """Count one request of ``ident`` under ``scope``; refuse with ``RateLimited`` past the limit."""
    limit = limits()[scope]
    key = _key(scope, ident.strip().lower())
    with transaction.atomic():
        row = Throttle.objects.select_for_update().filter(key=key).first()
        if row is None:
            try:
                with transaction.atomic():
                    Throttle.objects.create(key=key, window_start=now, count=1)
                return
            except IntegrityError:  # another process created it meanwhile
                row = Throttle.objects.select_for_update().get(key=key)
        if now - row.window_start >= limit.window:
            row.window_start, row.count = now, 0
        if row.count >= limit.count:
            raise RateLimited(limit)
        row.count += 1
        row.save(update_fields=["window_start", "count"])


def client_address(request: object) -> str:
    """The requester's address: ``REMOTE_ADDR``, or the first ``X-Forwarded-For`` entry when the deployment
    says it runs behind a proxy (``BANCHENG_BEHIND_PROXY``); a forged header is otherwise ignored."""
    meta = getattr(request, "META", {})
    if getattr(settings, "BANCHENG_BEHIND_PROXY", False):
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded.split(",")[0].strip())
    return str(meta.get("REMOTE_ADDR", ""))
