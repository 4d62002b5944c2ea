"""What the public may read: a case's public timeline (steps and units, never notes, staff or personal
data) and the public statistics (counts and rates by month, nothing about a person)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.cache import cache

from bancheng.audit.models import Event
from bancheng.cases.models import Case
from bancheng.domain.calendar import TZ
from bancheng.domain.kpi import Grouping, Kpi, Period
from bancheng.domain.lifecycle import CaseState
from bancheng.domain.masking import mask_name
from bancheng.org.models import Unit
from bancheng.policies.services import active_policy_version, policy_of
from bancheng.stats.queries import measure

# The steps a requester sees, by event code; every other event (notes, supervision, extensions,
# escalation, attachments, the bad-rating loop inside the center) stays internal.
PUBLIC_STEPS = {
    "register": "已受理",
    "import": "已受理",
    "assess": "已研判，进入办理",
    "rule_out_of_scope": "不属于受理范围，已告知应反映的渠道",
    "resolve_on_the_spot": "已当场办结",
    "transfer": "已转交承办单位办理",
    "record_resolution": "承办单位已提出办理意见",
    "pause": "等待补充材料",
    "resume": "材料已补齐，继续办理",
    "give_feedback": "已向您反馈办理结果",
    "file_negative": "已向您反馈办理结果并作说明",
    "record_visit": "已回访",
    "revisit_bad_rating": "已再次回访",
    "reopen": "重新办理",
    "close": "已办结",
    "withdraw": "已撤回",
    "archive": "已归档",
}


@dataclass(frozen=True)
class Step:
    at: datetime
    label: str
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublicCase:
    number: str
    business: str
    requester: str
    state: str
    registered_at: datetime
    steps: tuple[Step, ...]


def public_case(case: Case) -> PublicCase:
    """The case as the requester may see it online: the masked name, the business, the state and the
    public steps with the names of the units it was transferred to."""
    events = list(
        Event.objects.filter(case=case, action__in=PUBLIC_STEPS)
        .order_by("seq")
        .values("action", "at", "data")
    )
    codes = {a["unit"] for e in events if e["action"] == "transfer" for a in e["data"].get("assignments", [])}
    names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))
    steps = []
    for e in events:
        units: tuple[str, ...] = ()
        if e["action"] == "transfer":
            units = tuple(names.get(a["unit"], "") for a in e["data"].get("assignments", []))
        steps.append(Step(e["at"], PUBLIC_STEPS[e["action"]], tuple(u for u in units if u)))
    return PublicCase(
        number=case.number,
        business=case.business,
        requester=mask_name(case.requester_enterprise or case.requester_name),
        state=CaseState(case.state).label,
        registered_at=case.registered_at,
        steps=tuple(steps),
    )


# Public statistics ----------------------------------------------------------------------------------------

MONTHS = 12
CACHE_SECONDS = 15 * 60
PUBLIC_KPIS = (Kpi.REGISTERED, Kpi.ON_TIME_FEEDBACK, Kpi.COMPLETION, Kpi.SATISFIED)


def _months(today: date) -> list[date]:
    out = []
    year, month = today.year, today.month
    for _ in range(MONTHS):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


def _shown(kpi: Kpi, ratio: Any) -> str:
    if ratio is None:
        return "—"
    if not kpi.is_rate:
        return str(ratio.numerator if kpi is Kpi.REGISTERED else ratio.denominator)
    rate = ratio.rate
    return "—" if rate is None else f"{rate * 100:.1f}%"


def public_stats(now: datetime) -> dict[str, Any]:
    """Counts and rates of the last twelve months (in Asia/Shanghai), newest first, cached for a quarter
    of an hour: one aggregate query per number, nothing about a person."""
    today = now.astimezone(TZ).date()
    key = f"portal:stats:{today.isoformat()}:{now.astimezone(TZ).hour}:{now.astimezone(TZ).minute // 15}"
    found = cache.get(key)
    if found is not None:
        return dict(found)
    months = _months(today)
    first = months[-1]
    end = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    period = Period.between(first, end)
    policy = policy_of(active_policy_version().pk)
    cases = Case.objects.all()
    by_kpi = {
        kpi: measure(
            kpi, cases, period, as_of=now, grouping=Grouping.MONTH, satisfied=policy.closing_satisfaction
        )
        for kpi in PUBLIC_KPIS
    }
    rows = []
    for month in months:
        rows.append({"month": month, "values": [_shown(kpi, by_kpi[kpi].get(month)) for kpi in PUBLIC_KPIS]})
    found = {"kpis": [k.label for k in PUBLIC_KPIS], "rows": rows, "as_of": now}
    cache.set(key, found, CACHE_SECONDS)
    return found
