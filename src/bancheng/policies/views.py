"""Setup pages for the policy: the version in force and every earlier one, and editing the one in force into
a new version. Administrators only. Cases keep the version they were assessed under."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bancheng.domain.errors import DomainError
from bancheng.domain.policy import Policy
from bancheng.org.choices import Role
from bancheng.org.forms import show_refusal
from bancheng.org.permissions import require_admin
from bancheng.policies.forms import PolicyForm, category_formset
from bancheng.policies.hotline import HotlineLimitsForm
from bancheng.policies.models import PolicyVersion
from bancheng.policies.scoring import ScoringForm
from bancheng.policies.services import active_policy_version, policy_of, publish_policy


def _labels(policy: Policy) -> dict[str, Any]:
    """What the page shows as names rather than codes."""
    satisfaction = {c.code: c.label for c in policy.satisfaction_scale}
    roles = dict(Role.choices)
    return {
        "closing": [satisfaction.get(code, code) for code in policy.closing_satisfaction],
        "bad": [satisfaction.get(code, code) for code in policy.bad_rating],
        "approvers": [roles.get(code, code) for code in policy.extension_approver_roles],
        "weights": [{"label": k.label, "percent": f"{w * 100:g}"} for k, w in policy.weights.items()],
        "quota": f"{policy.evaluation.excellent_quota * 100:g}",
    }


def _show(request: HttpRequest, version: PolicyVersion | None) -> HttpResponse:
    policy = policy_of(version.pk) if version is not None else None
    return render(
        request,
        "policies/index.html",
        {
            "version": version,
            "policy": policy,
            "labels": _labels(policy) if policy else {},
            "versions": PolicyVersion.objects.select_related("published_by").order_by("-version"),
        },
    )


@login_required
def policy_index(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    return _show(request, PolicyVersion.objects.filter(active=True).first())


@login_required
def policy_version(request: HttpRequest, number: int) -> HttpResponse:
    require_admin(request.user)
    version = PolicyVersion.objects.filter(version=number).first()
    if version is None:
        raise Http404("没有这个版本")
    return _show(request, version)


@login_required
def policy_edit(request: HttpRequest) -> HttpResponse:
    """Edit the policy in force; publishing makes a new version. A policy with problems is refused with
    each problem listed; so is an edit of a version someone else replaced in the meantime."""
    require_admin(request.user)
    version = active_policy_version()
    policy = policy_of(version.pk)
    if request.method != "POST":
        form = PolicyForm(initial=PolicyForm.initial_for(policy, version.version), policy=policy)
        scoring = ScoringForm(initial=ScoringForm.initial_for(policy), policy=policy)
        hotline = HotlineLimitsForm(initial=HotlineLimitsForm.initial_for(policy), policy=policy)
        return _page(request, version, form, category_formset(policy), scoring, hotline)
    form = PolicyForm(request.POST, policy=policy)
    categories = category_formset(policy, request.POST)
    scoring = ScoringForm(request.POST, policy=policy)
    hotline = HotlineLimitsForm(request.POST, policy=policy)
    if all([form.is_valid(), categories.is_valid(), scoring.is_valid(), hotline.is_valid()]):
        try:
            published = _publish(form, categories, scoring, hotline, request.user)
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"已发布第 {published.version} 版规则")
            return redirect("policies:index")
    return _page(request, version, form, categories, scoring, hotline, status=400)


def _publish(
    form: PolicyForm, categories: Any, scoring: ScoringForm, hotline: HotlineLimitsForm, actor: Any
) -> PolicyVersion:
    with transaction.atomic():
        current = PolicyVersion.objects.select_for_update().filter(active=True).first()
        if current is None or current.version != form.cleaned_data["base_version"]:
            raise DomainError(
                "policy.stale",
                f"规则已由他人发布为第 {current.version if current else '?'} 版，请重新打开编辑页后再修改",
            )
        return publish_policy(
            hotline.applied(scoring.applied(form.edited(categories.categories()))),
            actor=actor,
            note=form.cleaned_data["note"].strip(),
        )


def _page(
    request: HttpRequest,
    version: PolicyVersion,
    form: PolicyForm,
    categories: Any,
    scoring: ScoringForm,
    hotline: HotlineLimitsForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "version": version,
        "form": form,
        "categories": categories,
        "scoring": scoring,
        "hotline": hotline,
    }
    return render(request, "policies/edit.html", context, status=status)
