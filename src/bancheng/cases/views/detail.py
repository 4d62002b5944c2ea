"""The case page: facts, timeline, deadlines, assignments, documents, and only the buttons the user may
press now. Personal data is masked until the user deliberately reveals it, which is logged."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bancheng.audit.access import record_reveal
from bancheng.cases import action_specs as specs
from bancheng.cases import selectors as sel
from bancheng.domain.errors import NotFound, PermissionDenied
from bancheng.domain.masking import mask_name, mask_phone
from bancheng.domain.policy import Policy
from bancheng.org.choices import Role
from bancheng.policies.services import policy_of

UNIT_ROLES = {Role.HANDLER, Role.UNIT_HEAD}
REVEAL_ROLES = {Role.CASE_OFFICER, Role.HANDLER, Role.UNIT_HEAD, Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE}


def _requester(case: object, revealed: bool) -> dict[str, str]:
    name = case.requester_name  # type: ignore[attr-defined]
    phone = case.requester_phone  # type: ignore[attr-defined]
    if revealed:
        return {"name": name, "phone": phone}
    return {"name": mask_name(name), "phone": mask_phone(phone)}


def _labels(case: Any, policy: Policy) -> dict[str, str]:
    """The Chinese names of the assessment's codes under the case's own policy version."""
    lookups = {
        "category": policy.categories,
        "nature": policy.natures,
        "case_class": policy.classes,
        "disposal": policy.disposals,
        "out_of_scope_reason": policy.out_of_scope_reasons,
        "satisfaction": policy.satisfaction_scale,
    }
    labels = {}
    for field, choices in lookups.items():
        code = getattr(case, field)
        labels[field] = next((c.label for c in choices if c.code == code), code)
    return labels


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = sel.get_case_for_user(user, pk)
    policy = policy_of(case.policy_version_id)
    unit_view = user.role in UNIT_ROLES  # type: ignore[union-attr]
    assignments = list(case.assignments.select_related("unit", "handler").prefetch_related("deadlines"))
    if unit_view:  # a unit sees its own assignments only: what the assignment needs
        assignments = [a for a in assignments if a.unit_id == user.unit_id]  # type: ignore[union-attr]
    extensions = list(case.extension_requests.select_related("deadline__assignment__unit", "requested_by"))
    notices = list(case.notices.select_related("unit", "issued_by"))
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "policy": policy,
            "labels": _labels(case, policy),
            "unit_view": unit_view,
            "requester": _requester(case, revealed=False),
            "may_reveal": user.role in REVEAL_ROLES,  # type: ignore[union-attr]
            "buttons": specs.case_buttons(user, case),
            "assignments": [(a, specs.assignment_buttons(user, case, a)) for a in assignments],
            "extensions": [(e, specs.extension_buttons(user, case, e)) for e in extensions],
            "notices": [(n, specs.notice_buttons(user, case, n)) for n in notices],
            "deadlines": sel.case_deadlines(case),
            "hotline_request_type": sel.hotline_request_type(case),
            "events": sel.case_timeline(case).select_related("actor"),
            "pauses": case.pauses.all(),
            "documents": documents_for(user, case),
            "visits": [
                (
                    v,
                    next(
                        (c.label for c in policy.satisfaction_scale if c.code == v.satisfaction),
                        v.satisfaction,
                    ),
                )
                for v in case.visits.all()
            ],
            "earlier": []
            if unit_view
            else sel.earlier_cases(user, case.requester_phone, exclude=case.pk)[:10],
            "now": timezone.now(),
        },
    )


def documents_for(user: Any, case: Any) -> Any:
    """A unit sees the requester's materials and its own assignment's files; others see all files."""
    documents = case.documents.select_related("uploaded_by", "assignment__unit")
    if user.role in UNIT_ROLES:
        return documents.filter(Q(assignment=None) | Q(assignment__unit_id=user.unit_id))
    return documents


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    case = sel.get_case_for_user(request.user, pk)
    document = documents_for(request.user, case).filter(pk=document_pk).first()
    if document is None:
        raise NotFound("document.not_found", "附件不存在或您无权查看")
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
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
