"""One page for every action: GET shows the action's form, POST calls the action with the version the form
showed. A refusal (guard, closing rule, stale version) is shown on the form in Chinese and writes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bancheng.calendars.services import get_calendar
from bancheng.cases import action_specs as specs
from bancheng.cases import actions as act
from bancheng.cases import selectors as sel
from bancheng.cases.choices import DocumentKind
from bancheng.cases.models import Assignment, Case, Extension, SupervisionNotice
from bancheng.domain.deadlines import cap_due, due_for
from bancheng.domain.errors import Conflict, DomainError, PermissionDenied
from bancheng.domain.lifecycle import CaseAction
from bancheng.policies.services import policy_of

TARGETS: dict[str, Any] = {"assignment": Assignment, "extension": Extension, "notice": SupervisionNotice}


def _spec(code: str, target: str) -> specs.ActionSpec:
    spec = specs.SPECS.get((code, target))
    if spec is None:
        raise Http404("没有这个操作")
    return spec


def _target(case: Case, kind: str, pk: int) -> Any:
    model = TARGETS.get(kind)
    if model is None:
        raise Http404("没有这个对象")
    found = model.objects.filter(case=case, pk=pk).first()
    if found is None:
        raise Http404("没有这个对象")
    return found


def _buttons(user: Any, case: Case, spec: specs.ActionSpec, target: Any) -> list[specs.ActionSpec]:
    if spec.target == "case":
        return specs.case_buttons(user, case)
    if spec.target == "assignment":
        return specs.assignment_buttons(user, case, target)
    if spec.target == "extension":
        return specs.extension_buttons(user, case, target)
    return specs.notice_buttons(user, case, target)


@login_required
def act_on_case(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    return _act(request, pk, _spec(code, "case"), None)


@login_required
def act_on_target(request: HttpRequest, pk: int, kind: str, target_pk: int, code: str) -> HttpResponse:
    spec = _spec(code, kind)
    case = sel.get_case_for_user(request.user, pk)
    return _act(request, pk, spec, _target(case, kind, target_pk))


def _act(request: HttpRequest, pk: int, spec: specs.ActionSpec, target: Any) -> HttpResponse:
    user = request.user
    case = sel.get_case_for_user(user, pk)
    if not specs.role_may(user, spec.action):
        raise PermissionDenied("auth.forbidden", f"您的角色无权{spec.label}")
    policy = policy_of(case.policy_version_id)
    available = spec in _buttons(user, case, spec, target)
    if request.method == "POST":
        form = spec.form(request.POST, request.FILES, policy=policy, case=case)
        if form.is_valid():
            try:
                _perform(spec, case, target, user, form)
            except PermissionDenied:
                raise
            except DomainError as error:
                status = 409 if isinstance(error, Conflict) else 400
                _attach(form, error)
                return _page(request, case, spec, target, form, status=status)
            messages.success(request, f"已{spec.label}")
            return redirect("cases:detail", pk=case.pk)
        return _page(request, case, spec, target, form, status=400)
    form = spec.form(initial={"version": case.version}, policy=policy, case=case)
    return _page(request, case, spec, target, form, unavailable=not available)


def _perform(spec: specs.ActionSpec, case: Case, target: Any, user: Any, form: Any) -> None:
    """The action, and the files that came with it (a resolution's papers), in one transaction."""
    arguments = form.arguments()
    uploads = arguments.pop("attachments", []) if spec.action is not CaseAction.ATTACH else []
    with transaction.atomic():
        spec.perform(
            target if target is not None else case,
            actor=user,
            expected_version=form.cleaned_data.get("version"),
            **arguments,
        )
        assignment = target if spec.target == "assignment" else None
        for upload in uploads:
            act.attach_document(
                case.pk, actor=user, upload=upload, kind=DocumentKind.RESOLUTION, assignment=assignment
            )


def _attach(form: Any, error: DomainError) -> None:
    """Put a refusal on the field it concerns when the rule names one, else on the whole form."""
    field = error.details.get("field") if error.details else None
    if field and field in form.fields:
        form.add_error(field, error.message)
        return
    problems = error.details.get("fields") if error.details else None
    if isinstance(problems, dict):
        for name, message in problems.items():
            form.add_error(name if name in form.fields else None, message)
        return
    form.add_error(None, error.message)


def assessment_preview(case: Case) -> list[dict[str, Any]]:
    """What each class would give this case under the policy in force, shown before the officer saves:
    the feedback deadline counted from registration, capped as the policy says."""
    policy = policy_of(None)
    cal = get_calendar()
    rows = []
    for klass in policy.classes:
        due = cap_due(
            cal,
            due_for(cal, case.registered_at, klass.feedback_limit),
            case.registered_at,
            policy.calendar_cap_days,
        )
        rows.append(
            {
                "label": klass.label,
                "limit": klass.feedback_limit.label,
                "due": due.at,
                "provisional": due.provisional,
                "description": klass.description,
            }
        )
    return rows


def _page(
    request: HttpRequest,
    case: Case,
    spec: specs.ActionSpec,
    target: Any,
    form: Any,
    *,
    status: int = 200,
    unavailable: bool = False,
) -> HttpResponse:
    return render(
        request,
        "cases/act.html",
        {
            "case": case,
            "spec": spec,
            "target": target,
            "form": form,
            "unavailable": unavailable,
            "preview": assessment_preview(case) if spec.action is CaseAction.ASSESS else None,
        },
        status=status,
    )
