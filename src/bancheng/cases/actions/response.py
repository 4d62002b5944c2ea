"""The 10-minute response (seed 000 五(四) 及时响应机制): when a request needs the approval of a unit's
leader or business supervisor, the case officer calls that unit's staff to the window within the policy's
response limit (10 business minutes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bancheng.cases import deadlines as dl
from bancheng.cases.actions._base import case_action
from bancheng.cases.choices import DeadlineKind
from bancheng.cases.models import Case
from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import CaseAction
from bancheng.org.models import Unit


def summon_to_window(
    case: Case | int,
    *,
    actor: Any,
    unit_id: int,
    reason: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """召集: the officer calls a unit's staff to the window; the response clock starts. Event ``summon``."""
    with case_action(case, CaseAction.SUMMON, actor=actor, now=now, expected_version=expected_version) as ctx:
        if not reason.strip():
            raise DomainError("case.reason_required", "请填写需要部门人员到窗口协调的事项")
        unit = Unit.objects.filter(pk=unit_id, active=True).first()
        if unit is None:
            raise DomainError("case.unknown_unit", "部门不存在或已停用", {"unit": unit_id})
        if ctx.case.deadlines.filter(kind=DeadlineKind.RESPONSE, met_at=None, cancelled_at=None).exists():
            raise DomainError("case.already_summoned", "已召集部门人员，尚未登记到场")
        deadline = dl.open_deadline(
            ctx.cal,
            case=ctx.case,
            kind=DeadlineKind.RESPONSE,
            start=ctx.now,
            limit=ctx.policy.response_limit,
            now=ctx.now,
            due_soon_minutes=ctx.policy.due_soon_minutes,
        )
        ctx.data.update(
            unit=unit.code, unit_name=unit.name, reason=reason.strip(), deadlines=[dl.describe(deadline)]
        )


def record_arrival(
    case: Case | int,
    *,
    actor: Any,
    arrived: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """到场: the summoned staff came to the window; the response deadline is met (on time or late).
    Event ``record_arrival``."""
    with case_action(
        case, CaseAction.RECORD_ARRIVAL, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        if not arrived.strip():
            raise DomainError("case.arrived_required", "请填写到场人员")
        deadline = ctx.case.deadlines.filter(
            kind=DeadlineKind.RESPONSE, met_at=None, cancelled_at=None
        ).first()
        if deadline is None:
            raise DomainError("case.not_summoned", "没有待到场的召集")
        dl.meet(ctx.cal, deadline, at=ctx.now)
        ctx.data.update(arrived=arrived.strip(), deadline=deadline.pk, status=deadline.status)
