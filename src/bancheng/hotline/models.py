"""The administrator's 12345 settings: the field mapping, the webhook secret and who registers pushed orders."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bancheng.domain.hotline import DEFAULT_MAPPING


def _default_mapping() -> dict[str, str]:
    return dict(DEFAULT_MAPPING)


class HotlineSettings(models.Model):
    mapping = models.JSONField("字段对应", default=_default_mapping)
    webhook_secret = models.CharField("推送密钥", max_length=128, blank=True)
    registrar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outbound_url = models.URLField("回传地址", blank=True)
    outbound_secret = models.CharField("回传密钥", max_length=128, blank=True)

    class Meta:
        verbose_name = "12345设置"

    @classmethod
    def current(cls) -> HotlineSettings:
        found, _ = cls.objects.get_or_create(pk=1)
        return found


class OutboundState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "失败待重试"
    DEAD = "dead", "已放弃"


class OutboundCall(models.Model):
    """One result sent back to the 12345 platform (after the feedback or the closure of a hotline case),
    retried with the notification outbox's backoff until it succeeds or gives up."""

    case = models.ForeignKey("cases.Case", verbose_name="诉求件", on_delete=models.CASCADE, related_name="+")
    action = models.CharField("触发动作", max_length=32)
    state = models.CharField(
        "状态", max_length=16, choices=OutboundState.choices, default=OutboundState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试")
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "12345回传"
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
