from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from bancheng.notifications.choices import BodyFormat, Channel, MessageState, SmsGatewayKind

STAFF = settings.AUTH_USER_MODEL


class Message(models.Model):
    """One message of the outbox: written in the transaction of the change that causes it, then delivered by
    the ``deliver_messages`` job (in-app messages are delivered when written and stay unread until read).
    ``dedupe_key`` names the trigger, so the same trigger never enqueues the same message twice."""

    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    recipient = models.ForeignKey(
        STAFF, verbose_name="接收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_phone = models.CharField("手机号", max_length=40, blank=True)
    to_email = models.EmailField("邮箱", blank=True)
    case = models.ForeignKey(
        "cases.Case", verbose_name="诉求件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    template_code = models.CharField("模板", max_length=48)
    subject = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("内容")
    state = models.CharField(
        "状态", max_length=16, choices=MessageState.choices, default=MessageState.PENDING
    )
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    provider_id = models.CharField("网关回执", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    dedupe_key = models.CharField(max_length=160, unique=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["recipient", "channel", "read_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.template_code} #{self.pk}"


class MessageAttempt(models.Model):
    """One try to hand a message to its gateway, with the outcome."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    ok = models.BooleanField()
    provider_id = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "发送尝试"
        verbose_name_plural = "发送尝试"
        constraints = [
            models.UniqueConstraint(fields=["message", "number"], name="attempt_message_number_unique")
        ]


class MessageTemplate(models.Model):
    """The administrator's wording of one message; a code without a row uses the default shipped in code."""

    code = models.CharField("代码", max_length=48, unique=True)
    subject = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("内容")
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("修改时间")

    class Meta:
        verbose_name = "消息模板"
        verbose_name_plural = "消息模板"

    def __str__(self) -> str:
        return self.code


class GatewaySettings(models.Model):
    """The administrator's delivery settings (one row): which SMS gateway, its URL, secret, body template and
    sender name, and whether e-mail is sent."""

    sms_kind = models.CharField("短信网关", max_length=16, choices=SmsGatewayKind.choices, default="logging")
    sms_url = models.URLField("网关地址", blank=True)
    sms_secret = models.CharField("签名密钥", max_length=200, blank=True)
    sms_body_template = models.TextField(
        "请求体模板", blank=True, default='{"phone": "{phone}", "text": "{text}", "sender": "{sender}"}'
    )
    sms_body_format = models.CharField("请求体格式", max_length=8, choices=BodyFormat.choices, default="json")
    sms_sender = models.CharField("短信签名", max_length=40, blank=True, default="办成")
    sms_timeout_seconds = models.PositiveIntegerField("超时（秒）", default=10)
    email_enabled = models.BooleanField("发送电子邮件", default=True)
    updated_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "发送设置"
        verbose_name_plural = "发送设置"


class RatingInvitation(models.Model):
    """The one-time link a requester receives to rate how their case was handled. Only the SHA-256 of the
    link's token is stored (``hash_token``): the clear token exists only in the SMS, so a database reader
    cannot rate in the requester's name."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField("令牌摘要", max_length=64, unique=True)
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "评价邀请"
        verbose_name_plural = "评价邀请"


def hash_token(token: str) -> str:
    """The stored form of a rating link's token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()
