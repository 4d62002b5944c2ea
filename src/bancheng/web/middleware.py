"""One place where a refused move becomes a page: a domain error raised by an action or a selector is shown
as its Chinese message with the matching status (403, 404, 409, 400), never as a 500."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bancheng.domain.errors import DomainError, PermissionDenied

log = logging.getLogger("bancheng.web")

TEMPLATES = {403: "403.html", 404: "404.html"}


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        if isinstance(exception, PermissionDenied):
            log.warning(
                "denied %s %s user=%s code=%s",
                request.method,
                request.path,
                getattr(request.user, "pk", None),
                exception.code,
            )
        template = TEMPLATES.get(exception.status, "web/refused.html")
        return render(request, template, {"error": exception}, status=exception.status)


class RejectNulMiddleware:
    """A NUL character has no place in any field of this system, and PostgreSQL cannot store one: a request
    carrying one in its query or form is refused with a clear 400 page before any view sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            error = DomainError("request.nul", "提交的内容含有无效字符（NUL），请检查后重试")
            if request.path.startswith(("/api/", "/open311/")):  # machines get their own error format
                from bancheng.api.errors import machine_error

                return machine_error(request, 400, error)
            return render(request, "web/refused.html", {"error": error}, status=400)
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if request.method == "POST":
        return any("\x00" in value for values in request.POST.lists() for value in values[1])
    return False
