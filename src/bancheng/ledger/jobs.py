"""Periodic jobs of the ledger app."""

from __future__ import annotations

from datetime import datetime

from bancheng.jobs.registry import periodic
from bancheng.ledger.services import process_exports


@periodic("ledger_exports", every_seconds=5)
def run_ledger_exports(now: datetime, *, dry_run: bool = False, background: bool = True) -> dict[str, int]:
    """Every 5 seconds: start the queued ledger exports (a large ledger is written in the background)."""
    if dry_run:
        return {}
    return process_exports(now, background=background)
