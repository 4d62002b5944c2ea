"""Periodic jobs of the search app."""

from __future__ import annotations

from datetime import datetime

from bancheng.jobs.registry import periodic
from bancheng.search.actions import index_pending
from bancheng.search.models import PendingIndex


@periodic("search_index", every_seconds=60)
def search_index(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Every minute: index the cases, articles and items that batch paths (or a failed after-commit
    indexing) marked pending, so a batch never waits for jieba."""
    if dry_run:
        return {"pending": PendingIndex.objects.count()}
    return index_pending(now=now)
