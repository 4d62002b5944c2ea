"""Periodic job: send hotline results back to the 12345 platform."""

from __future__ import annotations

from datetime import datetime

from bancheng.hotline.outbound import deliver_outbound
from bancheng.jobs.registry import periodic


@periodic("hotline_outbound", every_seconds=30)
def hotline_outbound(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    return deliver_outbound(now, dry_run=dry_run)
