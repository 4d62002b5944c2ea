"""The bad-rating pages: /ratings/ (open loops, pending appeals, cases reopened often) and one form page per
loop action. Every write goes through ``bancheng.cases.actions.ratings``; a refusal is shown on the form in
Chinese and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bancheng.cases import actions as act
from bancheng.cases import permissions
from bancheng.cases.forms import VersionedForm
from bancheng.cases.selectors import cases_visible_to
from bancheng.domain.errors import Conflict, DomainError, NotFound, PermissionDenied
from bancheng.domain.lifecycle import CaseAction
from bancheng.domain.ratings import ReviewState
from bancheng.policies.services import policy_of
from bancheng.ratings import forms as f
from bancheng.ratings import selectors as sel
from bancheng.ratings.models import RatingAppeal, RatingReview

A = CaseAction
REVIEW_FORMS: dict[str, tuple[CaseAction, type[VersionedForm], Callable[..., Any]]] = {
    A.VERIFY_BAD_RATING.value: (A.VERIFY_BAD_RATING, f.VerifyForm, act.verify_bad_rating),
    A.ASSIGN_RECTIFICATION.value: (A.ASSIGN_RECTIFICATION, f.AssignForm, act.assign_rectification),
    A.RECORD_RECTIFICATION.value: (A.RECORD_RECTIFICATION, f.RectificationForm, act.record_rectification),
    A.GIVE_RECTIFICATION_FEEDBACK.value: (
        A.GIVE_RECTIFICATION_FEEDBACK,
        f.FeedbackForm,
        act.give_rectification_feedback,
    ),
    A.REVISIT_BAD_RATING.value: (A.REVISIT_BAD_RATING, f.RevisitForm, act.revisit_bad_rating),
    A.APPEAL_RATING.value: (A.APPEAL_RATING, f.AppealForm, act.appeal_rating),
}


def _require_page(user: Any) -> None:
    if user.role not in sel.PAGE_ROLES:
        raise PermissionDenied("auth.forbidden", "您的角色无权查看差评核实整改")


@login_required
def rating_index(request: HttpRequest) -> HttpResponse:
    """The office's board: loops still open (filter by state), appeals waiting for a decision, and the
    cases reopened at least the policy's number of times (重办≥3次)."""
    user = request.user
    _require_page(user)
    policy = policy_of(None)
    state = request.GET.get("state", "")
    reviews = sel.open_reviews(user)
    if state in {s.value for s in ReviewState}:
        reviews = sel.reviews_visible_to(user).filter(state=state).order_by("-opened_at", "-pk")
    threshold = policy.reopen_flag_threshold
    reopened = cases_visible_to(user).filter(reopen_count__gte=threshold).order_by("-reopen_count", "-pk")
    return render(
        request,
        "ratings/index.html",
        {
            "reviews": [
                (r, sel.review_buttons(user, r, r.case.state))
                for r in reviews.select_related("deadline").prefetch_related("appeals")[:200]
            ],
            "appeals": list(sel.pending_appeals(user)[:200]),
            "reopened_cases": list(reopened[:200]),
            "threshold": threshold,
            "states": [(s.value, s.label) for s in ReviewState],
            "state": state,
            "labels": {c.code: c.label for c in policy.satisfaction_scale},
        },
    )


def _review_for(user: Any, pk: int) -> RatingReview:
    review = sel.reviews_visible_to(user).filter(pk=pk).first()
    if review is None:
        raise NotFound("rating.not_found", "差评处理记录不存在或您无权查看", {"review": pk})
    return review


@login_required
def act_on_review(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    entry = REVIEW_FORMS.get(code)
    if entry is None:
        raise Http404("没有这个操作")
    action, form_class, perform = entry
    user = request.user
    _require_page(user)
    review = _review_for(user, pk)
    if user.role not in permissions.ROLES_BY_ACTION.get(action, set()):
        raise PermissionDenied("auth.forbidden", f"您的角色无权{action.label}")
    available = any(b.code == code for b in sel.review_buttons(user, review, review.case.state))
    return _form_page(request, review.case, review, None, action, form_class, perform, review, available)


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _require_page(user)
    reviews = sel.reviews_visible_to(user).values("pk")
    appeal = RatingAppeal.objects.filter(pk=pk, review__in=reviews).select_related("review", "case").first()
    if appeal is None:
        raise NotFound("rating.appeal_not_found", "差评申诉不存在或您无权查看", {"appeal": pk})
    if user.role not in permissions.ROLES_BY_ACTION.get(A.DECIDE_APPEAL, set()):
        raise PermissionDenied("auth.forbidden", f"您的角色无权{A.DECIDE_APPEAL.label}")
    available = bool(sel.appeal_buttons(user, appeal))
    return _form_page(
        request,
        appeal.case,
        appeal.review,
        appeal,
        A.DECIDE_APPEAL,
        f.DecideForm,
        act.decide_appeal,
        appeal,
        available,
    )


def _form_page(
    request: HttpRequest,
    case: Any,
    review: RatingReview,
    appeal: RatingAppeal | None,
    action: CaseAction,
    form_class: type[VersionedForm],
    perform: Callable[..., Any],
    target: Any,
    available: bool,
) -> HttpResponse:
    policy = policy_of(case.policy_version_id)
    context = {
        "case": case,
        "review": review,
        "appeal": appeal,
        "action": action,
        "unavailable": not available,
    }
    labels = {c.code: c.label for c in policy.satisfaction_scale}
    context["rating_label"] = labels.get(review.satisfaction, review.satisfaction)
    if request.method == "POST":
        form = form_class(request.POST, policy=policy, case=case)
        if form.is_valid():
            try:
                perform(
                    target,
                    actor=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    **form.arguments(),
                )
            except PermissionDenied:
                raise
            except DomainError as error:
                field = (error.details or {}).get("field")
                form.add_error(field if field in form.fields else None, error.message)
                status = 409 if isinstance(error, Conflict) else 400
                return render(request, "ratings/act.html", {**context, "form": form}, status=status)
            messages.success(request, f"已{action.label}")
            return (
                redirect("cases:detail", pk=case.pk)
                if _sees_case(request.user, case)
                else redirect("ratings:index")
            )
        return render(request, "ratings/act.html", {**context, "form": form}, status=400)
    form = form_class(initial={"version": case.version}, policy=policy, case=case)
    return render(request, "ratings/act.html", {**context, "form": form})


def _sees_case(user: Any, case: Any) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()
