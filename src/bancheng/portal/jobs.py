"""Periodic job of the portal: forget rate-limit counters whose window has passed."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from bancheng.jobs.registry import periodic
from bancheng.portal.models import Throttle
from bancheng.portal.throttle import limits


def expired_throttles(now: datetime) -> Q:
    """Counters whose fixed window ended before ``now``: each scope by its own window; a key of a scope no
    longer configured once the longest window has passed."""
    windows = {scope: limit.window for scope, limit in limits().items()}
    longest = max(windows.values())
    expired = Q()
    for scope, window in windows.items():
        expired |= Q(key__startswith=f"{scope}:", window_start__lte=now - window)
    known = Q()
    for scope in windows:
        known |= Q(key__startswith=f"{scope}:")
    return expired | (~known & Q(window_start__lte=now - longest))


@periodic("prune_throttles", every_seconds=3600)
def prune_throttles(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Hourly: delete the portal's rate-limit counters whose window has ended (they count from zero anyway)."""
    old = Throttle.objects.filter(expired_throttles(now))
    if dry_run:
        return {"deleted": old.count()}
    deleted, _ = old.delete()
    return {"deleted": deleted}
