"""The home page of each role: what needs the user's attention first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from bancheng.cases import selectors as sel
from bancheng.domain.calendar import TZ
from bancheng.domain.lifecycle import CaseState
from bancheng.org.choices import Role

PANEL_ROWS = 10


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.now().astimezone(TZ).date()
    visible = sel.cases_visible_to(user)
    # Links by state, not counts: counting a branch's whole history on every home page view would scan it.
    states = [(state.value, state.label) for state in CaseState]
    context: dict[str, object] = {"today": today, "states": states}
    role = user.role  # type: ignore[union-attr]
    if role == Role.CASE_OFFICER:
        mine = sel.cases_owned_by(user)
        context["backing_up"] = sel.officers_backed_up_by(user)
        context["panels"] = [
            ("mine", "我负责的在办件", mine.order_by("-registered_at")),
            (
                "due_today",
                "今日到期",
                sel.cases_due_on(visible, today).filter(state__in=sel.OPEN_STATE_VALUES),
            ),
            ("overdue", "已超期", sel.cases_overdue(visible).filter(state__in=sel.OPEN_STATE_VALUES)),
            ("waiting", "等待补齐材料", sel.cases_waiting_for_materials(visible)),
        ]
    elif role in (Role.HANDLER, Role.UNIT_HEAD):
        owed = sel.unit_assignments(user.unit_id)  # type: ignore[union-attr]
        context["assignments"] = owed[:50]
        context["late_assignments"] = sel.late_assignments(owed)[:50]
        if role == Role.UNIT_HEAD:
            context["extensions"] = sel.pending_extensions(user)[:50]
            context["escalated"] = sel.cases_escalated_to(user)[:50]
    elif role in (Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.LEADER):
        open_visible = visible.filter(state__in=sel.OPEN_STATE_VALUES)
        context["panels"] = [
            ("overdue", "超期未办", sel.cases_overdue(open_visible)),
            ("due_today", "今日到期", sel.cases_due_on(open_visible, today)),
            ("escalated", "提级到我", sel.cases_escalated_to(user)),
            ("waiting", "等待补齐材料", sel.cases_waiting_for_materials(visible)),
        ]
        context["notices"] = sel.open_notices(visible)[:50]
        context["extensions"] = sel.pending_extensions(user)[:50]
    context["panel_rows"] = PANEL_ROWS
    return render(request, "cases/home.html", context)
