"""Two pushes of the same 12345 order at the same moment still make one case (PostgreSQL)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from bancheng.cases.models import Case
from bancheng.domain.hotline import DEFAULT_MAPPING
from bancheng.hotline.services import import_orders
from tests.hotline.conftest import GOOD, HEADINGS
from tests.support import make_org, shanghai

T0 = shanghai(2026, 10, 12, 10, 0)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="concurrent writers need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_parallel_imports_of_the_same_order_make_one_case():
    org = make_org("shenyang")
    order = dict(zip(HEADINGS, GOOD[0], strict=True))

    def push(_):
        try:
            report = import_orders([order], actor=org.officer, mapping=DEFAULT_MAPPING, now=T0)
            return report.rows[0].case_number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(push, range(12)))
    assert Case.objects.filter(external_number=order["工单编号"]).count() == 1
    assert len(set(numbers)) == 1
