"""Published policy versions. A version is never edited: a change is a new version."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class PolicyVersion(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField("版本号", unique=True)
    preset = models.CharField("来源预设", max_length=40)
    name = models.CharField("名称", max_length=200)
    data = models.JSONField("政策内容")
    note = models.CharField("说明", max_length=500, blank=True)
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发布人",
    )
    active = models.BooleanField("现行", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "政策版本"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_policy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} 第{self.version}版"
