"""The recurring-problem pages: the list of groups and one group with its cases and the office's actions
(root-cause analysis notes, dismissal with a reason, a knowledge article from one of its cases)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bancheng.domain import recurring as rules
from bancheng.domain.errors import Conflict, DomainError
from bancheng.recurring import actions, permissions, selectors
from bancheng.recurring.choices import OPEN_STATUSES
from bancheng.recurring.forms import AnalyseForm, CardForm, DismissForm, FilterForm
from bancheng.recurring.models import RecurringGroup
from bancheng.recurring.services import current_rule

LIST_LIMIT = 200


def article_url(pk: int) -> str:
    """The knowledge article's page (its address as the KNOWLEDGE contract states it)."""
    try:
        return reverse("knowledge:detail", args=[pk])
    except NoReverseMatch:
        return f"/knowledge/articles/{pk}/"


def _weeks(group: RecurringGroup) -> list[dict[str, Any]]:
    """The group's cases per week of its latest window, oldest first."""
    first, _ = rules.window(group.week_start, max(len(group.trend), 1))
    return [
        {"week": rules.week_code(first + timedelta(days=7 * i)), "cases": count}
        for i, count in enumerate(group.trend)
    ]


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    groups = list(selectors.groups_visible_to(request.user, status=status)[:LIST_LIMIT])
    run = selectors.latest_run()
    rows = [{"group": g, "weeks": _weeks(g)} for g in groups]
    return render(
        request,
        "recurring/list.html",
        {
            "form": form,
            "rows": rows,
            "run": run,
            "run_week": rules.week_label(run.week_start) if run else "",
            "rule": current_rule(),
        },
    )


def _detail(request: HttpRequest, group: RecurringGroup, *, forms: dict[str, Any] | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    members = selectors.members_of(group)
    may_handle = permissions.may_handle(request.user) and group.status in OPEN_STATUSES
    knowledge = actions.knowledge_available()
    context: dict[str, Any] = {
        "group": group,
        "members": members,
        "weeks": _weeks(group),
        "first_week": rules.week_label(group.first_week),
        "last_week": rules.week_label(group.week_start),
        "may_handle": may_handle,
        "knowledge": knowledge,
        "article_url": article_url(group.article_id) if group.article_id else "",
    }
    if may_handle:
        choices = [(m.case_id, f"{m.number}（{m.state}）{m.business}") for m in members if m.closed]
        context["draftable"] = bool(choices)
        given = forms or {}
        context["analyse_form"] = given.get("analyse") or AnalyseForm(
            initial={"version": group.version, "notes": group.notes}
        )
        context["dismiss_form"] = given.get("dismiss") or DismissForm(initial={"version": group.version})
        context["card_form"] = given.get("card") or CardForm(
            initial={"version": group.version}, cases=choices
        )
    return render(request, "recurring/detail.html", context, status=status)


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_group_for_user(request.user, pk))


def _conflict(request: HttpRequest, group: RecurringGroup, error: Conflict) -> HttpResponse:
    messages.error(request, error.message)
    return _detail(request, selectors.get_group_for_user(request.user, group.pk), status=409)


def _refused(request: HttpRequest, pk: int, refused: DomainError) -> HttpResponse:
    if refused.status != 400:
        raise refused
    messages.error(request, refused.message)
    return redirect("recurring:detail", pk=pk)


@login_required
@require_POST
def analyse(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_handler(request.user)
    group = selectors.get_group_for_user(request.user, pk)
    form = AnalyseForm(request.POST)
    if not form.is_valid():
        return _detail(request, group, forms={"analyse": form}, status=400)
    try:
        actions.analyse_group(
            group,
            form.cleaned_data["notes"],
            actor=request.user,
            now=timezone.now(),
            expected_version=form.cleaned_data["version"],
        )
    except Conflict as stale:
        return _conflict(request, group, stale)
    except DomainError as refused:
        return _refused(request, pk, refused)
    messages.success(request, "已开始溯源分析，分析记录已保存")
    return redirect("recurring:detail", pk=pk)


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_handler(request.user)
    group = selectors.get_group_for_user(request.user, pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return _detail(request, group, forms={"dismiss": form}, status=400)
    try:
        actions.dismiss_group(
            group,
            form.cleaned_data["reason"],
            actor=request.user,
            now=timezone.now(),
            expected_version=form.cleaned_data["version"],
        )
    except Conflict as stale:
        return _conflict(request, group, stale)
    except DomainError as refused:
        return _refused(request, pk, refused)
    messages.success(request, "已标记为不作处理")
    return redirect("recurring:detail", pk=pk)


@login_required
@require_POST
def article(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_handler(request.user)
    group = selectors.get_group_for_user(request.user, pk)
    choices = [(m.case_id, m.number) for m in selectors.members_of(group) if m.closed]
    form = CardForm(request.POST, cases=choices)
    if not form.is_valid():
        return _detail(request, group, forms={"card": form}, status=400)
    try:
        carded = actions.card_group(
            group,
            form.cleaned_data["case"],
            actor=request.user,
            now=timezone.now(),
            expected_version=form.cleaned_data["version"],
        )
    except Conflict as stale:
        return _conflict(request, group, stale)
    except DomainError as refused:
        return _refused(request, pk, refused)
    messages.success(request, "已生成知识条目草稿，请完善后提交审核")
    return redirect(article_url(carded.article_id))
