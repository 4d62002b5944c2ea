"""Periodic jobs of the notification outbox."""

from __future__ import annotations

from datetime import datetime

from bancheng.jobs.registry import periodic
from bancheng.notifications.services import deliver_due


@periodic("deliver_messages", every_seconds=10)
def deliver_messages(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Every 10 seconds: send the due SMS and e-mail of the outbox, retrying failures with backoff."""
    return deliver_due(now, dry_run=dry_run)
