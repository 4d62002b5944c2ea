"""The recurring-problem pages: the list of groups and one group with its cases and the office's actions
(root-cause analysis notes, dismissal with a reason, a knowledge article from one of its cases)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
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


def _act(request: HttpRequest, pk: int, name: str, make_form: Callable[[RecurringGroup], Form],
         action: Callable[..., RecurringGroup], field: str, done: str,
         to: Callable[[RecurringGroup], str] | None = None) -> HttpResponse:  # fmt: skip
    """One of the office's actions on a group: the form `name` bound to the POST, `action` run with its
    cleaned `field` and version, a stale version (409) or a refusal reported, and on success the message
    `done` and a redirect to `to(result)` (the group's page by default)."""
    permissions.require_handler(request.user)
    group = selectors.get_group_for_user(request.user, pk)
    form = make_form(group)
    if not form.is_valid():
        return _detail(request, group, forms={name: form}, status=400)
    data = form.cleaned_data
    try:
        result = action(
            group, data[field], actor=request.user, now=timezone.now(), expected_version=data["version"]
        )
    except Conflict as stale:
        return _conflict(request, group, stale)
    except DomainError as refused:
        return _refused(request, pk, refused)
    messages.success(request, done)
    return redirect(to(result)) if to else redirect("recurring:detail", pk=pk)


@login_required
@require_POST
def analyse(request: HttpRequest, pk: int) -> HttpResponse:
    form = AnalyseForm(request.POST)
    return _act(
        request,
        pk,
        "analyse",
        lambda _: form,
        actions.analyse_group,
        "notes",
        "已开始溯源分析，分析记录已保存",
    )


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    form = DismissForm(request.POST)
    return _act(request, pk, "dismiss", lambda _: form, actions.dismiss_group, "reason", "已标记为不作处理")


@login_required
@require_POST
def article(request: HttpRequest, pk: int) -> HttpResponse:
    def card_form(group: RecurringGroup) -> CardForm:
        choices = [(m.case_id, m.number) for m in selectors.members_of(group) if m.closed]
        return CardForm(request.POST, cases=choices)

    return _act(
        request,
        pk,
        "card",
        card_form,
        actions.card_group,
        "case",
        "已生成知识条目草稿，请完善后提交审核",
        to=lambda carded: article_url(carded.article_id),
    )
