"""Transfers and the handling units' side: 转办, 签收, 退单, 办理结果, 催办."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bancheng.cases import deadlines as dl
from bancheng.cases.actions._base import ActionContext, case_action
from bancheng.cases.choices import DeadlineKind
from bancheng.cases.models import Assignment, Case
from bancheng.domain.deadlines import Limit
from bancheng.domain.errors import DomainError, NotFound
from bancheng.domain.lifecycle import (
    OPEN_ASSIGNMENT_STATES,
    AssignmentState,
    CaseAction,
    next_assignment_state,
)
from bancheng.org.models import Unit


@dataclass(frozen=True)
class TransferTo:
    """One part of a transfer: the unit, what the window asks of it, and its own time limit
    (the class limit of the case when not given)."""

    unit_id: int
    instructions: str
    limit: Limit | None = None


def transfer_case(
    case: Case | int,
    *,
    actor: Any,
    to: Sequence[TransferTo],
    now: datetime | None = None,
    expected_version: int | None = None,
) -> list[Assignment]:
    """转办 / 分转: hand the case, or parts of it, to one or more units at once, each an assignment with
    its instructions and deadline (the clock starts when the unit signs for it). The first transfer
    meets the prompt-transfer deadline. Event ``transfer``."""
    if not to:
        raise DomainError("case.no_units", "请至少选择一个承办单位")
    created: list[Assignment] = []
    with case_action(
        case, CaseAction.TRANSFER, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        klass = ctx.policy.case_class(ctx.case.case_class)
        units = {u.pk: u for u in Unit.objects.filter(pk__in=[t.unit_id for t in to], active=True)}
        busy = set(
            ctx.case.assignments.filter(state__in=[s.value for s in OPEN_ASSIGNMENT_STATES]).values_list(
                "unit_id", flat=True
            )
        )
        seen: set[int] = set()
        for part in to:
            if part.unit_id not in units:
                raise DomainError("case.unknown_unit", "承办单位不存在或已停用", {"unit": part.unit_id})
            if part.unit_id in seen or part.unit_id in busy:
                raise DomainError(
                    "case.unit_already_assigned",
                    f"“{units[part.unit_id].name}”已有未办结的转办任务",
                    {"unit": part.unit_id},
                )
            if not part.instructions.strip():
                raise DomainError(
                    "case.instructions_required",
                    f"请填写对“{units[part.unit_id].name}”的办理要求",
                    {"unit": part.unit_id},
                )
            seen.add(part.unit_id)
            limit = part.limit or klass.feedback_limit
            created.append(
                Assignment.objects.create(
                    case=ctx.case,
                    unit=units[part.unit_id],
                    instructions=part.instructions.strip(),
                    limit_amount=limit.amount,
                    limit_unit=limit.unit.value,
                    state=AssignmentState.PENDING.value,
                    transferred_at=ctx.now,
                    transferred_by=actor,
                )
            )
        prompt = ctx.case.deadlines.filter(
            kind=DeadlineKind.PROMPT_TRANSFER, met_at=None, cancelled_at=None
        ).first()
        if prompt is not None:
            dl.meet(ctx.cal, prompt, at=ctx.now)
            ctx.data["deadlines"] = [dl.describe(prompt)]
        ctx.data["assignments"] = [
            {"id": a.pk, "unit": a.unit.code, "limit": a.limit.to_dict(), "instructions": a.instructions}
            for a in created
        ]
    return created


def _assignment(assignment: Assignment | int) -> Assignment:
    if isinstance(assignment, Assignment):
        return assignment
    try:
        return Assignment.objects.get(pk=assignment)
    except Assignment.DoesNotExist:
        raise NotFound("assignment.not_found", "转办任务不存在", {"assignment": assignment}) from None


def _locked_assignment(ctx: ActionContext, assignment_id: int) -> Assignment:
    return Assignment.objects.select_related("unit").get(pk=assignment_id, case=ctx.case)


def _move(ctx: ActionContext, assignment: Assignment) -> AssignmentState:
    return next_assignment_state(ctx.action, AssignmentState(assignment.state))


def sign_for_assignment(
    assignment: Assignment | int,
    *,
    actor: Any,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """签收: the unit acknowledges the assignment; its deadline starts now. Event ``sign_for``."""
    a = _assignment(assignment)
    with case_action(
        a.case_id,
        CaseAction.SIGN_FOR,
        actor=actor,
        now=now,
        expected_version=expected_version,
        unit_id=a.unit_id,
    ) as ctx:
        a = _locked_assignment(ctx, a.pk)
        a.state = _move(ctx, a).value
        a.signed_at = ctx.now
        a.handler = actor
        a.save(update_fields=["state", "signed_at", "handler"])
        deadline = dl.open_deadline(
            ctx.cal,
            case=ctx.case,
            assignment=a,
            kind=DeadlineKind.ASSIGNMENT,
            start=ctx.now,
            limit=a.limit,
            now=ctx.now,
            due_soon_minutes=ctx.policy.due_soon_minutes,
        )
        ctx.data.update(assignment=a.pk, unit=a.unit.code, deadlines=[dl.describe(deadline)])
    return a


def return_assignment(
    assignment: Assignment | int,
    *,
    actor: Any,
    reason: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """退单: the unit sends back an assignment that is not theirs, with the reason; the window then
    re-routes it with a new transfer. Event ``return_assignment``."""
    a = _assignment(assignment)
    with case_action(
        a.case_id,
        CaseAction.RETURN_ASSIGNMENT,
        actor=actor,
        now=now,
        expected_version=expected_version,
        unit_id=a.unit_id,
    ) as ctx:
        a = _locked_assignment(ctx, a.pk)
        if not reason.strip():
            raise DomainError("assignment.reason_required", "请填写退单原因")
        a.state = _move(ctx, a).value
        a.return_reason = reason.strip()
        a.returned_at = ctx.now
        a.save(update_fields=["state", "return_reason", "returned_at"])
        for deadline in a.deadlines.filter(met_at=None, cancelled_at=None):
            dl.cancel(deadline, at=ctx.now)
        ctx.data.update(assignment=a.pk, unit=a.unit.code, reason=a.return_reason)
    return a


def record_resolution(
    assignment: Assignment | int,
    *,
    actor: Any,
    resolution: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """办理结果: what the handling unit did or decided. Meets the assignment's deadline (on time or late).
    Event ``record_resolution``."""
    a = _assignment(assignment)
    with case_action(
        a.case_id,
        CaseAction.RECORD_RESOLUTION,
        actor=actor,
        now=now,
        expected_version=expected_version,
        unit_id=a.unit_id,
    ) as ctx:
        a = _locked_assignment(ctx, a.pk)
        if not resolution.strip():
            raise DomainError("assignment.resolution_required", "请填写办理结果")
        a.state = _move(ctx, a).value
        a.resolution = resolution.strip()
        a.resolved_at = ctx.now
        a.save(update_fields=["state", "resolution", "resolved_at"])
        met = []
        for deadline in a.deadlines.filter(kind=DeadlineKind.ASSIGNMENT, met_at=None, cancelled_at=None):
            dl.meet(ctx.cal, deadline, at=ctx.now)
            met.append(dl.describe(deadline))
        ctx.data.update(assignment=a.pk, unit=a.unit.code, deadlines=met)
    return a


def urge_unit(
    assignment: Assignment | int,
    *,
    actor: Any,
    note: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """催办: a reminder to a unit before a formal supervision notice. Event ``urge``."""
    a = _assignment(assignment)
    with case_action(
        a.case_id, CaseAction.URGE, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        a = _locked_assignment(ctx, a.pk)
        _move(ctx, a)
        a.urge_count += 1
        a.save(update_fields=["urge_count"])
        ctx.data.update(assignment=a.pk, unit=a.unit.code, note=note.strip(), count=a.urge_count)
    return a
