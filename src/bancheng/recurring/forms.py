from __future__ import annotations

from django import forms

from bancheng.org.forms import REQUIRED
from bancheng.recurring.actions import MAX_NOTES, MAX_REASON
from bancheng.recurring.choices import GroupStatus

TOO_LONG = "不超过 %(limit_value)d 字"


class FilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *GroupStatus.choices], required=False)


class AnalyseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    notes = forms.CharField(
        label="溯源分析记录",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_NOTES,
        required=False,
        help_text="问题根源、涉及部门、拟采取的措施（如制作办事指南卡片、优化流程）",
        error_messages={"max_length": TOO_LONG},
    )


class DismissForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="不作处理原因",
        max_length=MAX_REASON,
        error_messages={**REQUIRED, "max_length": TOO_LONG},
    )


class CardForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    case = forms.TypedChoiceField(
        label="依据的诉求件",
        coerce=int,
        error_messages={**REQUIRED, "invalid_choice": "请选择本组中的诉求件"},
    )

    def __init__(self, *args: object, cases: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["case"].choices = cases  # type: ignore[attr-defined]
