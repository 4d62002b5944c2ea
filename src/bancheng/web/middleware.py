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
