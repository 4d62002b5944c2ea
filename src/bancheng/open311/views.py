"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the cases: services are the policy's
categories, a service request is a case registered through the online channel. XML and JSON. Creating a
request needs ``api_key`` = an API token, and with a key lookups see what that token's account sees. Without
a key, reading requests gives the public view only (the portal's public steps, never the problem text, the
requester, staff or notes), over at most 90 days and 1000 requests, rate limited like the portal's lookups."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from bancheng.api import tokens
from bancheng.audit.models import Event
from bancheng.cases import actions as act
from bancheng.cases import selectors as sel
from bancheng.cases.choices import Channel, DeadlineKind
from bancheng.cases.forms import RegisterForm
from bancheng.cases.models import Case, Deadline
from bancheng.catalog.selectors import service_items
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError
from bancheng.open311.models import RequestToken
from bancheng.open311.store import issue_token
from bancheng.policies.services import policy_of
from bancheng.portal.selectors import PUBLIC_STEPS
from bancheng.portal.throttle import RateLimited, client_address, hit

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-30T00:00:00Z"
ROOTS = {"services": "service", "service_requests": "request", "errors": "error"}
PUBLIC_DAYS = 90  # the standard's default and largest date range of a keyless listing
MOST = 1000


class Refused(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _element(name: str, value: Any) -> ET.Element:
    node = ET.Element(name)
    if isinstance(value, dict):
        for key, item in value.items():
            node.append(_element(key, item))
    elif isinstance(value, list):
        child = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}[
            name
        ]
        for item in value:
            node.append(_element(child, item))
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)
    return node


def _respond(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    if fmt == "json":
        return HttpResponse(
            json.dumps(data, ensure_ascii=False), content_type="application/json", status=status
        )
    if isinstance(data, list):
        node = ET.Element(root)
        for item in data:
            node.append(_element(ROOTS[root], item))
    else:
        node = _element(root, data)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(node, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def errors_response(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(fmt, "errors", [{"code": status, "description": description}], status=status)


def _guarded(view: Any) -> Any:
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Refused as refusal:
            return errors_response(fmt, refusal.status, refusal.description)
        except RateLimited as refused:
            response = errors_response(fmt, 429, refused.limit.message)
            response["Retry-After"] = str(int(refused.limit.window.total_seconds()))
            return response
        except DomainError as error:
            return errors_response(
                fmt, error.status if error.status in (403, 404, 409) else 400, error.message
            )

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return csrf_exempt(wrapper)


def _account(request: HttpRequest) -> Any:
    key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    token = tokens.authenticate(key) if key else None
    if token is None:
        raise Refused(403, "api_key 无效、已吊销或已过期")
    return token.account


def _reader(request: HttpRequest) -> Any:
    """The key's account, or None for a keyless (public) read; a key that is given must be valid."""
    if (request.GET.get("api_key") or "").strip():
        return _account(request)
    return None


def _when(value: datetime | None) -> str | None:
    return value.astimezone(TZ).isoformat(timespec="seconds") if value else None


@_guarded
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0]
    data = {
        "changeset": CHANGESET,
        "contact": "政务服务中心“办不成事”反映窗口",
        "key_service": "向系统管理员申请接口令牌（系统设置 · 接口令牌）",
        "endpoints": [
            {
                "specification": SPEC,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _respond(fmt, "discovery", data)


def _service(choice: Any) -> dict[str, Any]:
    return {
        "service_code": choice.code,
        "service_name": choice.label,
        "description": getattr(choice, "description", "") or choice.label,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "办不成事",
    }


@_guarded
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return _respond(fmt, "services", [_service(c) for c in policy_of(None).categories])


def _category(code: str) -> Any:
    found = next((c for c in policy_of(None).categories if c.code == code), None)
    if found is None:
        raise Refused(404, f"服务代码“{code}”不存在")
    return found


@_guarded
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = _category(code)
    data = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": "business",
                "datatype": "string",
                "required": True,
                "datatype_description": "想办而没办成的事项",
                "order": 1,
                "description": "所办事项",
            },
            {
                "variable": True,
                "code": "requester_kind",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "诉求人类型",
                "order": 2,
                "description": "诉求人类型",
                "values": [{"key": "person", "name": "个人"}, {"key": "enterprise", "name": "企业"}],
            },
            {
                "variable": True,
                "code": "service_item",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "服务事项编码（事项目录），不选时留空",
                "order": 3,
                "description": "服务事项",
                "values": [
                    {"key": item.code, "name": item.name}
                    for item in _items_of(category.code)
                    if item.is_active
                ],
            },
        ],
    }
    return _respond(fmt, "service_definition", data)


def _items_of(service_code: str) -> list[Any]:
    """The catalog items a service offers: those of its category and those filed under no category."""
    return [item for item in service_items() if service_code in item.categories or not item.categories]


def _service_item(service_code: str, code: str) -> Any:
    """``attribute[service_item]``: an item the service definition lists. A retired one is passed on for
    ``register_case`` to refuse, as on the page."""
    code = code.strip()
    if not code:
        return None
    item = next((i for i in _items_of(service_code) if i.code == code), None)
    if item is None:
        raise Refused(400, f"attribute[service_item]：服务“{service_code}”没有服务事项“{code[:40]}”")
    return item


def _status(case: Case) -> str:
    return "open" if case.state in sel.OPEN_STATE_VALUES else "closed"


@dataclass(frozen=True)
class Extras:
    """What the case row does not say: the service the client asked for (kept on the open311 link row until
    the case is assessed into a category) and the due time of the case's open feedback deadline."""

    asked: dict[int, str]
    expected: dict[int, datetime]

    def service(self, case: Case) -> tuple[str, str]:
        """``(service_code, service_name)``: the case's category once assessed, else the requested service."""
        code = case.category or self.asked.get(case.pk, "")
        labels = {c.code: c.label for c in policy_of(case.policy_version_id).categories}
        if code not in labels:
            labels = {c.code: c.label for c in policy_of(None).categories}
        return code, labels.get(code, "")


def _extras(cases: list[Case]) -> Extras:
    ids = [c.pk for c in cases]
    asked = dict(
        RequestToken.objects.filter(case_id__in=ids)
        .exclude(service_code="")
        .values_list("case_id", "service_code")
    )
    expected: dict[int, datetime] = {}
    open_feedback = Deadline.objects.filter(
        case_id__in=ids, kind=DeadlineKind.FEEDBACK, met_at=None, cancelled_at=None
    ).order_by("due_at")
    for case_id, due_at in open_feedback.values_list("case_id", "due_at"):
        expected.setdefault(case_id, due_at)
    return Extras(asked, expected)


def _request(case: Case, extras: Extras) -> dict[str, Any]:
    code, name = extras.service(case)
    return {
        "service_request_id": case.number,
        "status": _status(case),
        "status_notes": case.get_state_display() if hasattr(case, "get_state_display") else case.state,
        "service_name": name,
        "service_code": code,
        "description": case.business,
        "agency_responsible": case.branch.name if case.branch_id else "",
        "service_notice": "",
        "requested_datetime": _when(case.registered_at),
        "updated_datetime": _when(case.updated_at),
        "expected_datetime": _when(extras.expected.get(case.pk)),
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def _public_notes(cases: list[Case]) -> dict[int, str]:
    """The latest public step of each case (the portal's timeline wording), one query."""
    notes: dict[int, str] = {}
    events = Event.objects.filter(case__in=[c.pk for c in cases], action__in=PUBLIC_STEPS).order_by("seq")
    for case_id, action in events.values_list("case_id", "action"):
        notes[case_id] = PUBLIC_STEPS[action]
    return notes


def _public_requests(cases: list[Case]) -> list[dict[str, Any]]:
    """What anyone may read: number, status, the public step, service, unit and times; nothing the
    requester wrote (it may hold personal data), no requester, staff or internal notes."""
    notes = _public_notes(cases)
    extras = _extras(cases)
    out = []
    for case in cases:
        code, name = extras.service(case)
        out.append(
            {
                "service_request_id": case.number,
                "status": _status(case),
                "status_notes": notes.get(case.pk, ""),
                "service_name": name,
                "service_code": code,
                "agency_responsible": case.branch.name if case.branch_id else "",
                "requested_datetime": _when(case.registered_at),
                "updated_datetime": _when(case.updated_at),
                "expected_datetime": _when(extras.expected.get(case.pk)),
            }
        )
    return out


def _moment(name: str, raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise Refused(400, f"{name} 应为 ISO 8601 时间") from None
    return moment.replace(tzinfo=TZ) if moment.tzinfo is None else moment


@_guarded
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, _account(request), fmt)
    account = _reader(request)
    if account is None:
        hit("lookup_ip", client_address(request), now=timezone.now())
        found = Case.objects.select_related("branch").order_by("-registered_at")
    else:
        found = sel.cases_visible_to(account).order_by("-registered_at")
    ids = request.GET.get("service_request_id", "")
    if ids:
        found = found.filter(number__in=[i.strip() for i in ids.split(",") if i.strip()])
    if request.GET.get("service_code"):
        code = request.GET["service_code"]
        asked = RequestToken.objects.filter(service_code=code).values("case_id")
        found = found.filter(
            Q(category=code) | (Q(pk__in=asked) & (Q(category="") | Q(category__isnull=True)))
        )
    status = request.GET.get("status", "")
    if status == "open":
        found = found.filter(state__in=sel.OPEN_STATE_VALUES)
    elif status == "closed":
        found = found.exclude(state__in=sel.OPEN_STATE_VALUES)
    elif status:
        raise Refused(400, "status 只能是 open 或 closed")
    start_raw, end_raw = request.GET.get("start_date", ""), request.GET.get("end_date", "")
    start = _moment("start_date", start_raw) if start_raw else None
    end = _moment("end_date", end_raw) if end_raw else None
    if account is None and not ids:  # keyless listing: bounded like the standard's default
        span = timedelta(days=PUBLIC_DAYS)
        if start and end and end - start > span:
            raise Refused(400, f"start_date 与 end_date 相隔不能超过 {PUBLIC_DAYS} 天")
        if start is None:
            end = end or timezone.now()
            start = end - span
        elif end is None:
            end = start + span
    if start is not None:
        found = found.filter(registered_at__gte=start)
    if end is not None:
        found = found.filter(registered_at__lte=end)
    cases = list(found[:MOST])
    if account is None:
        return _respond(fmt, "service_requests", _public_requests(cases))
    extras = _extras(cases)
    return _respond(fmt, "service_requests", [_request(c, extras) for c in cases])


def _create(request: HttpRequest, account: Any, fmt: str) -> HttpResponse:
    post = request.POST
    category = _category(post.get("service_code", ""))
    first, last = post.get("first_name", "").strip(), post.get("last_name", "").strip()
    description = post.get("description", "").strip()
    address = post.get("address_string", "").strip()
    lat, lon = post.get("lat", "").strip(), post.get("long", "").strip()
    if not (address or (lat and lon) or post.get("address_id")):
        raise Refused(400, "需要提供 address_string，或 lat 与 long")
    where = address or f"{lat},{lon}"
    item = _service_item(category.code, post.get("attribute[service_item]", ""))
    form = RegisterForm(
        {
            "channel": Channel.ONLINE,
            "requester_name": f"{last}{first}",
            "requester_phone": post.get("phone", ""),
            "requester_kind": post.get("attribute[requester_kind]", "person") or "person",
            "business": post.get("attribute[business]", "") or (item.name if item else category.label),
            "problem": f"{description}\n地点：{where}" if description else "",
            "external_number": "",
        }
    )
    if not form.is_valid():
        first_error = next(iter(form.errors.items()))
        names = {
            "requester_name": "first_name/last_name",
            "requester_phone": "phone",
            "problem": "description",
        }
        raise Refused(400, f"{names.get(first_error[0], first_error[0])}：{first_error[1][0]}")
    data = dict(form.cleaned_data, service_item=item)
    data.pop("token", None)
    data.pop("attachments", None)
    with transaction.atomic():
        case = act.register_case(actor=account, **data)
        token = issue_token(case.pk, category.code)
    body = [
        {
            "service_request_id": case.number,
            "token": token.token,
            "service_notice": "已受理",
            "account_id": "",
        }
    ]
    return _respond(fmt, "service_requests", body, status=201)


@_guarded
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    account = _reader(request)
    if account is None:
        now = timezone.now()
        hit("lookup_ip", client_address(request), now=now)
        hit("lookup_case", request_id.strip().upper(), now=now)
        case = Case.objects.select_related("branch").filter(number=request_id).first()
    else:
        case = sel.cases_visible_to(account).filter(number=request_id).first()
    if case is None:
        raise Refused(404, "服务请求不存在或无权查看")
    if account is None:
        return _respond(fmt, "service_requests", _public_requests([case]))
    return _respond(fmt, "service_requests", [_request(case, _extras([case]))])


@_guarded
def token_lookup(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    account = _account(request)
    found = RequestToken.objects.filter(token=token).select_related("case").first()
    if found is None or not sel.cases_visible_to(account).filter(pk=found.case_id).exists():
        raise Refused(404, "令牌不存在")
    return _respond(fmt, "service_requests", [{"service_request_id": found.case.number, "token": token}])
