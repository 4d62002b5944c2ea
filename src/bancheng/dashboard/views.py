"""The supervision board (督办看板) and the leaders' dashboard (领导驾驶舱). The dashboard page carries no
script of its own: ``static/dashboard/dashboard.js`` reads the data URL from a ``data-`` attribute, fetches
the JSON of ``data`` and draws it with the locally served ECharts (the CSP allows no inline script)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from bancheng.dashboard.checks import MISSING_MESSAGE, echarts_missing
from bancheng.dashboard.forms import BoardForm, PeriodForm
from bancheng.dashboard.selectors import (
    cached_dashboard_data,
    check_may_see_dashboards,
    period_label,
    supervision_board,
    today,
)
from bancheng.domain.kpi import Period, PeriodKind


def _period(form: PeriodForm) -> Period | None:
    if not form.is_valid():
        return None
    return Period.of(PeriodKind(form.cleaned_data["period"]), form.cleaned_data["day"])


def _data(request: HttpRequest) -> dict[str, Any]:
    if request.GET.get("period") or request.GET.get("day"):
        return request.GET.dict()
    return {"period": "month", "day": today(timezone.now()).isoformat(), "stuck": 3}


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    check_may_see_dashboards(request.user)
    form = BoardForm(_data(request))
    period = _period(form)
    board = None
    if period is not None:
        stuck = form.cleaned_data.get("stuck") or 3
        board = supervision_board(request.user, period, now=timezone.now(), stuck_days=stuck)
    return render(request, "dashboard/supervision.html", {"form": form, "board": board})


@login_required
def index(request: HttpRequest) -> HttpResponse:
    check_may_see_dashboards(request.user)
    form = PeriodForm(_data(request))
    period = _period(form)
    data_url = ""
    if period is not None:
        chosen = {"period": form.cleaned_data["period"], "day": form.cleaned_data["day"].isoformat()}
        data_url = reverse("dashboard:data") + "?" + urlencode(chosen)
    return render(
        request,
        "dashboard/index.html",
        {
            "form": form,
            "data_url": data_url,
            "period_label": period_label(period) if period else "",
            "echarts_missing": MISSING_MESSAGE if echarts_missing() else "",
        },
    )


@login_required
def data(request: HttpRequest) -> JsonResponse:
    check_may_see_dashboards(request.user)
    form = PeriodForm(_data(request))
    period = _period(form)
    if period is None:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"error": "统计周期或日期无效", "fields": errors}, status=400)
    return JsonResponse(cached_dashboard_data(request.user, period, now=timezone.now()))
