"""Moves that change a clock: extensions (延期) and pauses (容缺受理 / 挂起)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bancheng.cases import deadlines as dl
from bancheng.cases.actions._base import case_action
from bancheng.cases.choices import ExtensionState
from bancheng.cases.models import Case, Deadline, Extension, Pause
from bancheng.domain.deadlines import Limit, PauseMode
from bancheng.domain.errors import DomainError, NotFound, PermissionDenied
from bancheng.domain.lifecycle import CaseAction


def _deadline(deadline: Deadline | int) -> Deadline:
    if isinstance(deadline, Deadline):
        return deadline
    try:
        return Deadline.objects.get(pk=deadline)
    except Deadline.DoesNotExist:
        raise NotFound("deadline.not_found", "时限不存在", {"deadline": deadline}) from None


def request_extension(
    deadline: Deadline | int,
    *,
    actor: Any,
    extra: Limit,
    reason: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Extension:
    """延期申请: only before the deadline passes, with a reason; decided by someone the policy allows.
    Event ``request_extension``."""
    d = _deadline(deadline)
    unit_id = d.assignment.unit_id if d.assignment_id else None
    with case_action(
        d.case_id,
        CaseAction.REQUEST_EXTENSION,
        actor=actor,
        now=now,
        expected_version=expected_version,
        unit_id=unit_id,
    ) as ctx:
        d = Deadline.objects.get(pk=d.pk)
        if not d.is_open:
            raise DomainError("extension.deadline_closed", "该时限已完成，无需延期")
        if ctx.now >= d.due_at:
            raise DomainError("extension.too_late", "已超过办理时限，不能再申请延期", {"due_at": d.due_at})
        if extra.amount <= 0:
            raise DomainError("extension.invalid", "延长时间必须大于零")
        if not reason.strip():
            raise DomainError("extension.reason_required", "请填写延期理由")
        if d.extension_requests.filter(state=ExtensionState.REQUESTED).exists():
            raise DomainError("extension.pending", "该时限已有待审批的延期申请")
        ext = Extension.objects.create(
            case=ctx.case,
            deadline=d,
            requested_by=actor,
            requested_at=ctx.now,
            reason=reason.strip(),
            extra_amount=extra.amount,
            extra_unit=extra.unit.value,
            old_due_at=d.due_at,
        )
        ctx.data.update(extension=ext.pk, deadline=d.pk, extra=extra.to_dict(), reason=ext.reason)
    return ext


def _pending(extension: Extension | int) -> Extension:
    ext_id = extension.pk if isinstance(extension, Extension) else extension
    try:
        return Extension.objects.select_related("deadline").get(pk=ext_id)
    except Extension.DoesNotExist:
        raise NotFound("extension.not_found", "延期申请不存在", {"extension": ext_id}) from None


def _unit_of(ext: Extension) -> int | None:
    """A unit head decides only on the deadlines of their own unit's assignments."""
    assignment = ext.deadline.assignment
    return assignment.unit_id if assignment is not None else None


def _check_approver(actor: Any, roles: tuple[str, ...], ext: Extension) -> None:
    if actor.role not in roles:
        raise PermissionDenied("extension.not_approver", "按照规则，您无权审批延期申请", {"role": actor.role})
    if ext.requested_by_id == actor.pk:
        raise PermissionDenied("extension.self_approval", "不能审批自己提出的延期申请")


def approve_extension(
    extension: Extension | int,
    *,
    actor: Any,
    note: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Extension:
    """批准延期: sets the new deadline and keeps the old one in the record (never past the policy's
    calendar-day cap). Event ``approve_extension``."""
    ext = _pending(extension)
    with case_action(
        ext.case_id,
        CaseAction.APPROVE_EXTENSION,
        actor=actor,
        now=now,
        expected_version=expected_version,
        unit_id=_unit_of(ext),
    ) as ctx:
        ext = Extension.objects.select_related("deadline").get(pk=ext.pk)
        _check_approver(actor, ctx.policy.extension_approver_roles, ext)
        if ext.state != ExtensionState.REQUESTED:
            raise DomainError("extension.decided", "该延期申请已审批")
        d = ext.deadline
        old = d.due_at
        d.extensions = [*d.extensions, Limit(ext.extra_amount, ext.extra_unit).to_dict()]  # type: ignore[arg-type]
        changed = dl.refresh(ctx.cal, d, now=ctx.now, due_soon_minutes=ctx.policy.due_soon_minutes)
        d.save(update_fields=sorted({"extensions", *changed}))
        ext.state = ExtensionState.APPROVED
        ext.decided_by, ext.decided_at, ext.decision_note = actor, ctx.now, note.strip()
        ext.old_due_at, ext.new_due_at = old, d.due_at
        ext.save(
            update_fields=["state", "decided_by", "decided_at", "decision_note", "old_due_at", "new_due_at"]
        )
        ctx.data.update(extension=ext.pk, deadline=d.pk, old_due_at=old, new_due_at=d.due_at)
    return ext


def reject_extension(
    extension: Extension | int,
    *,
    actor: Any,
    note: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Extension:
    """驳回延期: the deadline stays. Event ``reject_extension``."""
    ext = _pending(extension)
    with case_action(
        ext.case_id,
        CaseAction.REJECT_EXTENSION,
        actor=actor,
        now=now,
        expected_version=expected_version,
        unit_id=_unit_of(ext),
    ) as ctx:
        ext = Extension.objects.get(pk=ext.pk)
        _check_approver(actor, ctx.policy.extension_approver_roles, ext)
        if ext.state != ExtensionState.REQUESTED:
            raise DomainError("extension.decided", "该延期申请已审批")
        if not note.strip():
            raise DomainError("extension.note_required", "请填写驳回理由")
        ext.state = ExtensionState.REJECTED
        ext.decided_by, ext.decided_at, ext.decision_note = actor, ctx.now, note.strip()
        ext.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        ctx.data.update(extension=ext.pk, note=ext.decision_note)
    return ext


def pause_case(
    case: Case | int,
    *,
    actor: Any,
    missing_materials: list[str],
    note: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Pause:
    """挂起 / 容缺受理: the case waits for the requester's materials. All missing materials are told at once
    (一次告知) and recorded; every open clock stops. Event ``pause``."""
    materials = [m.strip() for m in missing_materials if m.strip()]
    with case_action(case, CaseAction.PAUSE, actor=actor, now=now, expected_version=expected_version) as ctx:
        if not materials:
            raise DomainError("pause.materials_required", "请列出需要补齐的全部材料（一次告知）")
        pause = Pause.objects.create(
            case=ctx.case, paused_at=ctx.now, paused_by=actor, missing_materials=materials, note=note.strip()
        )
        stopped = ctx.case.deadlines.filter(met_at=None, cancelled_at=None, paused_at=None)
        ids = list(stopped.values_list("pk", flat=True))
        stopped.update(paused_at=ctx.now)
        ctx.set(paused=True)
        ctx.data.update(pause=pause.pk, missing_materials=materials, deadlines=ids)
    return pause


def resume_case(
    case: Case | int,
    *,
    actor: Any,
    note: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Pause:
    """恢复办理: the materials are complete. By policy the clock either moves later by the working time
    the pause covered (extend) or restarts from now (restart, seed 004: 补齐后重新计算办理时间).
    Event ``resume``."""
    with case_action(case, CaseAction.RESUME, actor=actor, now=now, expected_version=expected_version) as ctx:
        pause = ctx.case.pauses.filter(resumed_at=None).order_by("-paused_at").first()
        if pause is None:
            raise DomainError("case.not_paused", "诉求件未挂起，无需恢复")
        pause.resumed_at, pause.resumed_by = ctx.now, actor
        pause.save(update_fields=["resumed_at", "resumed_by"])
        moved = []
        for d in ctx.case.deadlines.filter(met_at=None, cancelled_at=None).exclude(paused_at=None):
            if ctx.policy.pause_mode is PauseMode.RESTART:
                d.started_at, d.pause_minutes, d.extensions = ctx.now, 0, []
            else:
                d.pause_minutes += max(0, ctx.cal.business_minutes_between(d.paused_at, ctx.now))
            d.paused_at = None
            old = d.due_at
            changed = dl.refresh(ctx.cal, d, now=ctx.now, due_soon_minutes=ctx.policy.due_soon_minutes)
            d.save(update_fields=sorted({"started_at", "pause_minutes", "extensions", "paused_at", *changed}))
            moved.append({"id": d.pk, "old_due_at": old, "new_due_at": d.due_at})
        ctx.set(paused=False)
        ctx.data.update(pause=pause.pk, mode=ctx.policy.pause_mode.value, deadlines=moved, note=note.strip())
    return pause
