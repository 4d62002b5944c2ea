"""受理登记: the window's registration form, keyboard first, with the requester's earlier cases shown as
soon as the phone number is typed (a repeat visit is a signal; the same business again is likely a
duplicate). A double submit returns the case the first submit created."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bancheng.cases import actions as act
from bancheng.cases import permissions
from bancheng.cases import selectors as sel
from bancheng.cases.choices import DocumentKind
from bancheng.cases.forms import RegisterForm
from bancheng.domain.errors import DomainError, PermissionDenied
from bancheng.domain.lifecycle import CaseAction

DUPLICATE_WINDOW = timedelta(days=30)
RESUBMIT_WINDOW = timedelta(minutes=10)


def _require_register(user: object) -> None:
    if getattr(user, "role", None) not in permissions.ROLES_BY_ACTION[CaseAction.REGISTER]:
        raise PermissionDenied("auth.forbidden", "您的角色无权受理登记")


@login_required
def register(request: HttpRequest) -> HttpResponse:
    _require_register(request.user)
    if request.method == "POST":
        form = RegisterForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            key = data.pop("token", "")
            uploads = data.pop("attachments", [])
            same = just_registered(request.user, data)
            if same is not None:
                messages.warning(request, f"与刚受理的诉求件 {same.number} 内容相同，未重复登记")
                return redirect("cases:detail", pk=same.pk)
            try:
                case = _register(request.user, key, data, uploads)
            except DomainError as error:
                problems = error.details.get("fields") or {}
                for name, message in problems.items():
                    form.add_error(name if name in form.fields else None, message)
                if not problems:
                    form.add_error(None, error.message)
                return render(request, "cases/register.html", {"form": form}, status=400)
            messages.success(request, f"已受理，编号 {case.number}")
            return redirect("cases:detail", pk=case.pk)
        return render(request, "cases/register.html", {"form": form}, status=400)
    return render(request, "cases/register.html", {"form": RegisterForm()})


def just_registered(user: Any, data: dict[str, Any]) -> Any:
    """The case this officer registered minutes ago with the very same requester, business and problem: a
    form sent again after the page was reloaded (its submission key is new) is that case, not a second one."""
    since = timezone.now() - RESUBMIT_WINDOW
    return (
        sel.cases_visible_to(user)
        .filter(
            officer=user,
            registered_at__gte=since,
            requester_phone=data["requester_phone"].strip(),
            business=data["business"].strip(),
            problem=data["problem"].strip(),
        )
        .order_by("-registered_at")
        .first()
    )


def _register(user: Any, key: str, data: dict[str, Any], uploads: list[Any]) -> Any:
    """The case and the requester's materials together, or neither."""
    with transaction.atomic():
        case = act.register_case(actor=user, submission_key=key, **data)
        if case.documents.exists():  # a resubmission: the first submit brought the files
            return case
        for upload in uploads:
            act.attach_document(case, actor=user, upload=upload, kind=DocumentKind.MATERIAL)
    return case


@login_required
def earlier_cases(request: HttpRequest) -> HttpResponse:
    """The partial under the phone field: earlier cases of this number, and a duplicate warning when one
    of the last 30 days is still open or concerns the same business."""
    _require_register(request.user)
    phone = request.GET.get("requester_phone", "").strip()
    business = request.GET.get("business", "").strip()
    cases = list(sel.earlier_cases(request.user, phone)[:10]) if len(phone) >= 5 else []
    since = timezone.now() - DUPLICATE_WINDOW
    duplicates = [
        c
        for c in cases
        if c.registered_at >= since
        and (c.state in sel.OPEN_STATE_VALUES or (business and business in c.business))
    ]
    return render(request, "cases/_earlier.html", {"cases": cases, "duplicates": duplicates, "phone": phone})
