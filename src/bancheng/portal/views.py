"""The public pages: no sign-in, mobile first, no script needed. Refusals are Chinese messages on the page
(400), rate limits a 429 page; nothing here writes a case except through the actions (via services)."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bancheng.domain.errors import DomainError
from bancheng.policies.services import policy_of
from bancheng.portal import challenge, links, services
from bancheng.portal import selectors as sel
from bancheng.portal.forms import LookupForm, RatingForm, ReportForm
from bancheng.portal.throttle import RateLimited, client_address, hit

DONE_SALT = "bancheng.portal.done"
NOT_FOUND = "未找到与该编号和手机号码相符的诉求件，请核对后再查询"


def too_many(request: HttpRequest, refused: RateLimited) -> HttpResponse:
    response = render(request, "portal/refused.html", {"message": refused.limit.message}, status=429)
    response["Retry-After"] = str(int(refused.limit.window.total_seconds()))
    return response


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"lookup": LookupForm()})


def _report_page(request: HttpRequest, form: ReportForm, status: int = 200) -> HttpResponse:
    question = challenge.issue(timezone.now())
    if form.is_bound:  # a new question each time the form comes back; the old answer is cleared
        data = request.POST.copy()
        data["challenge"], data["answer"] = question.token, ""
        form.data = data
    else:
        form.initial["challenge"] = question.token
    return render(request, "portal/report.html", {"form": form, "question": question.question}, status=status)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """网上反映: what business, what went wrong, who to contact, materials, consent and the challenge."""
    if request.method != "POST":
        return _report_page(request, ReportForm())
    now = timezone.now()
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _report_page(request, form, 400)
    try:
        challenge.check(form.cleaned_data["challenge"], form.cleaned_data["answer"], now)
    except DomainError as error:
        try:
            hit("challenge_ip", client_address(request), now=now)
        except RateLimited as refused:
            return too_many(request, refused)
        form.add_error("answer", error.message)
        return _report_page(request, form, 400)
    data = form.case_fields()
    try:
        hit("report_ip", client_address(request), now=now)
        hit("report_phone", data["requester_phone"], now=now)
    except RateLimited as refused:
        return too_many(request, refused)
    try:
        case = services.report_case(
            data, form.cleaned_data["attachments"], submission_key=form.cleaned_data["token"], now=now
        )
    except DomainError as error:
        problems = error.details.get("fields") or {}
        for name, message in problems.items():
            form.add_error(name if name in form.fields else None, message)
        if not problems:
            field = error.details.get("field") or (
                "attachments" if error.code.startswith("document.") else ""
            )
            form.add_error(field if field in form.fields else None, error.message)
        return _report_page(request, form, 400)
    done = signing.dumps(case.number, salt=DONE_SALT)
    return redirect(f"{reverse('portal:report_done')}?t={done}")


def report_done(request: HttpRequest) -> HttpResponse:
    try:
        number = signing.loads(request.GET.get("t", ""), salt=DONE_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return redirect("portal:report")
    return render(request, "portal/report_done.html", {"number": number})


def _lookup(request: HttpRequest, form: LookupForm) -> HttpResponse:
    if not form.is_valid():
        return render(request, "portal/progress.html", {"form": form}, status=400)
    now = timezone.now()
    number = form.cleaned_data["number"].strip().upper()
    try:
        hit("lookup_ip", client_address(request), now=now)
        hit("lookup_case", number, now=now)
    except RateLimited as refused:
        return too_many(request, refused)
    case = services.find_case(number, form.cleaned_data["phone"])
    if case is None:
        return render(request, "portal/progress.html", {"form": form, "not_found": NOT_FOUND}, status=404)
    return render(request, "portal/progress.html", {"form": LookupForm(), "case": sel.public_case(case)})


@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest) -> HttpResponse:
    """进度查询: the case number and the requester's phone give the public timeline; an unknown number and
    a wrong phone get the very same answer."""
    if request.method == "POST":
        return _lookup(request, LookupForm(request.POST))
    return render(request, "portal/progress.html", {"form": LookupForm()})


@require_http_methods(["GET"])
def progress_entry(request: HttpRequest, number: str) -> HttpResponse:
    """The address the QR code of the intake form points to: the lookup with the number filled in."""
    form = LookupForm(initial={"number": number[:40]})
    return render(request, "portal/progress.html", {"form": form})


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """评价: the one-time link of the rating SMS; the answers become the follow-up visit."""
    now = timezone.now()
    try:
        hit("rate_ip", client_address(request), now=now)
    except RateLimited as refused:
        return too_many(request, refused)
    try:
        link = links.open_link(token, now)
    except DomainError as error:
        return render(request, "portal/refused.html", {"message": error.message}, status=410)
    policy = policy_of(link.case.policy_version.pk)
    context: dict[str, Any] = {"number": link.case.number, "business": link.case.business}
    if request.method != "POST":
        return render(request, "portal/rate.html", {**context, "form": RatingForm(policy=policy)})
    form = RatingForm(request.POST, policy=policy)
    if not form.is_valid():
        return render(request, "portal/rate.html", {**context, "form": form}, status=400)
    try:
        services.rate_case(token, now=now, **form.cleaned_data)
    except DomainError as error:
        return render(request, "portal/refused.html", {"message": error.message}, status=410)
    return render(request, "portal/rate_done.html", context)


def stats(request: HttpRequest) -> HttpResponse:
    """公开统计: volumes and rates by month, no personal data, cached."""
    return render(request, "portal/stats.html", sel.public_stats(timezone.now()))
