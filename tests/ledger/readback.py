"""Reading generated ledgers back, and what the case data says each cell must hold."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook

from bancheng.cases.models import Case
from bancheng.domain.calendar import TZ
from bancheng.domain.masking import mask_name, mask_phone
from bancheng.policies.services import policy_of


def read_xlsx(data: bytes, sheet: str = "台账") -> list[list[object]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(r) for r in book[sheet].iter_rows(values_only=True)]
    book.close()
    return rows


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without the UTF-8 BOM Excel needs"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def local(at: datetime | None) -> datetime | None:
    return at.astimezone(TZ).replace(tzinfo=None, second=0, microsecond=0) if at else None


def expected(case: Case, source: str, *, masked: bool = True) -> object:
    """The value a ledger cell must show for ``case``, computed here independently of the exporter."""
    policy = policy_of(case.policy_version_id)
    klass = next((c for c in policy.classes if c.code == case.case_class), None)
    units = []
    for a in case.assignments.exclude(state="cancelled").order_by("transferred_at", "pk"):
        if a.unit.name not in units:
            units.append(a.unit.name)
    values = {
        "number": case.number,
        "registered_on": datetime.combine(case.registered_at.astimezone(TZ).date(), datetime.min.time()),
        "registered_at": local(case.registered_at),
        "officer": case.officer.full_name,
        "category": next((c.label for c in policy.categories if c.code == case.category), None),
        "requester_name": mask_name(case.requester_name) if masked else case.requester_name,
        "requester_phone": mask_phone(case.requester_phone) if masked else case.requester_phone,
        "problem": case.problem,
        "units": "、".join(units) or None,
        "resolution": (case.resolution or case.feedback) or None,
        "closed_at": local(case.closed_at),
        "visit": next((c.label for c in policy.satisfaction_scale if c.code == case.satisfaction), None),
        "class_and_limit": f"{klass.label}（{klass.feedback_limit.label}）" if klass else None,
    }
    return values[source]


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M")
            if value.time() != datetime.min.time()
            else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
