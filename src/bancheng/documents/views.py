"""Pages of the printed forms: each form of a case as PDF or DOCX, the case file of an archived case, and
the administrator's Word templates. Full prints are logged as reveals of personal data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from bancheng.audit.access import record_reveal
from bancheng.cases import selectors as sel
from bancheng.documents import access
from bancheng.documents import fields as f
from bancheng.documents.forms import render_form_docx, render_form_pdf
from bancheng.documents.models import CaseFile, FormTemplate
from bancheng.documents.templates_docx import DOCX_TYPE, default_template, template_in_force, upload_template
from bancheng.domain.errors import DomainError, NotFound, PermissionDenied
from bancheng.policies.services import policy_of

PDF_TYPE = "application/pdf"
PERSONAL_FIELDS = ["requester_name", "requester_phone"]


def _target(case: Any, request: HttpRequest, form_code: str) -> tuple[Any, Any]:
    """The assignment or notice named in the query, looked up within the case only."""

    def pick(name: str, rows: Any) -> Any:
        raw = request.GET.get(name, "")
        if not raw:
            return None
        if not raw.isdigit():
            raise NotFound("documents.not_found", "表单不存在")
        found = rows.filter(pk=int(raw)).first()
        if found is None:
            raise NotFound("documents.not_found", "表单不存在")
        return found

    assignment = pick("assignment", case.assignments.select_related("unit", "handler"))
    notices = case.pauses if form_code == f.ONE_TIME_NOTICE else case.notices.select_related("unit")
    notice = pick("notice", notices.all())
    if form_code == f.TRANSFER and assignment is None:
        raise DomainError("form.assignment", "请选择该诉求件的一项转办任务")
    if form_code == f.SUPERVISION_NOTICE and notice is None:
        raise DomainError("form.notice", "请选择该诉求件的一份督办单")
    return assignment, notice


def _file(data: bytes, filename: str, content_type: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def form_download(request: HttpRequest, pk: int, code: str, fmt: str) -> HttpResponse:
    user = request.user
    case = sel.get_case_for_user(user, pk)
    f.spec(code)
    assignment, notice = _target(case, request, code)
    masked = access.print_masked(user, code, assignment=assignment, notice=notice)
    if fmt == "pdf":
        data = render_form_pdf(case, code, assignment=assignment, notice=notice, masked=masked)
        content_type = PDF_TYPE
    else:
        data = render_form_docx(case, code, assignment=assignment, notice=notice, masked=masked)
        content_type = DOCX_TYPE
    if not masked:
        record_reveal(actor=user, case=case, fields=PERSONAL_FIELDS, at=timezone.now())
    suffix = f"-{assignment.unit.name}" if assignment is not None else ""
    return _file(
        data,
        f"{case.number}-{f.spec(code).default_title}{suffix}.{fmt}",
        content_type,
        attachment=fmt == "docx",
    )


@login_required
@require_GET
def case_file_download(request: HttpRequest, pk: int, part: str) -> FileResponse:
    user = request.user
    case = sel.get_case_for_user(user, pk)
    access.require_case_file_access(user)
    case_file = CaseFile.objects.filter(case=case).first()
    if case_file is None:
        raise NotFound("casefile.not_found", "该诉求件尚未立卷归档")
    stored = case_file.pdf if part == "pdf" else case_file.zip
    record_reveal(actor=user, case=case, fields=PERSONAL_FIELDS, at=timezone.now())
    name = f"{case_file.archive_number}.pdf" if part == "pdf" else f"{case_file.archive_number}-附件.zip"
    return FileResponse(
        stored.open("rb"),
        as_attachment=part == "zip",
        filename=name,
        content_type=PDF_TYPE if part == "pdf" else "application/zip",
    )


# ---- templates (administrator) ---------------------------------------------------------------------------


def _require_admin(user: Any) -> None:
    if not access.may_manage_templates(user):
        raise PermissionDenied("templates.forbidden", "只有系统管理员可以管理表单模板")


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request.user)
    policy = policy_of(None)
    versions = list(FormTemplate.objects.select_related("uploaded_by"))
    rows = []
    for code, form in f.SPECS.items():
        own = [t for t in versions if t.form_code == code]
        rows.append(
            {
                "code": code,
                "title": f.title_of(policy, code),
                "current": next((t for t in own if t.in_force), None),
                "versions": own,
                "fields": sorted(form.template_fields.items()),
                "required": form.required,
            }
        )
    return render(request, "documents/templates.html", {"rows": rows})


@login_required
@require_GET
def template_download(request: HttpRequest, code: str, which: str) -> HttpResponse:
    _require_admin(request.user)
    f.spec(code)
    data = default_template(code) if which == "default" else template_in_force(code)
    return _file(data, f"{code}-{which}.docx", DOCX_TYPE, attachment=True)


@login_required
@require_http_methods(["GET", "POST"])
def template_upload(request: HttpRequest, code: str) -> HttpResponse:
    _require_admin(request.user)
    form = f.spec(code)
    policy = policy_of(None)
    problems: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = ["请选择要上传的 Word 模板（.docx）"]
        elif not (upload.name or "").lower().endswith(".docx"):
            problems = ["模板须为 Word（.docx）文件"]
        else:
            try:
                upload_template(
                    code,
                    content=upload.read(),
                    name=upload.name or f"{code}.docx",
                    actor=request.user,
                    now=timezone.now(),
                    policy=policy,
                )
            except DomainError as exc:
                problems = list(exc.details.get("problems", [exc.message]))
            else:
                return redirect("documents:templates")
    return render(
        request,
        "documents/template_upload.html",
        {
            "code": code,
            "title": f.title_of(policy, code),
            "fields": sorted(form.template_fields.items()),
            "required": form.required,
            "problems": problems,
        },
        status=400 if problems else 200,
    )
