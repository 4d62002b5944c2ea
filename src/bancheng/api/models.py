"""API tokens (each one a service account with a role and a unit) and the idempotency keys of creations."""

from __future__ import annotations

from django.conf import settings
from django.db import models

STAFF = settings.AUTH_USER_MODEL


class ApiToken(models.Model):
    """A system's credential. Only the SHA-256 of the secret is stored; the secret is shown once. The token
    acts as its ``account``: a staff row with the token's role and unit that cannot sign in to the pages, so
    every permission and selector of the pages applies to the API unchanged."""

    name = models.CharField("名称", max_length=100)
    prefix = models.CharField("前缀", max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    account = models.OneToOneField(STAFF, on_delete=models.PROTECT, related_name="api_token")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="所在单位", null=True, blank=True, on_delete=models.PROTECT
    )
    role = models.CharField("角色", max_length=32)
    created_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间")
    expires = models.DateTimeField("到期时间", null=True, blank=True)
    revoked = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class IdempotencyKey(models.Model):
    """A creation request's key: a retry with the same key and body answers with the same case."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="idempotency_keys")
    key = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_unique")]
