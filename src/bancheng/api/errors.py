"""Error bodies for machines, used outside the API's own handlers (the NUL guard in the middleware)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse

from bancheng.domain.errors import DomainError


def machine_error(request: HttpRequest, status: int, error: DomainError) -> HttpResponse:
    """The API's ``{"error": ...}`` under /api/, the GeoReport errors list under /open311/."""
    if request.path.startswith("/open311/"):
        from bancheng.open311.views import errors_response

        return errors_response("json" if request.path.endswith(".json") else "xml", status, error.message)
    body = {"error": {"code": error.code, "message": error.message, "details": error.details}}
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json", status=status)
