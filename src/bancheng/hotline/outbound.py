"""Sending a hotline case's result back to the 12345 platform: an outbox row is written in the feedback's or
the closure's own transaction (listener on the audit event); the ``hotline_outbound`` job POSTs it as JSON,
signed like the webhook (``X-Hotline-Timestamp``, ``X-Hotline-Signature``), retrying with backoff."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

from django.db import transaction

from bancheng.cases.choices import Channel
from bancheng.domain.calendar import TZ
from bancheng.domain.hotline import sign
from bancheng.domain.lifecycle import CaseAction
from bancheng.hotline.models import HotlineSettings, OutboundCall, OutboundState
from bancheng.hotline.services import satisfaction_label
from bancheng.notifications.services import MAX_ATTEMPTS, backoff

TRIGGERS = {CaseAction.GIVE_FEEDBACK.value, CaseAction.CLOSE.value}
TIMEOUT = 10.0


def on_event(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or instance.case_id is None or instance.action not in TRIGGERS:
        return
    case = instance.case
    if case.channel != Channel.HOTLINE or not case.external_number:
        return
    if not HotlineSettings.current().outbound_url:
        return
    OutboundCall.objects.create(
        case=case, action=instance.action, next_attempt_at=instance.at, created_at=instance.at
    )


def payload(case: Any) -> dict[str, str]:
    done = case.closed_at or case.feedback_at
    return {
        "工单编号": case.external_number,
        "办理结果": case.get_outcome_display() if case.outcome else "",
        "答复内容": case.feedback,
        "办结时间": done.astimezone(TZ).strftime("%Y-%m-%d %H:%M") if done else "",
        "满意度": satisfaction_label(case),
    }


def post(url: str, secret: str, body: bytes, now: datetime) -> None:
    stamp = str(int(now.timestamp()))
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Hotline-Timestamp": stamp,
            "X-Hotline-Signature": sign(secret, stamp, body),
        },
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(url, response.status, "not 2xx", response.headers, None)


def deliver_outbound(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Send the due results; a failure is retried after ``backoff`` and given up after ``MAX_ATTEMPTS``."""
    config = HotlineSettings.current()
    due = OutboundCall.objects.filter(
        state__in=[OutboundState.PENDING, OutboundState.FAILED], next_attempt_at__lte=now
    ).order_by("next_attempt_at", "id")
    counts = {"sent": 0, "failed": 0, "dead": 0}
    if dry_run:
        return {"due": due.count()}
    for pk in list(due.values_list("pk", flat=True)[:100]):
        with transaction.atomic():
            call = OutboundCall.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if call is None or call.state not in (OutboundState.PENDING, OutboundState.FAILED):
                continue
            body = json.dumps(payload(call.case), ensure_ascii=False).encode()
            call.attempts += 1
            try:
                if not config.outbound_url:
                    raise ValueError("未设置回传地址")
                post(config.outbound_url, config.outbound_secret, body, now)
            except (urllib.error.URLError, TimeoutError, OSError, ValueError) as failed:
                call.last_error = str(failed)[:300]
                if call.attempts >= MAX_ATTEMPTS:
                    call.state = OutboundState.DEAD
                else:
                    call.state, call.next_attempt_at = OutboundState.FAILED, now + backoff(call.attempts)
            else:
                call.state, call.sent_at, call.last_error = OutboundState.SENT, now, ""
            call.save()
            counts[call.state if call.state != OutboundState.SENT else "sent"] += 1
    return counts


RETRYABLE = (OutboundState.FAILED, OutboundState.DEAD)
STREAM = "hotline"


def retry_call(call_id: int, *, actor: Any, now: datetime | None = None) -> OutboundCall:
    """重新回传: send a failed or given-up result again at the job's next run. A given-up call starts its
    attempts from zero (else it would give up after one more failure); the last error stays until the next
    try. Event ``retry_hotline_outbound`` in the ``hotline`` stream."""
    from django.utils import timezone

    from bancheng.audit.chain import append_event
    from bancheng.domain.errors import DomainError, NotFound

    at = now or timezone.now()
    with transaction.atomic():
        call = OutboundCall.objects.select_for_update().select_related("case").filter(pk=call_id).first()
        if call is None:
            raise NotFound("hotline.outbound_not_found", "回传记录不存在")
        if call.state not in RETRYABLE:
            raise DomainError(
                "hotline.outbound_not_failed",
                f"该回传{call.get_state_display()}，只有失败或已放弃的回传才能重试",
                {"state": call.state},
            )
        before = {"state": call.state, "attempts": call.attempts, "next_attempt_at": call.next_attempt_at}
        if call.state == OutboundState.DEAD:
            call.attempts = 0
        call.state, call.next_attempt_at = OutboundState.PENDING, at
        call.save(update_fields=["state", "attempts", "next_attempt_at"])
        append_event(
            stream=STREAM,
            action="retry_hotline_outbound",
            at=at,
            actor=actor,
            before=before,
            after={"state": call.state, "attempts": call.attempts, "next_attempt_at": call.next_attempt_at},
            data={"call": call.pk, "case": call.case.number, "external_number": call.case.external_number},
        )
    return call
