"""Setup pages for the organization: the unit tree, people and roles, backups and absence. Administrators
only, except the absence board, which the center office may use too (see ``org.permissions``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bancheng.domain.errors import DomainError
from bancheng.org import services
from bancheng.org.choices import Role
from bancheng.org.forms import NewStaffForm, SetPasswordForm, StaffForm, UnitForm, show_refusal
from bancheng.org.models import Staff, Unit
from bancheng.org.permissions import require_absence_manager, require_admin


def _form_page(
    request: HttpRequest, template: str, form: Any, status: int = 200, **context: Any
) -> HttpResponse:
    return render(request, template, {"form": form, **context}, status=status)


# ---- units --------------------------------------------------------------------------------------------


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    return render(request, "org/units.html", {"nodes": services.unit_tree(), "count": Unit.objects.count()})


@login_required
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_admin(request.user)
    unit = get_object_or_404(Unit, pk=pk) if pk is not None else None
    title = f"编辑单位：{unit.name}" if unit else "新增单位"
    if request.method != "POST":
        return _form_page(request, "org/unit_form.html", UnitForm(unit=unit), unit=unit, title=title)
    form = UnitForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            if unit is None:
                unit = services.create_unit(actor=request.user, **form.cleaned_data)
            else:
                unit = services.update_unit(unit, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"已保存单位“{unit.name}”")
            return redirect("org:units")
    return _form_page(request, "org/unit_form.html", form, 400, unit=unit, title=title)


# ---- people -------------------------------------------------------------------------------------------


def _staff_rows() -> Any:
    return Staff.objects.select_related("unit", "backup").order_by("unit__code", "username")


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    return render(request, "org/staff_list.html", {"people": _staff_rows()})


@login_required
def staff_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_admin(request.user)
    staff = get_object_or_404(Staff, pk=pk) if pk is not None else None
    title = f"编辑人员：{staff.display_name}" if staff else "新增人员"
    form_class = StaffForm if staff else NewStaffForm
    if request.method != "POST":
        form = form_class(staff=staff) if staff else form_class(initial={"role": Role.CASE_OFFICER})
        return _form_page(request, "org/staff_form.html", form, staff=staff, title=title)
    form = form_class(request.POST, staff=staff)
    if form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password1", None)
        data.pop("password2", None)
        try:
            if staff is None:
                staff = services.create_staff(actor=request.user, password=password or "", **data)
            else:
                staff = services.update_staff(staff, actor=request.user, **data)
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"已保存人员“{staff.display_name}”")
            return redirect("org:staff")
    return _form_page(request, "org/staff_form.html", form, 400, staff=staff, title=title)


@login_required
def staff_password(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user)
    staff = get_object_or_404(Staff, pk=pk)
    title = f"重设密码：{staff.display_name}"
    if request.method != "POST":
        return _form_page(
            request, "org/staff_form.html", SetPasswordForm(staff=staff), staff=staff, title=title
        )
    form = SetPasswordForm(request.POST, staff=staff)
    if form.is_valid():
        services.set_staff_password(staff, form.cleaned_data["password1"], actor=request.user)
        messages.success(request, f"已为“{staff.display_name}”设置新密码")
        return redirect("org:staff")
    return _form_page(request, "org/staff_form.html", form, 400, staff=staff, title=title)


# ---- absence ------------------------------------------------------------------------------------------


@login_required
def absence_board(request: HttpRequest) -> HttpResponse:
    """Who is absent and who backs whom up; the center office marks absence here."""
    require_absence_manager(request.user)
    people = _staff_rows().filter(role__in=[Role.CASE_OFFICER, Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE])
    return render(request, "org/absence.html", {"people": people})


@login_required
@require_POST
def absence_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    require_absence_manager(request.user)
    staff = get_object_or_404(Staff, pk=pk)
    absent = not staff.absent
    try:
        services.set_absent(staff, absent, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if absent:
            backup = staff.backup.display_name if staff.backup else ""
            messages.success(request, f"已将“{staff.display_name}”设为暂时离岗，由“{backup}”代办")
        else:
            messages.success(request, f"“{staff.display_name}”已返岗")
    target = request.POST.get("next")
    return redirect("org:staff" if target == "staff" else "org:absence")
