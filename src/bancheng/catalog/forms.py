"""The catalog's forms: they parse input into the actions' arguments; the rules (required fields, materials one
per line, known categories) are checked by the actions and shown on the fields they name."""

from __future__ import annotations

from typing import Any

from django import forms

from bancheng.catalog.actions import policy_categories
from bancheng.domain import catalog as rules

REQUIRED = {"required": "此项为必填项"}


def _text(label: str, *, required: bool = False, rows: int = 0, help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        widget=widget,
        help_text=help_text,
        error_messages=REQUIRED,
        strip=True,
    )


class ItemForm(forms.Form):
    """新增 / 编辑服务事项. ``version`` is the version the editor saw (a stale edit is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = _text("事项编码", required=True, help_text="如 GJJ-TQ-01；字母、数字、“-”，创建后不能修改")
    name = _text("事项名称", required=True)
    categories = forms.MultipleChoiceField(
        label="事项分类", required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    policy_basis = _text("政策依据", rows=3)
    conditions = _text("办理条件", rows=4)
    procedure = _text("办理流程", rows=4)
    materials = _text(
        "申请材料", required=True, rows=8, help_text="一行一项；受理时据此勾选缺少的材料，生成一次告知单"
    )
    time_limit = _text("办理时限", help_text="如 5个工作日、即时办结")
    cooperating_units = _text("协办单位", rows=2)
    place = _text("办理地点")
    phone = _text("咨询电话")
    note = _text("修改说明", help_text="记入版本历史，如“依据新政策调整材料”")

    def __init__(self, *args: Any, item: Any = None, **kwargs: Any) -> None:
        if item is not None and not kwargs.get("data") and not args:
            initial = {name: getattr(item, name) for name in rules.FIELDS}
            initial["materials"] = rules.materials_text(item.materials)
            initial["version"] = item.version
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["categories"].choices = list(policy_categories().items())
        if item is not None:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "创建后不能修改"
            self.fields["code"].initial = item.code

    def arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("note", None)
        if self.item is not None:
            data["code"] = self.item.code
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件",
        help_text="表头："
        + "、".join(rules.LABELS[name] for name in rules.FIELDS)
        + "；申请材料在单元格内一行一项",
        error_messages={
            "required": "请选择要导入的 Excel 文件",
            "empty": "文件是空的",
            "invalid": "请选择文件",
        },
    )


class FilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False)
    category = forms.ChoiceField(label="事项分类", required=False, choices=())
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("active", "启用中"), ("inactive", "已停用"), ("all", "全部")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "全部分类"), *policy_categories().items()]
