"""Which cases a ledger holds: the viewer's cases (or, for the operator's command line, all of them)
narrowed by period, branch, handling unit, state and class."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from bancheng.cases.models import Assignment, Case
from bancheng.cases.selectors import cases_visible_to
from bancheng.domain.errors import DomainError
from bancheng.org.models import Unit


@dataclass(frozen=True)
class LedgerFilter:
    """A ledger's filter; units by code, so it can be stored with an export and logged as it is."""

    date_from: date | None = None
    date_to: date | None = None
    branch: str = ""
    unit: str = ""
    state: str = ""
    case_class: str = ""

    def as_plain(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items() if v}

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> LedgerFilter:
        values = dict(data)
        for name in ("date_from", "date_to"):
            if values.get(name):
                values[name] = date.fromisoformat(values[name])
        return cls(**values)


def _unit(code: str, what: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError("ledger.unknown_unit", f"{what}“{code}”不存在", {"unit": code})
    return unit


def filter_cases(cases: QuerySet[Case], f: LedgerFilter) -> QuerySet[Case]:
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise DomainError("ledger.bad_period", "开始日期不能晚于结束日期")
    if f.date_from:
        cases = cases.filter(registered_on__gte=f.date_from)
    if f.date_to:
        cases = cases.filter(registered_on__lte=f.date_to)
    if f.branch:
        cases = cases.filter(branch=_unit(f.branch, "受理单位"))
    if f.unit:
        unit = _unit(f.unit, "承办单位")
        cases = cases.filter(Exists(Assignment.objects.filter(case=OuterRef("pk"), unit=unit)))
    if f.state:
        cases = cases.filter(state=f.state)
    if f.case_class:
        cases = cases.filter(case_class=f.case_class)
    return cases


def ledger_cases(user: Any, f: LedgerFilter) -> QuerySet[Case]:
    """The cases of a ledger: those ``user`` may see (every case when ``user`` is None: the operator's
    command line), narrowed by ``f``."""
    base = Case.objects.all() if user is None else cases_visible_to(user)
    return filter_cases(base, f)
