"""Two filings of the same branch and week at the same instant leave one filing and one set of files."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connections

from bancheng.filings import services
from bancheng.filings.models import WeeklyFiling
from bancheng.filings.services import file_week
from tests.filings.conftest import MONDAY_OPENING, WEEK
from tests.support import make_org, shanghai

on_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row locks across connections need PostgreSQL",
)


@on_postgres
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_filings_of_one_week_leave_one_filing_and_one_set_of_files(
    settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    org = make_org("shenyang")
    org.register(shanghai(2026, 11, 17, 10, 0), requester_phone="13800000001")
    both_generated = threading.Barrier(2, timeout=60)
    real = services._generate

    def generate_then_wait(branch, week_start):
        files = real(branch, week_start)
        both_generated.wait()  # both requests have passed the "already filed?" check
        return files

    monkeypatch.setattr(services, "_generate", generate_then_wait)

    def file(actor):
        try:
            return file_week(org.unit("HQ"), WEEK, actor=actor, now=MONDAY_OPENING).pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        pks = list(pool.map(file, [org.officer, org.office]))

    assert WeeklyFiling.objects.count() == 1
    assert pks[0] == pks[1] == WeeklyFiling.objects.get().pk
    stored = sorted(p.name for p in Path(tmp_path).rglob("*") if p.is_file())
    filing = WeeklyFiling.objects.get()
    assert stored == sorted([Path(filing.ledger.name).name, Path(filing.forms.name).name])
