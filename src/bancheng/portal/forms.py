"""The public forms: they parse and say what is missing, in Chinese; the rules stay in the actions."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from bancheng.cases.choices import RequesterKind
from bancheng.cases.forms import REQUIRED, MultipleFileField, choice, yes_no
from bancheng.domain.policy import Policy

PHONE_MESSAGE = "请填写正确的手机号或联系电话"


def limited(label: str, max_length: int, *, required: bool = True, help_text: str = "", rows: int = 0
            ) -> forms.CharField:  # fmt: skip
    """A text field with its length checked (a longer text is a Chinese error, never a database error)."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=widget,
        max_length=max_length,
        error_messages={**REQUIRED, "max_length": f"最多 {max_length} 个字"},
    )


def phone_field(label: str = "联系电话") -> forms.RegexField:
    return forms.RegexField(
        label=label,
        regex=r"^\+?[0-9][0-9\- ]{5,18}[0-9]$",
        max_length=24,
        error_messages={**REQUIRED, "invalid": PHONE_MESSAGE},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class ReportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    business = limited("您要办理的事项", 200, help_text="例如：住房公积金提取、社保转移")
    problem = limited("遇到了什么问题", 2000, rows=5, help_text="请写明在哪里办理、遇到的困难和您的诉求")
    requester_kind = choice("反映人类型", RequesterKind.choices)
    requester_enterprise = limited("企业名称", 200, required=False, help_text="以企业名义反映时填写")
    requester_name = limited("您的姓名", 50)
    requester_phone = phone_field("手机号码")
    attachments = MultipleFileField(
        label="相关材料（可选）", help_text="最多 5 个；PDF、图片、Word、Excel、文本，每个不超过 10 MB"
    )
    answer = forms.CharField(label="验证问题", max_length=4, error_messages=REQUIRED)
    consent = forms.BooleanField(
        label="我已阅读并同意：为办理本诉求，办成系统收集、使用我填写的姓名、电话及材料，仅用于办理、反馈和回访",
        error_messages={"required": "请阅读并同意个人信息处理说明后再提交"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
            self.initial.setdefault("requester_kind", RequesterKind.PERSON)

    def case_fields(self) -> dict[str, Any]:
        keys = ("business", "problem", "requester_kind", "requester_enterprise", "requester_name",
                "requester_phone")  # fmt: skip
        return {k: self.cleaned_data[k] for k in keys}


class LookupForm(forms.Form):
    number = forms.CharField(label="诉求件编号", max_length=40, error_messages=REQUIRED)
    phone = phone_field("反映时登记的手机号码")


class RatingForm(forms.Form):
    contacted = yes_no("办理人员是否与您联系过？")
    solved = yes_no("您反映的问题是否得到解决？")
    satisfaction = forms.ChoiceField(
        label="您对办理结果的满意程度", widget=forms.RadioSelect, error_messages=REQUIRED
    )
    comment = limited("意见和建议（可选）", 500, required=False, rows=3)

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["satisfaction"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.code, c.label) for c in policy.satisfaction_scale]
