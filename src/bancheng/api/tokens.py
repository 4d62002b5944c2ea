"""Create, revoke, list and check API tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from bancheng.api.models import ApiToken
from bancheng.domain.errors import DomainError, NotFound
from bancheng.org.choices import Role

PREFIX = "bc_"
UNIT_ROLES = {Role.HANDLER, Role.UNIT_HEAD, Role.CASE_OFFICER}
TOKEN_ROLES = [r for r in Role if r != Role.ADMIN]


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Created:
    token: ApiToken
    secret: str


def create_token(
    *,
    name: str,
    role: str,
    unit: Any = None,
    created_by: Any = None,
    expires: datetime | None = None,
    now: datetime | None = None,
) -> Created:
    """A new token and its service account; the secret is returned once and never stored."""
    from bancheng.org.models import Staff

    now = now or timezone.now()
    name = name.strip()
    if not name:
        raise DomainError("token.name", "请填写令牌名称", {"field": "name"})
    if role not in {r.value for r in TOKEN_ROLES}:
        raise DomainError("token.role", "令牌角色无效", {"field": "role"})
    if role in UNIT_ROLES and unit is None:
        raise DomainError("token.unit", "该角色的令牌必须指定所在单位", {"field": "unit"})
    if expires is not None and expires <= now:
        raise DomainError("token.expires", "到期时间必须晚于现在", {"field": "expires"})
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        account = Staff(
            username=f"api-{uuid.uuid4().hex[:12]}",
            full_name=f"接口：{name}"[:50],
            role=role,
            unit=unit,
        )
        account.set_unusable_password()
        account.save()
        token = ApiToken.objects.create(
            name=name,
            prefix=secret[:10],
            token_hash=digest(secret),
            account=account,
            unit=unit,
            role=role,
            created_by=created_by,
            created_at=now,
            expires=expires,
        )
    return Created(token, secret)


def revoke_token(pk: int, *, now: datetime | None = None) -> ApiToken:
    now = now or timezone.now()
    token = ApiToken.objects.select_related("account").filter(pk=pk).first()
    if token is None:
        raise NotFound("token.not_found", "令牌不存在", {"token": pk})
    with transaction.atomic():
        if token.revoked is None:
            token.revoked = now
            token.save(update_fields=["revoked"])
        token.account.is_active = False
        token.account.save(update_fields=["is_active"])
    return token


def list_tokens() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("unit", "created_by")


def authenticate(secret: str, *, now: datetime | None = None) -> ApiToken | None:
    """The live token for this secret, or None (unknown, revoked, expired, or its account switched off)."""
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("account", "account__unit").filter(token_hash=digest(secret)).first()
    )
    if token is None or token.revoked is not None or not token.account.is_active:
        return None
    if token.expires is not None and token.expires <= now:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token
