"""A hotline case keeps its 12345 order number in the ledger and the intake form."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bancheng.cases.models import Case
from bancheng.domain.hotline import DEFAULT_MAPPING
from bancheng.hotline.services import import_orders
from bancheng.ledger.exports import write_ledger
from bancheng.ledger.layouts import get_layout
from tests.hotline.conftest import GOOD, HEADINGS
from tests.support import shanghai

T0 = shanghai(2026, 10, 12, 10, 0)


def test_ledger_remarks_show_the_order_number(demo):
    import_orders(
        [dict(zip(HEADINGS, GOOD[0], strict=True))], actor=demo["officer"], mapping=DEFAULT_MAPPING, now=T0
    )
    out = io.BytesIO()
    write_ledger(Case.objects.filter(channel="hotline"), get_layout("shenyang").columns, out)
    text = " ".join(str(c) for row in load_workbook(out).active.iter_rows(values_only=True) for c in row if c)
    assert "12345工单号：QY12345-2026-0001" in text


def test_intake_form_shows_the_order_number(demo):
    from bancheng.documents.fields import intake_fields
    from bancheng.policies.services import policy_of

    report = import_orders(
        [dict(zip(HEADINGS, GOOD[0], strict=True))], actor=demo["officer"], mapping=DEFAULT_MAPPING, now=T0
    )
    case = Case.objects.get(number=report.rows[0].case_number)
    values = intake_fields(case, policy_of(case.policy_version_id)).values
    assert any("外部工单号：QY12345-2026-0001" in str(v) for v in values.values())
