"""The stats page: the KPIs of a period by a grouping, as a table and as CSV."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bancheng.domain.calendar import TZ
from bancheng.domain.kpi import Grouping, Kpi, Period, PeriodKind
from bancheng.stats.forms import StatsForm
from bancheng.stats.selectors import COLUMNS, Row, check_may_see_stats, stats_table


@login_required
def index(request: HttpRequest) -> HttpResponse:
    check_may_see_stats(request.user)
    now = timezone.now()
    data = (
        request.GET
        if request.GET
        else {"period": "month", "day": now.astimezone(TZ).date(), "grouping": "all"}
    )
    form = StatsForm(data)
    rows = None
    period = None
    if form.is_valid():
        period = Period.of(PeriodKind(form.cleaned_data["period"]), form.cleaned_data["day"])
        grouping = Grouping(form.cleaned_data["grouping"])
        rows = stats_table(request.user, period, grouping, as_of=now)
        if request.GET.get("format") == "csv":
            return _csv(rows, grouping, period)
    return render(
        request,
        "stats/index.html",
        {
            "form": form,
            "rows": rows,
            "columns": COLUMNS,
            "period": period,
            "grouping_label": Grouping(form.cleaned_data["grouping"]).label if rows is not None else "",
            "query": request.GET.urlencode(),
        },
    )


def _csv(rows: list[Row], grouping: Grouping, period: Period) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"stats-{period.start:%Y%m%d}-{grouping.value}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    out = csv.writer(response)
    header = [grouping.label]
    for kpi in COLUMNS:
        header += [kpi.label] if kpi in (Kpi.NOTICES, Kpi.REGISTERED) else [kpi.label, "分子", "分母"]
    out.writerow([*header, "综合得分"])
    for row in rows:
        line = [row.label]
        for cell in row.cells:
            line += (
                [cell.shown]
                if cell.kpi in (Kpi.NOTICES, Kpi.REGISTERED)
                else [cell.shown, cell.ratio.numerator, cell.ratio.denominator]
            )
        out.writerow([*line, row.score_shown])
    return response
