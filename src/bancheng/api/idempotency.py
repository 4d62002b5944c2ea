"""The idempotency keys of creations: own rows only, never a case (the case comes from ``register_case``)."""

from __future__ import annotations

from django.utils import timezone

from bancheng.api.models import ApiToken, IdempotencyKey


def remember(token: ApiToken, key: str, body_hash: str, case_id: int) -> IdempotencyKey:
    return IdempotencyKey.objects.create(
        token=token, key=key, body_hash=body_hash, case_id=case_id, created_at=timezone.now()
    )
