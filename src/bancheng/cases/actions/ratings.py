"""The bad-rating loop (差评核实整改) and its appeal (差评申诉): verify, assign the rectification, record
it, tell the requester, visit again; appeal a rating given by mistake and decide the appeal.

The loop is opened by ``record_visit`` itself (``open_rating_review``, in the visit's own transaction and
event). Each step here is one case action: one transaction, the case row locked, one event on the case's
timeline. The rules are in ``bancheng.domain.ratings``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bancheng.cases import deadlines as dl
from bancheng.cases.actions._base import ActionContext, case_action
from bancheng.cases.choices import DeadlineKind
from bancheng.cases.models import FollowUpVisit
from bancheng.domain.errors import DomainError, NotFound, PermissionDenied
from bancheng.domain.lifecycle import CaseAction
from bancheng.domain.ratings import (
    AppealState,
    ReviewOutcome,
    ReviewState,
    check_appeal_allowed,
    check_appeal_decision,
    is_bad_rating,
    next_review_state,
)
from bancheng.org.choices import Role
from bancheng.org.models import Unit
from bancheng.ratings.models import RatingAppeal, RatingReview

UNIT_ROLES = {Role.HANDLER, Role.UNIT_HEAD}


def open_rating_review(ctx: ActionContext, visit: FollowUpVisit) -> RatingReview | None:
    """Inside the visit's action: a bad rating (``Policy.bad_rating``) opens the loop, waiting for the
    center office to verify it. Returns the review, or None for a rating that is not bad."""
    if not is_bad_rating(visit.satisfaction, ctx.policy.bad_rating):
        return None
    review = RatingReview.objects.create(
        case=ctx.case,
        visit=visit,
        satisfaction=visit.satisfaction,
        opened_at=ctx.now,
        state=ReviewState.VERIFYING.value,
    )
    ctx.data["rating_review"] = review.pk
    return review


def open_reviews(case: Any) -> int:
    """How many bad-rating loops of the case have not ended yet."""
    return RatingReview.objects.filter(case=case).exclude(state=ReviewState.CLOSED.value).count()


def _review(ctx: ActionContext, review_id: int) -> RatingReview:
    review = RatingReview.objects.select_for_update().filter(pk=review_id, case=ctx.case).first()
    if review is None:
        raise NotFound("rating.not_found", "差评处理记录不存在", {"review": review_id})
    return review


def _case_of(review: RatingReview | int) -> tuple[int, int]:
    if isinstance(review, RatingReview):
        return review.case_id, review.pk
    found = RatingReview.objects.filter(pk=review).values_list("case_id", flat=True).first()
    if found is None:
        raise NotFound("rating.not_found", "差评处理记录不存在", {"review": review})
    return found, review


def _move(ctx: ActionContext, review: RatingReview) -> ReviewState:
    target = next_review_state(ctx.action, ReviewState(review.state))
    ctx.data.update(rating_review=review.pk, review_before=review.state, review_after=target.value)
    return target


def _required(text: str, code: str, message: str, field: str) -> str:
    if not text.strip():
        raise DomainError(code, message, {"field": field})
    return text.strip()


def verify_bad_rating(
    review: RatingReview | int,
    *,
    actor: Any,
    note: str,
    needs_rectification: bool,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> RatingReview:
    """差评核实: the center office checks the rating with the requester and records what it found. A rating
    that only needs explaining (the answer was right; 缺乏法定依据的，做好解释说明) ends the loop as
    ``explained``; otherwise it waits for a rectification. Event ``verify_bad_rating``."""
    case_id, review_id = _case_of(review)
    with case_action(
        case_id, CaseAction.VERIFY_BAD_RATING, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        row = _review(ctx, review_id)
        target = _move(ctx, row)
        row.verification_note = _required(note, "rating.note_required", "请填写核实情况", "note")
        row.verified_at, row.verified_by = ctx.now, actor
        fields = ["verification_note", "verified_at", "verified_by", "state"]
        if needs_rectification:
            row.state = target.value
        else:
            row.state, row.outcome, row.closed_at = (
                ReviewState.CLOSED.value,
                ReviewOutcome.EXPLAINED.value,
                ctx.now,
            )
            fields += ["outcome", "closed_at"]
            ctx.data.update(review_after=row.state, outcome=row.outcome)
        row.save(update_fields=fields)
        ctx.data["needs_rectification"] = needs_rectification
    return row


def assign_rectification(
    review: RatingReview | int,
    *,
    actor: Any,
    unit_id: int,
    requirement: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> RatingReview:
    """交办整改: a confirmed bad rating goes to a unit with what to rectify; the rectification deadline is
    ``Policy.rectify_limit`` from now. Event ``assign_rectification``."""
    case_id, review_id = _case_of(review)
    with case_action(
        case_id, CaseAction.ASSIGN_RECTIFICATION, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        row = _review(ctx, review_id)
        target = _move(ctx, row)
        unit = Unit.objects.filter(pk=unit_id, active=True).first()
        if unit is None:
            raise DomainError("rating.unknown_unit", "整改单位不存在或已停用", {"field": "unit"})
        row.requirement = _required(
            requirement, "rating.requirement_required", "请填写整改要求", "requirement"
        )
        deadline = dl.open_deadline(
            ctx.cal,
            case=ctx.case,
            kind=DeadlineKind.RECTIFICATION,
            start=ctx.now,
            limit=ctx.policy.rectify_limit,
            now=ctx.now,
            due_soon_minutes=ctx.policy.due_soon_minutes,
        )
        row.unit, row.assigned_at, row.assigned_by, row.deadline = unit, ctx.now, actor, deadline
        row.state = target.value
        row.save(update_fields=["requirement", "unit", "assigned_at", "assigned_by", "deadline", "state"])
        ctx.data.update(unit=unit.code, deadlines=[dl.describe(deadline)])
    return row


def record_rectification(
    review: RatingReview | int,
    *,
    actor: Any,
    rectification: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> RatingReview:
    """整改结果: the unit the rectification was assigned to records what it changed; the rectification
    deadline is met (on time or late). Only that unit may. Event ``record_rectification``."""
    case_id, review_id = _case_of(review)
    unit_id = RatingReview.objects.filter(pk=review_id).values_list("unit_id", flat=True).first()
    with case_action(
        case_id,
        CaseAction.RECORD_RECTIFICATION,
        actor=actor,
        now=now,
        expected_version=expected_version,
        unit_id=unit_id,  # before assignment the loop's state refuses
    ) as ctx:
        row = _review(ctx, review_id)
        target = _move(ctx, row)
        row.rectification = _required(
            rectification, "rating.rectification_required", "请填写整改结果", "rectification"
        )
        row.rectified_at, row.rectified_by, row.state = ctx.now, actor, target.value
        row.save(update_fields=["rectification", "rectified_at", "rectified_by", "state"])
        if row.deadline_id is not None:
            deadline = ctx.case.deadlines.get(pk=row.deadline_id)
            if deadline.is_open:
                dl.meet(ctx.cal, deadline, at=ctx.now)
            ctx.data["deadlines"] = [dl.describe(deadline)]
    return row


def give_rectification_feedback(
    review: RatingReview | int,
    *,
    actor: Any,
    feedback: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> RatingReview:
    """整改反馈: the window tells the requester what was rectified. Event ``give_rectification_feedback``."""
    case_id, review_id = _case_of(review)
    with case_action(
        case_id,
        CaseAction.GIVE_RECTIFICATION_FEEDBACK,
        actor=actor,
        now=now,
        expected_version=expected_version,
    ) as ctx:
        row = _review(ctx, review_id)
        target = _move(ctx, row)
        row.feedback = _required(feedback, "rating.feedback_required", "请填写反馈内容", "feedback")
        row.feedback_at, row.feedback_by, row.state = ctx.now, actor, target.value
        row.save(update_fields=["feedback", "feedback_at", "feedback_by", "state"])
    return row


def revisit_bad_rating(
    review: RatingReview | int,
    *,
    actor: Any,
    contacted: bool,
    solved: bool,
    satisfaction: str,
    comment: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> FollowUpVisit:
    """整改回访: a second follow-up visit after the rectification, with the same three answers; it ends the
    loop (``revisited``). While the case still waits at ``visited`` the new satisfaction becomes the case's,
    so the closing rule (销号) looks at it; a still-bad rating does not open another loop: the case is then
    closed with the compliance reason or reopened (重办). Event ``revisit_bad_rating``."""
    case_id, review_id = _case_of(review)
    with case_action(
        case_id, CaseAction.REVISIT_BAD_RATING, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        row = _review(ctx, review_id)
        target = _move(ctx, row)
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
        row.revisit, row.state = visit, target.value
        row.outcome, row.closed_at = ReviewOutcome.REVISITED.value, ctx.now
        row.save(update_fields=["revisit", "state", "outcome", "closed_at"])
        if ctx.case.state == "visited":
            ctx.set(satisfaction=satisfaction, visited_at=ctx.now)
        ctx.data.update(visit=visit.pk, contacted=contacted, solved=solved, satisfaction=satisfaction)
    return visit


def appeal_rating(
    review: RatingReview | int,
    *,
    actor: Any,
    reason: str,
    evidence: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
) -> RatingAppeal:
    """差评申诉: a rating given by mistake (误评) is appealed, with the reason and what supports it, once per
    bad rating while its loop is open. A unit appeals only a case it handled or was told to rectify; the
    window appeals for its own answers. Event ``appeal_rating``."""
    case_id, review_id = _case_of(review)
    with case_action(
        case_id, CaseAction.APPEAL_RATING, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        row = _review(ctx, review_id)
        if actor.role in UNIT_ROLES and not _unit_concerned(row, actor.unit_id):
            raise PermissionDenied("auth.other_unit", "只能对本单位承办或整改的诉求件申诉")
        check_appeal_allowed(ReviewState(row.state), row.appeals.count())
        appeal = RatingAppeal.objects.create(
            review=row,
            case=ctx.case,
            visit_id=row.visit_id,
            appellant=actor,
            appellant_unit_id=actor.unit_id,
            appealed_at=ctx.now,
            reason=_required(reason, "rating.reason_required", "请填写申诉理由", "reason"),
            evidence=evidence.strip(),
            state=AppealState.PENDING.value,
        )
        ctx.data.update(rating_review=row.pk, appeal=appeal.pk)
    return appeal


def _unit_concerned(review: RatingReview, unit_id: int | None) -> bool:
    if unit_id is None:
        return False
    return review.unit_id == unit_id or review.case.assignments.filter(unit_id=unit_id).exists()


def decide_appeal(
    appeal: RatingAppeal | int,
    *,
    actor: Any,
    approved: bool,
    note: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> RatingAppeal:
    """申诉复核: the center office, customer service or a leader decides a pending appeal, with the reason.
    Approved: the rating was a mistake: the loop ends (``appeal_approved``) and the rating no longer counts
    in the visit-based statistics (响应率, 解决率, 满意率); a rectification deadline still open is cancelled.
    Rejected: recorded, and the loop goes on. Event ``decide_appeal``."""
    appeal_id = appeal.pk if isinstance(appeal, RatingAppeal) else appeal
    case_id = RatingAppeal.objects.filter(pk=appeal_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound("rating.appeal_not_found", "差评申诉不存在", {"appeal": appeal_id})
    with case_action(
        case_id, CaseAction.DECIDE_APPEAL, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        row = RatingAppeal.objects.select_for_update().select_related("review").get(pk=appeal_id)
        decision = check_appeal_decision(AppealState(row.state), approved, note)
        row.state, row.decided_by, row.decided_at = decision.value, actor, ctx.now
        row.decision_note = note.strip()
        row.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        ctx.data.update(appeal=row.pk, rating_review=row.review_id, decision=decision.value)
        review = row.review
        if decision is AppealState.APPROVED and review.state != ReviewState.CLOSED:
            review.state, review.outcome = ReviewState.CLOSED.value, ReviewOutcome.APPEAL_APPROVED.value
            review.closed_at = ctx.now
            review.save(update_fields=["state", "outcome", "closed_at"])
            ctx.data["review_after"] = review.state
            if review.deadline_id is not None:
                deadline = ctx.case.deadlines.get(pk=review.deadline_id)
                if deadline.is_open:
                    dl.cancel(deadline, at=ctx.now)
    return row
