"""What every page needs to know about the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bancheng.cases.permissions import WINDOW


def workspace(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"can_register": user.role in WINDOW}
