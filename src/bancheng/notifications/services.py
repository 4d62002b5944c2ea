"""Writes of the outbox: enqueue a message (in the caller's transaction), deliver what is due with retries,
mark in-app messages read, and the administrator's templates and gateway settings."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from bancheng.bulk import counts_conflicts, insert_rows
from bancheng.domain.errors import DomainError
from bancheng.notifications import gateways
from bancheng.notifications.choices import Channel, MessageState
from bancheng.notifications.models import (
    GatewaySettings,
    Message,
    MessageAttempt,
    MessageTemplate,
    RatingInvitation,
    hash_token,
)
from bancheng.notifications.templating import DEFAULTS, fill, placeholders_in

MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(hours=1)
BATCH = 100


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: 1, 2, 4, 8 … minutes, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def template_text(code: str) -> tuple[str, str]:
    """(subject, body) of ``code``: the administrator's row, else the default shipped in code."""
    row = MessageTemplate.objects.filter(code=code).first()
    if row is not None:
        return row.subject, row.body
    default = DEFAULTS[code]
    return default.subject, default.body


def render(code: str, values: dict[str, str]) -> Rendered:
    subject, body = template_text(code)
    return Rendered(fill(subject, values), fill(body, values))


def enqueue(
    *,
    channel: str,
    template_code: str,
    values: dict[str, str],
    dedupe_key: str,
    now: datetime,
    case: Any = None,
    recipient: Any = None,
    to_phone: str = "",
    to_email: str = "",
) -> Message | None:
    """Write one message into the outbox in the caller's transaction; ``None`` when ``dedupe_key`` was already
    enqueued. An in-app message is delivered at once (unread until read)."""
    dedupe_key = dedupe_key[:160]
    if Message.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    text = render(template_code, values)
    in_app = channel == Channel.IN_APP
    return Message.objects.create(
        channel=channel,
        recipient=recipient,
        to_phone=to_phone,
        to_email=to_email,
        case=case,
        template_code=template_code,
        subject=text.subject,
        body=text.body,
        state=MessageState.SENT if in_app else MessageState.PENDING,
        next_attempt_at=None if in_app else now,
        created_at=now,
        sent_at=now if in_app else None,
        dedupe_key=dedupe_key,
    )


def enqueue_many(pending: list[dict[str, Any]]) -> int:
    """``enqueue`` for many messages (each a dict of its keyword arguments) in the caller's transaction: each
    template read once, the new messages written in bulk (``bulk.insert_rows``), a key already enqueued left
    out (on PostgreSQL by the insert's ``ON CONFLICT DO NOTHING``, elsewhere by one query for the keys
    first), a key given twice written once. Returns how many were written."""
    by_key: dict[str, dict[str, Any]] = {}
    for kw in pending:
        by_key.setdefault(kw["dedupe_key"][:160], kw)
    if not by_key:
        return 0
    seen: set[str] = set()
    keys = [] if counts_conflicts() else list(by_key)
    for start in range(0, len(keys), 5000):
        part = keys[start : start + 5000]
        seen.update(Message.objects.filter(dedupe_key__in=part).values_list("dedupe_key", flat=True))
    texts: dict[str, tuple[str, str]] = {}
    rows = []
    for key, kw in by_key.items():
        if key in seen:
            continue
        code = kw["template_code"]
        if code not in texts:
            texts[code] = template_text(code)
        subject, body = texts[code]
        in_app = kw["channel"] == Channel.IN_APP
        now = kw["now"]
        rows.append(
            Message(
                channel=kw["channel"],
                recipient_id=_pk(kw.get("recipient")),  # ids: no related-object bookkeeping per row
                to_phone=kw.get("to_phone", ""),
                to_email=kw.get("to_email", ""),
                case_id=_pk(kw.get("case")),
                template_code=code,
                subject=fill(subject, kw["values"]),
                body=fill(body, kw["values"]),
                state=MessageState.SENT if in_app else MessageState.PENDING,
                next_attempt_at=None if in_app else now,
                created_at=now,
                sent_at=now if in_app else None,
                dedupe_key=key,
            )
        )
    # a concurrent writer of the same key (never the sweep's own batches: their cases are locked) loses
    return insert_rows(rows, ignore_conflicts=True)


def _pk(instance: Any) -> Any:
    return None if instance is None else instance.pk


def invite_rating(case: Any, now: datetime) -> str:
    """A one-time rating link for ``case``: ``{BANCHENG_PUBLIC_URL}/rate/<token>/``."""
    token = secrets.token_urlsafe(24)
    RatingInvitation.objects.create(case=case, token_hash=hash_token(token), created_at=now)
    return f"{settings.BANCHENG_PUBLIC_URL}/rate/{token}/"


def _due(now: datetime) -> Any:
    return Message.objects.filter(
        state__in=[MessageState.PENDING, MessageState.FAILED], next_attempt_at__lte=now
    ).exclude(channel=Channel.IN_APP)


def deliver_due(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Send every due message once through its channel's gateway: sent, or failed with the next try after
    ``backoff``, or dead after ``MAX_ATTEMPTS``. Each message is locked while sent (skipped when another
    worker holds it), so two runs never send one message twice."""
    counts = {"due": 0, "sent": 0, "failed": 0, "dead": 0}
    ids = list(_due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:BATCH])
    counts["due"] = len(ids)
    if dry_run:
        return counts
    config = gateways.current_settings()
    sms = gateways.sms_gateway(config)
    for pk in ids:
        with transaction.atomic():
            rows = _due(now).filter(pk=pk)
            if connection.features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True)
            message = rows.first()
            if message is None:  # sent by another run meanwhile, or locked by it
                continue
            outcome = _attempt(message, now, sms, config)
            counts[outcome] += 1
    return counts


def _attempt(message: Message, now: datetime, sms: gateways.SmsGateway, config: GatewaySettings) -> str:
    message.attempts += 1
    try:
        if message.channel == Channel.SMS:
            provider_id = sms.send(message.to_phone, message.body)
        elif message.channel == Channel.EMAIL:
            if not config.email_enabled:
                raise gateways.DeliveryError("电子邮件发送已关闭")
            provider_id = gateways.send_email(message.to_email, message.subject, message.body)
        else:
            raise gateways.DeliveryError(f"unknown channel {message.channel}")
    except gateways.DeliveryError as failed:
        error = str(failed)[:1000]
        MessageAttempt.objects.create(message=message, number=message.attempts, at=now, ok=False, error=error)
        message.last_error = error
        if message.attempts >= MAX_ATTEMPTS:
            message.state, message.next_attempt_at = MessageState.DEAD, None
        else:
            message.state, message.next_attempt_at = MessageState.FAILED, now + backoff(message.attempts)
        message.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
        return "dead" if message.state == MessageState.DEAD else "failed"
    MessageAttempt.objects.create(
        message=message, number=message.attempts, at=now, ok=True, provider_id=provider_id[:100]
    )
    message.state, message.sent_at, message.next_attempt_at = MessageState.SENT, now, None
    message.provider_id = provider_id[:100]
    message.save(update_fields=["attempts", "state", "sent_at", "next_attempt_at", "provider_id"])
    return "sent"


def mark_read(message_id: int, *, actor: Any, now: datetime) -> bool:
    """Mark one of the actor's own in-app messages read; another person's message is not found."""
    updated = Message.objects.filter(
        pk=message_id, recipient=actor, channel=Channel.IN_APP, read_at=None
    ).update(read_at=now)
    if not updated and not Message.objects.filter(pk=message_id, recipient=actor).exists():
        raise DomainError("message.not_found", "消息不存在")
    return bool(updated)


def mark_all_read(*, actor: Any, now: datetime) -> int:
    return Message.objects.filter(recipient=actor, channel=Channel.IN_APP, read_at=None).update(read_at=now)


def save_template(code: str, *, subject: str, body: str, actor: Any, now: datetime) -> MessageTemplate:
    """The administrator's wording of ``code``; unknown placeholders are refused and nothing is saved."""
    if code not in DEFAULTS:
        raise DomainError("template.not_found", "消息模板不存在")
    if not body.strip():
        raise DomainError("template.body_required", "请填写消息内容")
    placeholders_in(subject)
    placeholders_in(body)
    with transaction.atomic():
        row = MessageTemplate.objects.select_for_update().filter(code=code).first()
        if row is None:
            row = MessageTemplate(code=code, version=0)
        row.subject, row.body = subject.strip(), body.strip()
        row.version += 1
        row.updated_by, row.updated_at = actor, now
        row.save()
    return row


def reset_template(code: str) -> None:
    MessageTemplate.objects.filter(code=code).delete()


def save_gateway_settings(values: dict[str, Any], *, actor: Any, now: datetime) -> GatewaySettings:
    """Store the delivery settings; an empty secret keeps the one already stored."""
    with transaction.atomic():
        config, _ = GatewaySettings.objects.select_for_update().get_or_create(pk=1)
        for name, value in values.items():
            if name == "sms_secret" and not value:
                continue
            setattr(config, name, value)
        config.updated_by, config.updated_at = actor, now
        config.save()
    return config


def unread_filter(user: Any) -> Q:
    return Q(recipient=user, channel=Channel.IN_APP, read_at=None)
