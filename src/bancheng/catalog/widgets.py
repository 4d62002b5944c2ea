"""The service item picker of the registration form: a select of the active items whose options carry the
item's name, and a small script (a static file: the CSP allows no inline script) that copies the chosen
item's name into 所办事项."""

from __future__ import annotations

from typing import Any

from django import forms

from bancheng.catalog.selectors import active_service_items


class ServiceItemSelect(forms.Select):
    template_name = "catalog/widgets/service_item_select.html"

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: Any,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-name"] = instance.name
        return option


class ServiceItemField(forms.ModelChoiceField):
    """所办事项（事项目录）: optional; only active items are offered."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "服务事项")
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", "（不选：事项目录中没有的事项）")
        kwargs.setdefault("help_text", "从事项目录选择，自动填入所办事项；容缺受理时据此勾选缺少的材料")
        kwargs.setdefault("widget", ServiceItemSelect(attrs={"data-fills": "id_business"}))
        kwargs.setdefault("error_messages", {"invalid_choice": "该服务事项不存在或已停用，请重新选择"})
        super().__init__(queryset=active_service_items(), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"
