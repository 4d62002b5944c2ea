"""Escalation (提级办理) and supervision notices (问题督办单)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bancheng.cases import deadlines as dl
from bancheng.cases.actions._base import ActionContext, case_action
from bancheng.cases.choices import DeadlineKind, NoticeState
from bancheng.cases.models import Assignment, Case, Deadline, SupervisionNotice
from bancheng.cases.numbers import next_notice_number
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError, NotFound
from bancheng.domain.lifecycle import AssignmentState, CaseAction, check_escalation, next_assignment_state


def escalate_case(
    case: Case | int,
    *,
    actor: Any,
    reason: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """提级办理: what cannot be settled at this level goes up one: unit head → customer service /
    leadership office → leadership group / director's meeting (seed 000 五(三)). Event ``escalate``."""
    with case_action(
        case, CaseAction.ESCALATE, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        if not reason.strip():
            raise DomainError("case.reason_required", "请填写提级原因")
        level = check_escalation(
            ctx.case.escalation_level, up=True, max_level=ctx.policy.max_escalation_level
        )
        ctx.set(escalation_level=level)
        ctx.data.update(reason=reason.strip(), level_code=ctx.policy.escalation_level(level).code)


def deescalate_case(
    case: Case | int,
    *,
    actor: Any,
    reason: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """降级: the higher level hands the case back down one level. Event ``deescalate``."""
    with case_action(
        case, CaseAction.DEESCALATE, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        if not reason.strip():
            raise DomainError("case.reason_required", "请填写降级原因")
        level = check_escalation(
            ctx.case.escalation_level, up=False, max_level=ctx.policy.max_escalation_level
        )
        ctx.set(escalation_level=level)
        ctx.data.update(reason=reason.strip(), level_code=ctx.policy.escalation_level(level).code)


def issue_supervision_notice(
    assignment: Assignment | int,
    *,
    actor: Any,
    content: str,
    requirement: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> SupervisionNotice:
    """下达督办单: the center office issues a numbered notice to the unit of a late or stuck assignment
    (seed 000 四(三): 未按规定时限办结的事项，由中心办公室向相关部门下达督办单). The unit must answer
    within the policy's limit. Event ``issue_supervision_notice``."""
    a_id = assignment.pk if isinstance(assignment, Assignment) else assignment
    a = Assignment.objects.filter(pk=a_id).first()
    if a is None:
        raise NotFound("assignment.not_found", "转办任务不存在", {"assignment": a_id})
    with case_action(
        a.case_id,
        CaseAction.ISSUE_SUPERVISION_NOTICE,
        actor=actor,
        now=now,
        expected_version=expected_version,
    ) as ctx:
        a = Assignment.objects.select_related("unit").get(pk=a.pk)
        next_assignment_state(ctx.action, AssignmentState(a.state))
        if not content.strip() or not requirement.strip():
            raise DomainError("notice.incomplete", "请填写督办事项和督办要求")
        notice = write_notice(ctx, a, issued_by=actor, content=content, requirement=requirement)
    return notice


def write_notice(
    ctx: ActionContext,
    a: Assignment,
    *,
    issued_by: Any,
    content: str,
    requirement: str,
    overdue_deadline: Deadline | None = None,
) -> SupervisionNotice:
    """The body shared by the office's notice and the sweep's automatic one: the numbered notice, the
    unit's answer deadline (policy ``notice_answer_limit``), and the event data."""
    notice = SupervisionNotice.objects.create(
        number=next_notice_number(ctx.now.astimezone(TZ).year),
        case=ctx.case,
        assignment=a,
        unit=a.unit,
        issued_by=issued_by,
        issued_at=ctx.now,
        overdue_deadline=overdue_deadline,
        content=content.strip(),
        requirement=requirement.strip(),
    )
    deadline = dl.open_deadline(
        ctx.cal,
        case=ctx.case,
        assignment=a,
        kind=DeadlineKind.NOTICE_ANSWER,
        start=ctx.now,
        limit=ctx.policy.notice_answer_limit,
        now=ctx.now,
        due_soon_minutes=ctx.policy.due_soon_minutes,
    )
    ctx.data.update(
        notice=notice.number, unit=a.unit.code, assignment=a.pk, deadlines=[dl.describe(deadline)]
    )
    return notice


def answer_supervision_notice(
    notice: SupervisionNotice | int,
    *,
    actor: Any,
    answer: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> SupervisionNotice:
    """答复督办单: the unit reports what it has done. Event ``answer_supervision_notice``."""
    n_id = notice.pk if isinstance(notice, SupervisionNotice) else notice
    n = SupervisionNotice.objects.filter(pk=n_id).first()
    if n is None:
        raise NotFound("notice.not_found", "督办单不存在", {"notice": n_id})
    with case_action(
        n.case_id,
        CaseAction.ANSWER_SUPERVISION_NOTICE,
        actor=actor,
        now=now,
        expected_version=expected_version,
        unit_id=n.unit_id,
    ) as ctx:
        n = SupervisionNotice.objects.get(pk=n.pk)
        if n.state != NoticeState.ISSUED:
            raise DomainError("notice.answered", "该督办单已答复")
        if not answer.strip():
            raise DomainError("notice.answer_required", "请填写落实情况")
        n.state, n.answer, n.answered_by, n.answered_at = NoticeState.ANSWERED, answer.strip(), actor, ctx.now
        n.save(update_fields=["state", "answer", "answered_by", "answered_at"])
        for d in ctx.case.deadlines.filter(
            kind=DeadlineKind.NOTICE_ANSWER, assignment_id=n.assignment_id, met_at=None, cancelled_at=None
        ):
            dl.meet(ctx.cal, d, at=ctx.now)
        ctx.data.update(notice=n.number, answer=n.answer)
    return n
