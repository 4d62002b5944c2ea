"""The calendar setup page: which years' official schedules are loaded, the deployment's overrides, business
hours and weekend service, and the upload of a year's schedule. Administrators only. Every change goes
through ``calendars.services`` (which recomputes open deadlines); a refusal is shown on its form."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bancheng.calendars import services
from bancheng.calendars.forms import HoursForm, OverrideForm, ScheduleForm, WeekendForm
from bancheng.calendars.models import DEFAULT_HOURS, CalendarOverride, CalendarSettings, ScheduleImport
from bancheng.domain.calendar import package_loaded_years
from bancheng.domain.errors import DomainError
from bancheng.org.forms import show_refusal
from bancheng.org.permissions import require_admin

YEARS_SHOWN_BACK, YEARS_SHOWN_AHEAD = 1, 2


def _years(imports: list[ScheduleImport]) -> list[dict[str, Any]]:
    """The years around this one and where their working days come from."""
    loaded = services.get_calendar().loaded_years
    package = package_loaded_years()
    imported = {i.year: i for i in imports}
    this_year = timezone.localdate().year
    rows = []
    for year in range(this_year - YEARS_SHOWN_BACK, this_year + YEARS_SHOWN_AHEAD + 1):
        if year in imported:
            source, provisional = f"已导入（{imported[year].source}）", False
        elif year in package:
            source, provisional = "国务院通知（随软件提供）", False
        else:
            source, provisional = "尚未公布：暂按法定节假日和双休日推算，无调休", year not in loaded
        rows.append({"year": year, "source": source, "provisional": provisional})
    return rows


def _page(request: HttpRequest, status: int = 200, **bound: forms.Form) -> HttpResponse:
    row = CalendarSettings.objects.filter(pk=1).first()
    hours = row.hours if row else DEFAULT_HOURS
    weekend = bool(row and row.weekend_service)
    imports = list(ScheduleImport.objects.select_related("imported_by"))
    package = sorted(package_loaded_years())
    context = {
        "years": _years(imports),
        "imports": imports,
        "package_range": f"{package[0]}–{package[-1]}" if package else "无",
        "overrides": CalendarOverride.objects.select_related("created_by"),
        "hours": hours,
        "weekend_service": weekend,
        "override_form": bound.get("override_form") or OverrideForm(),
        "hours_form": bound.get("hours_form") or HoursForm(initial={"hours": hours}),
        "weekend_form": WeekendForm(initial={"enabled": "no" if weekend else "yes"}),
        "schedule_form": bound.get("schedule_form") or ScheduleForm(),
    }
    return render(request, "calendars/index.html", context, status=status)


@login_required
def calendar_index(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    return _page(request)


@login_required
@require_POST
def override_add(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    form = OverrideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            override = services.add_override(data["day"], data["kind"], note=data["note"], actor=request.user)
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, f"已设置 {override.day:%Y-%m-%d} 为{override.get_kind_display()}，并重算未到期时限"
            )
            return redirect("calendars:index")
    return _page(request, 400, override_form=form)


@login_required
@require_POST
def override_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user)
    override = get_object_or_404(CalendarOverride, pk=pk)
    services.remove_override(override.day, actor=request.user)
    messages.success(request, f"已撤销 {override.day:%Y-%m-%d} 的日历调整，并重算未到期时限")
    return redirect("calendars:index")


@login_required
@require_POST
def hours_set(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.set_hours(form.cleaned_data["hours"], actor=request.user)
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "已更新营业时间，并重算未到期时限")
            return redirect("calendars:index")
    return _page(request, 400, hours_form=form)


@login_required
@require_POST
def weekend_set(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    form = WeekendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择是否开设双休日服务")
        return redirect("calendars:index")
    enabled = form.cleaned_data["enabled"]
    changed = services.set_weekend_service(enabled, actor=request.user)
    if changed:
        messages.success(request, "已开设双休日服务（5+2）" if enabled else "已取消双休日服务")
    return redirect("calendars:index")


@login_required
@require_POST
def schedule_import(request: HttpRequest) -> HttpResponse:
    """Upload a year's official schedule; a bad file is refused with the line at fault and writes nothing."""
    require_admin(request.user)
    form = ScheduleForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imports = _import(upload, request.user)
        except DomainError as error:
            show_refusal(form, error)
        else:
            years = "、".join(str(i.year) for i in imports)
            recomputed = imports[0].recomputed if imports else 0
            messages.success(request, f"已导入 {years} 年法定节假日安排，重算 {recomputed} 个未到期时限")
            return redirect("calendars:index")
    return _page(request, 400, schedule_form=form)


def _import(upload: Any, actor: Any) -> list[ScheduleImport]:
    """The service reads a file by path and records its name, so the upload is written under its own
    (base) name in a private temporary folder."""
    name = Path(upload.name).name or "schedule.csv"
    with tempfile.TemporaryDirectory(prefix="bancheng-schedule-") as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return services.import_schedule(path, actor=actor)
