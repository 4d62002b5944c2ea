"""The end of a case: feedback, negative filing, follow-up visit, close, reopen, referral, withdraw,
archive."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bancheng.cases import deadlines as dl
from bancheng.cases.actions._base import case_action
from bancheng.cases.actions.ratings import open_rating_review, open_reviews
from bancheng.cases.actions.registration import meet_case_deadlines
from bancheng.cases.choices import DeadlineKind, Outcome
from bancheng.cases.models import Case, FollowUpVisit, NegativeFiling, Referral
from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import (
    OPEN_ASSIGNMENT_STATES,
    AssignmentState,
    CaseAction,
    check_closing_rule,
    check_feedback_basis,
    check_feedback_ready,
)
from bancheng.domain.ratings import check_loop_ended


def _open_assignments(case: Case) -> int:
    return case.assignments.filter(state__in=[s.value for s in OPEN_ASSIGNMENT_STATES]).count()


def give_feedback(
    case: Case | int,
    *,
    actor: Any,
    feedback: str,
    solved: bool,
    basis: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """结果反馈: tell the requester the result once every assignment is resolved or returned; when the
    answer is no, the policy basis must be given (seed 000: 应出具相关政策法规或依据). Meets the feedback
    deadline. Event ``give_feedback``."""
    with case_action(
        case, CaseAction.GIVE_FEEDBACK, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        check_feedback_ready(_open_assignments(ctx.case))
        check_feedback_basis(solved, basis)
        if not feedback.strip():
            raise DomainError("case.feedback_required", "请填写反馈内容")
        resolutions = "\n".join(
            f"{a.unit.name}：{a.resolution}"
            for a in ctx.case.assignments.select_related("unit").filter(state=AssignmentState.RESOLVED)
        )
        ctx.set(
            outcome=(Outcome.SOLVED if solved else Outcome.NOT_SOLVED).value,
            feedback=feedback.strip(),
            feedback_basis=basis.strip(),
            feedback_at=ctx.now,
            resolution=ctx.case.resolution or resolutions,
        )
        ctx.data["deadlines"] = meet_case_deadlines(ctx.cal, ctx.case, ctx.now)


def file_negative(
    case: Case | int,
    *,
    actor: Any,
    legal_basis: str,
    explanation: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> NegativeFiling:
    """否定备案: a matter that truly cannot be done is filed with its legal basis, and the explanation
    given to the requester counts as the feedback (seed 000 五(三)). Event ``file_negative``."""
    with case_action(
        case, CaseAction.FILE_NEGATIVE, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        check_feedback_ready(_open_assignments(ctx.case))
        if not legal_basis.strip() or not explanation.strip():
            raise DomainError("case.negative_incomplete", "否定备案须写明法律政策依据和向群众所作的解释说明")
        filing = NegativeFiling.objects.create(
            case=ctx.case,
            filed_at=ctx.now,
            filed_by=actor,
            legal_basis=legal_basis.strip(),
            explanation=explanation.strip(),
        )
        ctx.set(
            outcome=Outcome.NEGATIVE_FILING.value,
            feedback=filing.explanation,
            feedback_basis=filing.legal_basis,
            feedback_at=ctx.now,
        )
        ctx.data.update(filing=filing.pk, deadlines=meet_case_deadlines(ctx.cal, ctx.case, ctx.now))
    return filing


def record_visit(
    case: Case | int,
    *,
    actor: Any,
    contacted: bool,
    solved: bool,
    satisfaction: str,
    comment: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> FollowUpVisit:
    """回访: three answers: was the requester contacted, was the problem solved, how satisfied on the
    policy's scale. A bad rating (``Policy.bad_rating``) opens its review loop in the same transaction
    (``rating_review`` in the event). Event ``record_visit``."""
    with case_action(
        case, CaseAction.RECORD_VISIT, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        ctx.policy.satisfaction(satisfaction)
        visit = FollowUpVisit.objects.create(
            case=ctx.case,
            visited_at=ctx.now,
            visited_by=actor,
            contacted=contacted,
            solved=solved,
            satisfaction=satisfaction,
            comment=comment.strip(),
        )
        ctx.set(satisfaction=satisfaction, visited_at=ctx.now)
        ctx.data.update(visit=visit.pk, contacted=contacted, solved=solved, satisfaction=satisfaction)
        open_rating_review(ctx, visit)  # a bad rating opens its own loop (差评核实整改)
    return visit


def close_case(
    case: Case | int,
    *,
    actor: Any,
    compliance_reason: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """销号办结: satisfied or basically satisfied closes; still unsatisfied closes only when the answer
    complies with law and policy, with that reason recorded; otherwise it is refused. Event ``close``."""
    with case_action(case, CaseAction.CLOSE, actor=actor, now=now, expected_version=expected_version) as ctx:
        reason = compliance_reason.strip()
        check_closing_rule(ctx.case.satisfaction or None, ctx.policy.closing_satisfaction, reason)
        ctx.set(closed_at=ctx.now, close_reason=reason)


def reopen_case(
    case: Case | int,
    *,
    actor: Any,
    reason: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """重办: an unsatisfied requester whose answer was not compliant sends the case back to handling,
    with a new feedback deadline of the case's class from now. Event ``reopen``."""
    with case_action(case, CaseAction.REOPEN, actor=actor, now=now, expected_version=expected_version) as ctx:
        if not reason.strip():
            raise DomainError("case.reason_required", "请填写重办原因")
        if ctx.case.satisfaction in ctx.policy.closing_satisfaction:
            raise DomainError("case.reopen_satisfied", "诉求人已表示满意，不能重办")
        klass = ctx.policy.case_class(ctx.case.case_class)
        deadline = dl.open_deadline(
            ctx.cal,
            case=ctx.case,
            kind=DeadlineKind.FEEDBACK,
            start=ctx.now,
            limit=klass.feedback_limit,
            cap_days=ctx.policy.calendar_cap_days,
            now=ctx.now,
            due_soon_minutes=ctx.policy.due_soon_minutes,
        )
        ctx.set(
            reopen_count=ctx.case.reopen_count + 1,
            outcome="",
            feedback_at=None,
            satisfaction="",
            closed_at=None,
            close_reason="",
        )
        ctx.data.update(reason=reason.strip(), deadlines=[dl.describe(deadline)])


def refer_case(
    case: Case | int,
    *,
    actor: Any,
    content: str,
    body: str = "纪检监察部门",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Referral:
    """线索移送: a lead of misconduct (不作为、慢作为、乱作为、吃拿卡要) goes to discipline inspection
    (seed 000 五(5)). Event ``refer``."""
    with case_action(case, CaseAction.REFER, actor=actor, now=now, expected_version=expected_version) as ctx:
        if not content.strip():
            raise DomainError("case.referral_incomplete", "请填写移送的问题线索")
        referral = Referral.objects.create(
            case=ctx.case, referred_at=ctx.now, referred_by=actor, body=body.strip(), content=content.strip()
        )
        ctx.data.update(referral=referral.pk, body=referral.body)
    return referral


def withdraw_case(
    case: Case | int,
    *,
    actor: Any,
    reason: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """撤回: the requester no longer needs it. Open assignments are cancelled, clocks stop. Event ``withdraw``."""
    with case_action(
        case, CaseAction.WITHDRAW, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        if not reason.strip():
            raise DomainError("case.reason_required", "请填写撤回原因")
        open_ids = list(
            ctx.case.assignments.filter(state__in=[s.value for s in OPEN_ASSIGNMENT_STATES]).values_list(
                "pk", flat=True
            )
        )
        ctx.case.assignments.filter(pk__in=open_ids).update(state=AssignmentState.CANCELLED.value)
        for d in ctx.case.deadlines.filter(met_at=None, cancelled_at=None):
            dl.cancel(d, at=ctx.now)
        ctx.set(closed_at=ctx.now, close_reason=reason.strip(), paused=False)
        ctx.data.update(reason=reason.strip(), cancelled_assignments=open_ids)


def archive_case(
    case: Case | int, *, actor: Any, now: datetime | None = None, expected_version: int | None = None
) -> None:
    """归档 / 立卷: the case file is frozen; nothing changes afterwards. In the same transaction the case
    file is built and stored (one PDF: cover, every form, timeline, feedback, visits, attachment list; one
    ZIP of the original attachments), so a failure leaves the case unarchived. Event ``archive`` with the
    case file's checksums."""
    from bancheng.documents.casefile import build_case_file

    with case_action(
        case, CaseAction.ARCHIVE, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        check_loop_ended(open_reviews(ctx.case))
        ctx.set(archived_at=ctx.now, archive_number=f"GD-{ctx.case.number}")
        case_file = build_case_file(
            ctx.case, ctx.policy, archive_number=ctx.case.archive_number, actor=actor, now=ctx.now
        )
        ctx.data["case_file"] = {
            "id": case_file.pk,
            "pdf_sha256": case_file.pdf_sha256,
            "zip_sha256": case_file.zip_sha256,
            "attachments": len(case_file.attachments),
        }
