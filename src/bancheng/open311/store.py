"""The submission tokens of GeoReport requests: own rows only."""

from __future__ import annotations

import secrets

from django.utils import timezone

from bancheng.open311.models import RequestToken


def issue_token(case_id: int, service_code: str = "") -> RequestToken:
    return RequestToken.objects.create(
        token=secrets.token_hex(16), case_id=case_id, created_at=timezone.now(), service_code=service_code
    )
