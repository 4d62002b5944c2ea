"""Reads of the bad-rating loop, scoped to the viewer, and the buttons a viewer may press now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from bancheng.cases import permissions
from bancheng.cases.selectors import cases_visible_to
from bancheng.domain.lifecycle import CaseAction, CaseState
from bancheng.domain.ratings import AppealState, ReviewState, review_actions
from bancheng.org.choices import Role
from bancheng.ratings.models import RatingAppeal, RatingReview

A = CaseAction
UNIT_ROLES = {Role.HANDLER, Role.UNIT_HEAD}
# Who opens /ratings/: everyone who works on cases; the administrator does not.
PAGE_ROLES = {
    Role.CASE_OFFICER,
    Role.HANDLER,
    Role.UNIT_HEAD,
    Role.CENTER_OFFICE,
    Role.CUSTOMER_SERVICE,
    Role.LEADER,
    Role.AUDITOR,
}


def reviews_visible_to(user: Any) -> QuerySet[RatingReview]:
    """The loops a user may see: those of the cases they may see, and for a unit also the loops whose
    rectification was assigned to it (even when no part of the case was transferred to it)."""
    base = RatingReview.objects.select_related("case", "unit", "visit")
    visible = Q(case__in=cases_visible_to(user).values("pk"))
    if getattr(user, "role", None) in UNIT_ROLES and user.unit_id is not None:
        visible |= Q(unit_id=user.unit_id)
    return base.filter(visible)


def open_reviews(user: Any) -> QuerySet[RatingReview]:
    return reviews_visible_to(user).exclude(state=ReviewState.CLOSED.value).order_by("opened_at", "pk")


def pending_appeals(user: Any) -> QuerySet[RatingAppeal]:
    reviews = reviews_visible_to(user).values("pk")
    return (
        RatingAppeal.objects.filter(review__in=reviews, state=AppealState.PENDING.value)
        .select_related("case", "appellant", "appellant_unit")
        .order_by("appealed_at", "pk")
    )


@dataclass(frozen=True)
class Button:
    code: str
    label: str
    url_kind: str = "review"  # "review" or "appeal"
    target: int = 0


def _role_may(user: Any, action: CaseAction) -> bool:
    return bool(user.is_active and user.role in permissions.ROLES_BY_ACTION.get(action, set()))


def review_buttons(user: Any, review: RatingReview, case_state: str) -> list[Button]:
    """The loop actions this user may take on this review now (role, unit, the loop's state)."""
    if case_state == CaseState.ARCHIVED:
        return []
    state = ReviewState(review.state)
    buttons = []
    for action in review_actions(state):
        if not _role_may(user, action):
            continue
        if action is A.RECORD_RECTIFICATION and user.unit_id != review.unit_id:
            continue
        buttons.append(Button(action.value, action.label, target=review.pk))
    may_appeal = (
        state is not ReviewState.CLOSED and _role_may(user, A.APPEAL_RATING) and not _appealed(review)
    )
    if may_appeal and (user.role not in UNIT_ROLES or _unit_concerned(review, user.unit_id)):
        buttons.append(Button(A.APPEAL_RATING.value, A.APPEAL_RATING.label, target=review.pk))
    return buttons


def appeal_buttons(user: Any, appeal: RatingAppeal) -> list[Button]:
    if appeal.state != AppealState.PENDING or not _role_may(user, A.DECIDE_APPEAL):
        return []
    return [Button(A.DECIDE_APPEAL.value, A.DECIDE_APPEAL.label, url_kind="appeal", target=appeal.pk)]


def _appealed(review: RatingReview) -> bool:
    cached = getattr(review, "_prefetched_objects_cache", {}).get("appeals")
    return bool(cached) if cached is not None else review.appeals.exists()


def _unit_concerned(review: RatingReview, unit_id: int | None) -> bool:
    if unit_id is None:
        return False
    return review.unit_id == unit_id or review.case.assignments.filter(unit_id=unit_id).exists()


def case_loops(user: Any, case: Any) -> list[dict[str, Any]]:
    """The loops of one case for its page, each with its appeals and the buttons for this user: one query,
    and one more only when some loop has an appeal."""
    reviews = list(
        RatingReview.objects.filter(case=case)
        .select_related("unit", "deadline", "revisit", "verified_by")
        .annotate(appeal_count=Count("appeals"))
        .order_by("opened_at", "pk")
    )
    appeals: dict[int, list[RatingAppeal]] = {r.pk: [] for r in reviews}
    if any(r.appeal_count for r in reviews):  # type: ignore[attr-defined]
        found = RatingAppeal.objects.filter(review__in=[r.pk for r in reviews if r.appeal_count])  # type: ignore[attr-defined]
        for appeal in found.select_related("appellant", "decided_by", "appellant_unit").order_by("pk"):
            appeals[appeal.review_id].append(appeal)  # type: ignore[attr-defined]
    result = []
    for review in reviews:
        review.case = case
        review._prefetched_objects_cache = {"appeals": appeals[review.pk]}  # type: ignore[attr-defined]
        result.append(
            {
                "review": review,
                "buttons": review_buttons(user, review, case.state),
                "appeals": [(a, appeal_buttons(user, a)) for a in appeals[review.pk]],
            }
        )
    return result
