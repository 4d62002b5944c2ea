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
