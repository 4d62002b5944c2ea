"""How a message leaves: an SMS gateway (a logging default, or one HTTP adapter configured by the
administrator) and e-mail through Django's ``send_mail``. A gateway raises ``DeliveryError`` on failure."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from bancheng.domain.masking import mask_phone
from bancheng.notifications.choices import BodyFormat, SmsGatewayKind
from bancheng.notifications.models import GatewaySettings

log = logging.getLogger("bancheng.notifications")

SIGNATURE_HEADER = "X-Bancheng-Signature"


class DeliveryError(Exception):
    """The gateway did not take the message; the outbox will retry."""


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> str:
        """Hand one SMS over; returns the provider's id for it."""
        ...


class LoggingSmsGateway:
    """Sends nothing: logs that a message would go, the phone masked and without its text, which carries the
    requester's name and case (the default until a gateway is set; the text stays in the outbox)."""

    def send(self, phone: str, text: str) -> str:
        provider_id = f"log-{uuid.uuid4().hex[:12]}"
        log.info("sms to %s (%s): %d characters", mask_phone(phone), provider_id, len(text))
        return provider_id


def sign(secret: str, body: bytes) -> str:
    """HMAC-SHA256 of the request body with the administrator's secret, as sent in ``X-Bancheng-Signature``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class HttpSmsGateway:
    """POSTs the body template filled with ``{phone}``, ``{text}`` and ``{sender}`` (JSON-escaped or
    form-encoded) to the configured URL, signed with HMAC-SHA256 over the body; any non-2xx answer fails."""

    def __init__(
        self, url: str, secret: str, body_template: str, body_format: str, sender: str, timeout: float
    ) -> None:
        self.url, self.secret, self.template = url, secret, body_template
        self.body_format, self.sender, self.timeout = body_format, sender, timeout

    def body(self, phone: str, text: str) -> bytes:
        values = {"phone": phone, "text": text, "sender": self.sender}
        out = self.template
        for name, value in values.items():
            if self.body_format == BodyFormat.JSON:
                escaped = json.dumps(value, ensure_ascii=False)[1:-1]
            else:
                escaped = urllib.parse.quote(value, safe="")
            out = out.replace("{" + name + "}", escaped)
        return out.encode()

    def send(self, phone: str, text: str) -> str:
        payload = self.body(phone, text)
        content_type = (
            "application/json; charset=utf-8"
            if self.body_format == BodyFormat.JSON
            else "application/x-www-form-urlencoded; charset=utf-8"
        )
        request = urllib.request.Request(
            self.url,
            data=payload,
            method="POST",
            headers={"Content-Type": content_type, SIGNATURE_HEADER: sign(self.secret, payload)},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = response.read(2000).decode("utf-8", "replace")
                status = response.status
        except urllib.error.HTTPError as refused:
            raise DeliveryError(f"HTTP {refused.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as failed:
            raise DeliveryError(f"网关无法连接：{failed}") from None
        if not 200 <= status < 300:
            raise DeliveryError(f"HTTP {status}")
        return _provider_id(answer)


def _provider_id(answer: str) -> str:
    try:
        parsed = json.loads(answer)
    except ValueError:
        return answer.strip()[:100]
    if isinstance(parsed, dict):
        for key in ("id", "message_id", "msgid", "biz_id"):
            if parsed.get(key):
                return str(parsed[key])[:100]
    return ""


def current_settings() -> GatewaySettings:
    found = GatewaySettings.objects.filter(pk=1).first()
    return found if found is not None else GatewaySettings(pk=1)


def sms_gateway(config: GatewaySettings | None = None) -> SmsGateway:
    config = config or current_settings()
    if config.sms_kind == SmsGatewayKind.HTTP and config.sms_url:
        return HttpSmsGateway(
            config.sms_url,
            config.sms_secret,
            config.sms_body_template,
            config.sms_body_format,
            config.sms_sender,
            float(config.sms_timeout_seconds or 10),
        )
    return LoggingSmsGateway()


def send_email(address: str, subject: str, body: str) -> str:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    except Exception as failed:
        raise DeliveryError(f"邮件发送失败：{failed}") from None
    return ""
