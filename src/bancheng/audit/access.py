"""Access records: who saw personal data in full, when, for which case (PIPL; 等保 audit of reveals).
They go to their own stream so a case's timeline shows changes only, and they are hash-chained too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from bancheng.audit.chain import append_event
from bancheng.audit.models import Event

ACCESS_STREAM = "access"
REVEAL = "reveal_personal_data"


def record_reveal(*, actor: Any, case: Any, fields: Sequence[str], at: datetime) -> Event:
    with transaction.atomic():
        return append_event(
            stream=ACCESS_STREAM, action=REVEAL, at=at, actor=actor, case=case, data={"fields": list(fields)}
        )
