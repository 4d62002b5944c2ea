"""The evaluation page: a period selector, the table with itemised deductions and grades, XLSX and CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError
from bancheng.domain.evaluation import Item, parse_period, period_of, previous_periods
from bancheng.domain.kpi import PeriodKind
from bancheng.evaluation import exports
from bancheng.evaluation.selectors import check_may_see_evaluation, evaluation_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    check_may_see_evaluation(request.user)
    now = timezone.now()
    today = now.astimezone(TZ).date()
    choices = {
        "月度": previous_periods(period_of(PeriodKind.MONTH, today), 12),
        "季度": previous_periods(period_of(PeriodKind.QUARTER, today), 8),
        "年度": previous_periods(period_of(PeriodKind.YEAR, today), 5),
    }
    text = request.GET.get("period") or choices["月度"][0].code
    try:
        period = parse_period(text)
    except DomainError as error:
        context = {"choices": choices, "selected": text, "error": error.message}
        return render(request, "evaluation/index.html", context, status=400)
    evaluation = evaluation_of(period, as_of=now)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        name = f"evaluation-{period.code}.{fmt}"
        if fmt == "xlsx":
            response = HttpResponse(exports.xlsx_bytes(evaluation), content_type=XLSX)
        else:
            response = HttpResponse(exports.csv_text(evaluation), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "evaluation/index.html",
        {
            "choices": choices,
            "selected": period.code,
            "evaluation": evaluation,
            "items": list(Item),
            "rules": evaluation.rules,
            "quota_percent": f"{evaluation.rules.excellent_quota * 100:g}",
        },
    )
