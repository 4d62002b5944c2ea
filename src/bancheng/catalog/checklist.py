"""The pause form's checklist (容缺受理): when a case names a service item, the item's required materials are
offered as tick boxes, so the one-time notice (一次告知单) lists exactly the ticked ones plus any typed line."""

from __future__ import annotations

from typing import Any

from django import forms

from bancheng.domain.catalog import split_lines

FIELD = "checked_materials"


def item_materials(case: Any) -> list[str]:
    item = getattr(case, "service_item", None) if getattr(case, "service_item_id", None) else None
    return list(item.materials) if item is not None else []


def add_material_checklist(form: forms.Form, case: Any, free_field: str = "missing_materials") -> None:
    """Put the case's item's materials before ``free_field`` as tick boxes; the free lines become optional
    (either may name the missing materials)."""
    materials = item_materials(case)
    if not materials:
        return
    checklist = forms.MultipleChoiceField(
        label="缺少的材料（按事项目录勾选）",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(m, m) for m in materials],
        help_text=f"“{case.service_item.name}”的申请材料；勾选诉求人缺少的各项",
        error_messages={"invalid_choice": "请勾选列表中的材料"},
    )
    fields = list(form.fields.items())
    at = next((i for i, (name, _) in enumerate(fields) if name == free_field), len(fields))
    fields.insert(at, (FIELD, checklist))
    form.fields = dict(fields)
    free = form.fields[free_field]
    free.required = False
    free.label = "其他缺少的材料"
    free.help_text = "目录外的材料在此填写，一行一项；勾选项和此处各行一起列入一次性告知单"


def missing_materials(form: forms.Form, free_field: str = "missing_materials") -> list[str]:
    """The ticked materials in the item's order, then the typed lines not already ticked."""
    chosen = set(form.cleaned_data.get(FIELD) or [])
    order = [value for value, _ in form.fields[FIELD].choices] if FIELD in form.fields else []
    ticked = [value for value in order if value in chosen]
    typed = split_lines(form.cleaned_data.get(free_field) or "")
    return ticked + [line for line in typed if line not in ticked]


def require_some(form: forms.Form, free_field: str = "missing_materials") -> None:
    """With a checklist, at least one ticked or typed material."""
    if FIELD in form.fields and FIELD not in form.errors and not missing_materials(form, free_field):
        form.add_error(free_field, "请勾选或填写缺少的材料")
