"""The JSON API under /api/v1/: the same selectors, permissions, action specs and forms as the pages,
driven by a token that acts as its service account. Every error has one shape:
``{"error": {"code": ..., "message": ..., "details": {...}}}``."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from ninja import File, Form, NinjaAPI, Query, Schema, Status, UploadedFile
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field

from bancheng.api import tokens
from bancheng.api.idempotency import remember
from bancheng.api.models import IdempotencyKey
from bancheng.audit.access import record_reveal
from bancheng.cases import action_specs as specs
from bancheng.cases import actions as act
from bancheng.cases import selectors as sel
from bancheng.cases.actions.documents import ALLOWED_TYPES
from bancheng.cases.choices import DocumentKind
from bancheng.cases.forms import RegisterForm
from bancheng.cases.models import Assignment, Case, Extension, SupervisionNotice
from bancheng.catalog.models import ServiceItem
from bancheng.catalog.selectors import items_by_code
from bancheng.domain.errors import Conflict, DomainError, NotFound, PermissionDenied
from bancheng.domain.hotline import REQUEST_TYPES
from bancheng.domain.lifecycle import CaseAction
from bancheng.domain.masking import mask_name, mask_phone
from bancheng.policies.services import policy_of

REVEAL_ROLES = {"case_officer", "handler", "unit_head", "center_office", "customer_service"}
TARGETS: dict[str, Any] = {"assignment": Assignment, "extension": Extension, "notice": SupervisionNotice}
MAX_PAGE_SIZE = 100


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if _has_nul(request):
            raise DomainError("request.nul", "提交的内容含有无效字符（NUL），请检查后重试")
        found = tokens.authenticate(token)
        if found is None:
            return None
        request.user = found.account  # the pages' permission checks read request.user
        return found


def _has_nul(request: HttpRequest) -> bool:
    """A NUL in the body (JSON) or in a form field of a multipart upload: the files themselves are binary and
    are read as uploads, never whole into memory."""
    if request.content_type == "multipart/form-data":
        return any("\x00" in value for values in request.POST.lists() for value in values[1])
    return b"\\u0000" in request.body or b"\x00" in request.body


api = NinjaAPI(
    title="办成 API",
    version="1",
    description="诉求件办理系统接口。认证：Authorization: Bearer <令牌>。",
    urls_namespace="api-v1",
    auth=TokenAuth(),
)


# ---- errors -----------------------------------------------------------------------------------------


class ErrorBody(Schema):
    code: str
    message: str
    details: dict[str, Any] = {}


class ErrorOut(Schema):
    error: ErrorBody


def _error(request: HttpRequest, status: int, code: str, message: str, details: Any = None) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = exc.status if isinstance(exc, (NotFound, PermissionDenied, Conflict)) else 422
    return _error(request, status, exc.code, exc.message, _jsonable(exc.details))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, "auth.token", "缺少有效的接口令牌（令牌无效、已吊销或已过期）")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, "request.invalid", "请求格式不正确", {"errors": _jsonable(exc.errors)})


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "not_found", "资源不存在")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "request.refused", str(exc))


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _form_errors(form: Any) -> DomainError:
    fields = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    first = next(iter(fields.values()), ["请求内容有误"])[0]
    return DomainError("form.invalid", first, {"fields": fields})


# ---- schemas ----------------------------------------------------------------------------------------


class CaseRow(Schema):
    id: int
    number: str
    state: str
    paused: bool
    channel: str
    category: str
    case_class: str
    requester_name: str
    requester_phone: str
    business: str
    registered_at: datetime
    updated_at: datetime
    version: int


class CasePage(Schema):
    count: int
    page: int
    pages: int
    results: list[CaseRow]


class EventOut(Schema):
    seq: int
    action: str
    actor: str
    at: datetime
    data: dict[str, Any]


class ActionRef(Schema):
    code: str
    target: str
    label: str


class TargetOut(Schema):
    id: int
    kind: str
    state: str
    unit: str | None = None
    actions: list[ActionRef]


class CaseDetail(CaseRow):
    problem: str
    service_item: str | None = Field(None, description="服务事项编码（事项目录），未选择时为 null")
    requester_kind: str
    requester_enterprise: str
    external_number: str
    escalation_level: int
    masked: bool
    actions: list[ActionRef]
    targets: list[TargetOut]
    timeline: list[EventOut]


class ActionSpecOut(Schema):
    code: str
    target: str
    label: str
    fields: dict[str, dict[str, Any]]


class ActionIn(Schema):
    """The action form's fields, as on the page, and the version the caller last read."""

    model_config = ConfigDict(extra="allow")
    expected_version: int | None = Field(None, description="调用方读取时的版本号；已被他人修改时返回 409")


class RegisterIn(Schema):
    channel: str
    requester_name: str
    requester_phone: str
    requester_kind: str = "person"
    requester_enterprise: str = ""
    special_needs: str = ""
    service_item: str = Field(
        "",
        description="服务事项编码（事项目录的“事项编码”，如 GJJ-TQ-01）；不存在时返回 422 "
        "case.unknown_service_item，已停用时返回 422 case.inactive_service_item",
    )
    business: str = Field("", description="所办事项；留空且选了服务事项时取事项名称")
    problem: str
    external_number: str = ""


class CaseFilterIn(Schema):
    number: str = ""
    requester: str = ""
    phone: str = ""
    text: str = ""
    category: str = ""
    case_class: str = ""
    state: str = ""
    unit: int | None = None
    branch: int | None = None
    deadline_status: str = ""
    channel: str = ""
    registered_from: str | None = Field(None, description="YYYY-MM-DD", json_schema_extra={"format": "date"})
    registered_to: str | None = Field(None, description="YYYY-MM-DD", json_schema_extra={"format": "date"})
    mine: bool = False
    request_type: str = Field(
        "", description="12345 诉求类型：" + "、".join(REQUEST_TYPES) + "（只含 12345 渠道的诉求件）"
    )
    sort: str = "-registered"
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(25, ge=1, le=MAX_PAGE_SIZE)


class DocumentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class DocumentOutWithUrl(DocumentOut):
    url: str = Field(description="下载地址（同一令牌）")


class DocumentsOut(Schema):
    attachments: list[DocumentOutWithUrl]
    forms: list[str]


# ---- helpers ----------------------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.auth.account  # type: ignore[attr-defined]


def _row(case: Case, *, masked: bool = True) -> dict[str, Any]:
    return {
        "id": case.pk,
        "number": case.number,
        "state": case.state,
        "paused": case.paused,
        "channel": case.channel,
        "category": case.category or "",
        "case_class": case.case_class or "",
        "requester_name": mask_name(case.requester_name) if masked else case.requester_name,
        "requester_phone": mask_phone(case.requester_phone) if masked else case.requester_phone,
        "business": case.business,
        "registered_at": case.registered_at,
        "updated_at": case.updated_at,
        "version": case.version,
    }


def _refs(buttons: list[specs.ActionSpec]) -> list[dict[str, str]]:
    return [{"code": s.code, "target": s.target, "label": s.label} for s in buttons]


def _detail(user: Any, case: Case, *, reveal: bool) -> dict[str, Any]:
    if reveal:
        if user.role not in REVEAL_ROLES:
            raise PermissionDenied("auth.reveal", "您的角色无权查看完整的个人信息")
        record_reveal(actor=user, case=case, fields=["requester_name", "requester_phone"], at=timezone.now())
    targets: list[dict[str, Any]] = []
    for a in case.assignments.select_related("unit"):
        if user.role in sel.UNIT_ROLES and a.unit_id != user.unit_id:
            continue
        buttons = specs.assignment_buttons(user, case, a)
        targets.append(
            {
                "id": a.pk,
                "kind": "assignment",
                "state": a.state,
                "unit": a.unit.name,
                "actions": _refs(buttons),
            }
        )
    for e in case.extension_requests.select_related("deadline__assignment"):
        targets.append(
            {
                "id": e.pk,
                "kind": "extension",
                "state": e.state,
                "actions": _refs(specs.extension_buttons(user, case, e)),
            }
        )
    for n in case.notices.select_related("unit"):
        targets.append(
            {
                "id": n.pk,
                "kind": "notice",
                "state": n.state,
                "unit": n.unit.name,
                "actions": _refs(specs.notice_buttons(user, case, n)),
            }
        )
    timeline = [
        {"seq": ev.seq, "action": ev.action, "actor": ev.actor_name, "at": ev.at, "data": _jsonable(ev.data)}
        for ev in sel.case_timeline(case)
    ]
    return {
        **_row(case, masked=not reveal),
        "problem": case.problem,
        "service_item": case.service_item.code if case.service_item_id else None,
        "requester_kind": case.requester_kind,
        "requester_enterprise": case.requester_enterprise,
        "external_number": case.external_number,
        "escalation_level": case.escalation_level,
        "masked": not reveal,
        "actions": _refs(specs.case_buttons(user, case)),
        "targets": targets,
        "timeline": timeline,
    }


def _body(request: HttpRequest) -> dict[str, Any]:
    """The JSON body as sent: the action form's own fields are not declared one by one in the schema."""
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise DomainError("request.invalid", "请求体不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise DomainError("request.invalid", "请求体应为 JSON 对象")
    return data


def _date(name: str, raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DomainError("request.invalid", "日期格式应为 年-月-日", {"field": name}) from None


def _service_item(code: str) -> ServiceItem | None:
    """The catalog item a registration names by its code, active or not: ``register_case`` itself refuses a
    retired one (``case.inactive_service_item``), as on the page."""
    code = code.strip()
    if not code:
        return None
    item = items_by_code([code]).get(code)
    if item is None:
        message = f"服务事项“{code[:40]}”不存在"
        raise DomainError("case.unknown_service_item", message, {"fields": {"service_item": message}})
    return item


def _field_info(field: Any) -> dict[str, Any]:
    info: dict[str, Any] = {
        "label": str(field.label or ""),
        "required": bool(field.required),
        "type": type(field).__name__,
    }
    choices = getattr(field, "choices", None)
    if choices is not None:
        info["choices"] = [str(c[0]) for c in choices if c[0] not in ("", None)]
    return info


# ---- endpoints --------------------------------------------------------------------------------------


@api.get("/actions", response={200: list[ActionSpecOut], **ERRORS}, summary="所有办理操作及其字段")
def list_actions(request: HttpRequest) -> Any:
    out = []
    for s in specs.ALL_SPECS:
        form = s.form(policy=policy_of(None), case=None)
        fields = {name: _field_info(field) for name, field in form.fields.items() if name != "version"}
        out.append({"code": s.code, "target": s.target, "label": s.label, "fields": fields})
    return out


@api.get("/cases", response={200: CasePage, **ERRORS}, summary="诉求件列表（个人信息已脱敏）")
def list_cases(request: HttpRequest, filters: Query[CaseFilterIn]) -> Any:
    data = filters.dict()
    sort, page, size = data.pop("sort"), data.pop("page"), data.pop("page_size")
    for name in ("registered_from", "registered_to"):
        data[name] = _date(name, data[name])
    found = sel.search_cases(_user(request), sel.CaseFilter(**data), sort)
    paginator = Paginator(found, size)
    try:
        rows = paginator.page(page)
    except EmptyPage:
        rows = None
    return {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "results": [_row(c) for c in rows] if rows is not None else [],
    }


@api.post(
    "/cases",
    response={200: CaseDetail, 201: CaseDetail, **ERRORS},
    summary="受理登记（支持 Idempotency-Key）",
)
def register(request: HttpRequest, payload: RegisterIn) -> Any:
    user = _user(request)
    token = request.auth  # type: ignore[attr-defined]
    body = payload.dict()
    key = request.headers.get("Idempotency-Key", "").strip()[:200]
    body_hash = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    if key:
        earlier = IdempotencyKey.objects.filter(token=token, key=key).select_related("case").first()
        if earlier is not None:
            if earlier.body_hash != body_hash:
                raise Conflict("idempotency.mismatch", "同一幂等键已用于内容不同的请求", {"key": key})
            return Status(200, _detail(user, sel.get_case_for_user(user, earlier.case_id), reveal=False))
    item = _service_item(body.pop("service_item"))
    if item is not None and not body["business"].strip():
        body["business"] = item.name  # as the page's picker fills 所办事项
    form = RegisterForm(body)
    if not form.is_valid():
        raise _form_errors(form)
    data = dict(form.cleaned_data, service_item=item)
    data.pop("token", None)
    data.pop("attachments", None)
    submission = f"api:{token.pk}:{key}" if key else ""
    try:
        with transaction.atomic():
            case = act.register_case(actor=user, submission_key=submission, **data)
            if key:
                remember(token, key, body_hash, case.pk)
    except IntegrityError:
        raise Conflict(
            "idempotency.in_progress", "同一幂等键的请求正在处理，请稍后重试", {"key": key}
        ) from None
    return Status(201, _detail(user, sel.get_case_for_user(user, case.pk), reveal=False))


@api.get("/cases/{case_id}", response={200: CaseDetail, **ERRORS}, summary="诉求件详情与时间线")
def case_detail(request: HttpRequest, case_id: int, reveal: bool = False) -> Any:
    user = _user(request)
    return _detail(user, sel.get_case_for_user(user, case_id), reveal=reveal)


def _perform(
    request: HttpRequest, case_id: int, code: str, kind: str, target_id: int | None, payload: ActionIn
) -> Any:
    user = _user(request)
    case = sel.get_case_for_user(user, case_id)
    spec = specs.SPECS.get((code, kind))
    if spec is None:
        raise NotFound("action.unknown", f"没有这个操作：{code}", {"action": code, "target": kind})
    target = None
    if kind != "case":
        target = TARGETS[kind].objects.filter(case=case, pk=target_id).first()
        if target is None:
            raise NotFound("target.not_found", "操作对象不存在", {"target": kind, "id": target_id})
    if not specs.role_may(user, spec.action):
        raise PermissionDenied("auth.forbidden", f"您的角色无权{spec.label}", {"action": code})
    data = _body(request)
    version = payload.expected_version
    data.pop("expected_version", None)
    data["version"] = version
    if spec.action is CaseAction.ATTACH:
        upload = (
            "/api/v1/cases/{case_id}/attachments"
            if kind == "case"
            else ("/api/v1/cases/{case_id}/assignment/{target_id}/attachments")
        )
        raise DomainError(
            "action.needs_files",
            f"上传附件须以 multipart/form-data 调用 POST {upload}",
            {"action": code, "upload": upload.format(case_id=case_id, target_id=target_id)},
        )
    form = spec.form(data, {}, policy=policy_of(case.policy_version_id), case=case)
    if not form.is_valid():
        raise _form_errors(form)
    arguments = form.arguments()
    arguments.pop("attachments", None)
    with transaction.atomic():
        spec.perform(
            target if target is not None else case, actor=user, expected_version=version, **arguments
        )
    return _detail(user, sel.get_case_for_user(user, case_id), reveal=False)


@api.post(
    "/cases/{case_id}/actions/{code}", response={200: CaseDetail, **ERRORS}, summary="对诉求件执行办理操作"
)
def act_on_case(request: HttpRequest, case_id: int, code: str, payload: ActionIn) -> Any:
    return _perform(request, case_id, code, "case", None, payload)


@api.post(
    "/cases/{case_id}/{kind}/{target_id}/actions/{code}",
    response={200: CaseDetail, **ERRORS},
    summary="对转办任务、延期申请或督办单执行办理操作",
)
def act_on_target(
    request: HttpRequest, case_id: int, kind: str, target_id: int, code: str, payload: ActionIn
) -> Any:
    if kind not in TARGETS:
        raise NotFound("target.unknown", "没有这类操作对象", {"target": kind})
    return _perform(request, case_id, code, kind, target_id, payload)


@api.get("/cases/{case_id}/documents", response={200: DocumentsOut, **ERRORS}, summary="附件与可打印的表单")
def documents(request: HttpRequest, case_id: int) -> Any:
    from bancheng.documents import fields as f

    user = _user(request)
    case = sel.get_case_for_user(user, case_id)
    rows = case.documents.order_by("uploaded_at", "pk")
    if user.role in sel.UNIT_ROLES:
        rows = rows.filter(assignment__unit_id=user.unit_id) | rows.filter(assignment=None)
    attachments = [
        {
            "id": d.pk,
            "kind": d.kind,
            "name": d.original_name,
            "content_type": d.content_type,
            "size": d.size,
            "sha256": d.sha256,
            "uploaded_at": d.uploaded_at,
            "url": f"/api/v1/cases/{case.pk}/documents/{d.pk}",
        }
        for d in rows
    ]
    return {"attachments": attachments, "forms": list(f.SPECS)}


@api.get(
    "/cases/{case_id}/forms/{code}.{fmt}",
    response={200: None, **ERRORS},
    summary="下载表单（PDF 或 DOCX），与网页同样脱敏",
    openapi_extra={
        "responses": {200: {"description": "PDF 或 DOCX 文件", "content": {"application/pdf": {}}}}
    },
)
def form_file(
    request: HttpRequest,
    case_id: int,
    code: str,
    fmt: str,
    assignment: int | None = None,
    notice: int | None = None,
) -> Any:
    from bancheng.documents.views import form_download

    if fmt not in {"pdf", "docx"}:
        raise NotFound("form.format", "只提供 pdf 或 docx 格式", {"format": fmt})
    return form_download(request, case_id, code, fmt)


# ---- attachments: multipart uploads, and the files themselves -----------------------------------------

UPLOAD_HELP = "附件：可多个；PDF、图片、Word、Excel、文本，每个不超过上限（与网页相同的检查）"


class UploadIn(Schema):
    """The upload form's fields besides the files (multipart/form-data)."""

    kind: str = Field(
        "",
        description="附件类别（同网页）："
        + "、".join(f"{v}（{label}）" for v, label in DocumentKind.choices)
        + "；留空时诉求件为 material，转办任务为 resolution",
    )
    expected_version: int | None = Field(None, description="调用方读取时的版本号；已被他人修改时返回 409")


UPLOAD_DEFAULT_KIND = {"case": DocumentKind.MATERIAL, "assignment": DocumentKind.RESOLUTION}


def _upload(
    request: HttpRequest,
    case_id: int,
    kind: str,
    target_id: int | None,
    files: list[UploadedFile],
    fields: UploadIn,
) -> Any:
    """The page's 上传附件: its form (``AttachForm``, the same type and size checks) and its action
    (``spec.perform`` → ``attach_document`` per file), all files or none. Shared by both upload endpoints;
    an empty ``fields.kind`` is the target's usual kind (``UPLOAD_DEFAULT_KIND``)."""
    document_kind = fields.kind or UPLOAD_DEFAULT_KIND[kind]
    expected_version = fields.expected_version
    user = _user(request)
    case = sel.get_case_for_user(user, case_id)
    spec = specs.SPECS[(CaseAction.ATTACH.value, kind)]
    target = None
    if kind != "case":
        target = TARGETS[kind].objects.filter(case=case, pk=target_id).first()
        if target is None:
            raise NotFound("target.not_found", "操作对象不存在", {"target": kind, "id": target_id})
    if not specs.role_may(user, spec.action):
        raise PermissionDenied("auth.forbidden", f"您的角色无权{spec.label}", {"action": spec.code})
    form = spec.form(
        {"kind": document_kind, "version": expected_version},
        MultiValueDict({"attachments": list(files)}),
        policy=policy_of(case.policy_version_id),
        case=case,
    )
    if not form.is_valid():
        raise _form_errors(form)
    with transaction.atomic():
        spec.perform(
            target if target is not None else case,
            actor=user,
            expected_version=expected_version,
            **form.arguments(),
        )
    return _detail(user, sel.get_case_for_user(user, case_id), reveal=False)


@api.post(
    "/cases/{case_id}/attachments",
    response={200: CaseDetail, **ERRORS},
    summary="为诉求件上传附件（multipart/form-data）",
)
def upload_to_case(
    request: HttpRequest,
    case_id: int,
    attachments: File[list[UploadedFile]],
    fields: Form[UploadIn],
) -> Any:
    return _upload(request, case_id, "case", None, attachments, fields)


@api.post(
    "/cases/{case_id}/assignment/{target_id}/attachments",
    response={200: CaseDetail, **ERRORS},
    summary="为转办任务上传附件（multipart/form-data）",
)
def upload_to_assignment(
    request: HttpRequest,
    case_id: int,
    target_id: int,
    attachments: File[list[UploadedFile]],
    fields: Form[UploadIn],
) -> Any:
    return _upload(request, case_id, "assignment", target_id, attachments, fields)


ATTACHMENT_TYPES = sorted({"application/octet-stream", *ALLOWED_TYPES.values()})


@api.get(
    "/cases/{case_id}/documents/{document_id}",
    response={200: None, **ERRORS},
    summary="下载附件（与网页相同的可见范围）",
    openapi_extra={
        "responses": {200: {"description": "附件原文件", "content": {t: {} for t in ATTACHMENT_TYPES}}}
    },
)
def document_file(request: HttpRequest, case_id: int, document_id: int) -> Any:
    from bancheng.cases.views.detail import documents_for

    user = _user(request)
    case = sel.get_case_for_user(user, case_id)
    document = documents_for(user, case).filter(pk=document_id).first()
    if document is None:
        raise NotFound("document.not_found", "附件不存在或您无权查看", {"id": document_id})
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
