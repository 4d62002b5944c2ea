"""What the sweep does by itself when a case goes late (催办督办自动化): the automatic supervision notice
for a late assignment, and the escalation of a notice left unanswered. Both are system actions (actor
``None``), keyed on state so that a second sweep, or a rerun after a crash, finds nothing more to do."""

from __future__ import annotations

from datetime import datetime

from bancheng.cases.actions._base import case_action
from bancheng.cases.actions.supervision import write_notice
from bancheng.cases.choices import DeadlineKind, NoticeState
from bancheng.cases.models import Deadline, SupervisionNotice
from bancheng.domain.deadlines import DeadlineStatus
from bancheng.domain.lifecycle import AssignmentState, CaseAction, next_assignment_state

AUTO_NOTICE_CONTENT = "该转办事项已超过办理时限未办结（系统自动督办）"
AUTO_NOTICE_REQUIREMENT = "请立即落实办理，并在规定时限内书面答复办理情况"
UNANSWERED_REASON = "督办单逾期未答复"


def supervise_overdue_assignment(deadline_id: int, *, now: datetime) -> SupervisionNotice | None:
    """超时自动督办: an overdue assignment deadline gets one numbered notice from the center office to its
    unit (seed 000 四(三)), when the case's policy says so (``supervision_after_overdue``). Returns
    ``None`` (and writes nothing) when the deadline no longer needs one: met, cancelled, not overdue, its
    notice already issued, the office already issued one by hand since it fell due, or the policy is off.
    Event ``supervise_overdue`` (the same data as ``issue_supervision_notice``)."""
    case_id = Deadline.objects.filter(pk=deadline_id).values_list("case_id", flat=True).first()
    if case_id is None:
        return None
    with case_action(case_id, CaseAction.SUPERVISE_OVERDUE, actor=None, now=now) as ctx:
        ctx.record = False
        d = (
            Deadline.objects.select_related("assignment__unit")
            .filter(pk=deadline_id, kind=DeadlineKind.ASSIGNMENT, met_at=None, cancelled_at=None)
            .filter(status=DeadlineStatus.OVERDUE.value)
            .first()
        )
        if d is None or d.assignment is None or not ctx.policy.supervision_after_overdue:
            return None
        if SupervisionNotice.objects.filter(overdue_deadline=d).exists():
            return None  # under the case lock: a concurrent sweep issued it first
        if d.assignment.notices.filter(issued_at__gte=d.due_at).exists():
            return None  # the office has already supervised this late assignment by hand
        next_assignment_state(ctx.action, AssignmentState(d.assignment.state))
        ctx.record = True
        notice = write_notice(
            ctx,
            d.assignment,
            issued_by=None,
            content=AUTO_NOTICE_CONTENT,
            requirement=AUTO_NOTICE_REQUIREMENT,
            overdue_deadline=d,
        )
        ctx.data.update(overdue_deadline=d.pk, automatic=True)
    return notice


def escalate_unanswered_notice(notice_id: int, *, now: datetime) -> bool:
    """督办单逾期未答复提级: a notice whose answer deadline went overdue moves the case up one level
    (reason 督办单逾期未答复), at most to the policy's top level; each notice does this once
    (``escalated_at``). Returns whether the case moved. Event ``escalate_unanswered``; at the top level
    the notice is only marked, and the event says ``capped``."""
    case_id = SupervisionNotice.objects.filter(pk=notice_id).values_list("case_id", flat=True).first()
    if case_id is None:
        return False
    with case_action(case_id, CaseAction.ESCALATE_UNANSWERED, actor=None, now=now) as ctx:
        ctx.record = False
        n = SupervisionNotice.objects.filter(
            pk=notice_id, state=NoticeState.ISSUED, escalated_at=None
        ).first()
        if n is None:
            return False
        late = Deadline.objects.filter(
            case_id=case_id,
            kind=DeadlineKind.NOTICE_ANSWER,
            assignment_id=n.assignment_id,
            met_at=None,
            cancelled_at=None,
            status=DeadlineStatus.OVERDUE.value,
        ).exists()
        if not late:
            return False
        n.escalated_at = ctx.now
        n.save(update_fields=["escalated_at"])
        ctx.record = True
        top = ctx.policy.max_escalation_level
        level = min(ctx.case.escalation_level + 1, top)
        moved = level != ctx.case.escalation_level
        ctx.set(escalation_level=level)
        ctx.data.update(
            reason=UNANSWERED_REASON,
            notice=n.number,
            unit=n.unit.code,
            level_code=ctx.policy.escalation_level(level).code,
            capped=not moved,
        )
    return moved
