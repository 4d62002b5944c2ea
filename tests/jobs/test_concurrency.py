import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from django.db import connections

from bancheng.jobs import registry
from bancheng.jobs.models import JobRun
from bancheng.jobs.runner import run_job
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent writers on separate connections need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_four_schedulers_racing_for_one_slot_run_the_job_once():
    calls: list[datetime] = []

    @registry.periodic("test_slow", every_seconds=60)
    def slow(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
        calls.append(now)
        time.sleep(0.3)
        return {"calls": len(calls)}

    def scheduler(i: int) -> bool:
        try:
            return run_job("test_slow", shanghai(2026, 3, 2, 9, 0, i)) is not None
        finally:
            connections.close_all()

    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            ran = list(pool.map(scheduler, range(4)))
    finally:
        registry.unregister("test_slow")
    assert sorted(ran) == [False, False, False, True]
    assert len(calls) == 1 and JobRun.objects.get(job="test_slow").counts == {"calls": 1}
