"""The case page: facts, timeline, deadlines, assignments, documents, and only the buttons the user may
press now. Personal data is masked until the user deliberately reveals it, which is logged."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bancheng.audit.access import record_reveal
from bancheng.cases import action_specs as specs
from bancheng.cases import selectors as sel
from bancheng.domain.errors import PermissionDenied
from bancheng.domain.masking import mask_name, mask_phone
from bancheng.org.choices import Role
from bancheng.policies.services import policy_of

REVEAL_ROLES = {Role.CASE_OFFICER, Role.HANDLER, Role.UNIT_HEAD, Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE}


def _requester(case: object, revealed: bool) -> dict[str, str]:
    name = case.requester_name  # type: ignore[attr-defined]
    phone = case.requester_phone  # type: ignore[attr-defined]
    if revealed:
        return {"name": name, "phone": phone}
    return {"name": mask_name(name), "phone": mask_phone(phone)}


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = sel.get_case_for_user(user, pk)
    policy = policy_of(case.policy_version_id)
    assignments = list(case.assignments.select_related("unit", "handler").prefetch_related("deadlines"))
    extensions = list(case.extension_requests.select_related("deadline__assignment__unit", "requested_by"))
    notices = list(case.notices.select_related("unit", "issued_by"))
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "policy": policy,
            "requester": _requester(case, revealed=False),
            "may_reveal": user.role in REVEAL_ROLES,  # type: ignore[union-attr]
            "buttons": specs.case_buttons(user, case),
            "assignments": [(a, specs.assignment_buttons(user, case, a)) for a in assignments],
            "extensions": [(e, specs.extension_buttons(user, case, e)) for e in extensions],
            "notices": [(n, specs.notice_buttons(user, case, n)) for n in notices],
            "deadlines": sel.case_deadlines(case),
            "events": sel.case_timeline(case).select_related("actor"),
            "pauses": case.pauses.all(),
            "visits": case.visits.all(),
            "earlier": sel.earlier_cases(user, case.requester_phone, exclude=case.pk)[:10],
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def reveal_requester(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the requester's full name and phone; the reveal is recorded in the access stream."""
    user = request.user
    case = sel.get_case_for_user(user, pk)
    if user.role not in REVEAL_ROLES:  # type: ignore[union-attr]
        raise PermissionDenied("personal_data.forbidden", "您的角色无权查看完整的个人信息")
    record_reveal(actor=user, case=case, fields=["requester_name", "requester_phone"], at=timezone.now())
    return render(
        request,
        "cases/_requester.html",
        {"case": case, "requester": _requester(case, True), "revealed": True},
    )
