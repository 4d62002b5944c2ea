"""Editing the policy in force as a form: its name, the class limits, the warning threshold, the pause mode,
the 60-day cap and the categories. The form builds a new ``Policy``; ``Policy.problems()`` and
``publish_policy`` decide whether it may be published."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from bancheng.domain.deadlines import Limit, PauseMode
from bancheng.domain.policy import Choice, Policy
from bancheng.org.forms import REQUIRED

CODE = re.compile(r"^[a-z][a-z0-9_]*$")
NUMBER = {**REQUIRED, "invalid": "请填写整数", "min_value": "不能小于 %(limit_value)s"}


def optional_number(label: str, help_text: str, *, min_value: int = 1, max_value: int | None = None,
                    min_message: str = "须大于 0") -> forms.IntegerField:  # fmt: skip
    """An optional whole number of the policy: left empty, the rule in force is kept (the help text says so)."""
    messages = {**NUMBER, "min_value": min_message}
    if max_value is not None:
        messages["max_value"] = "不能超过 %(limit_value)s"
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        required=False,
        help_text=f"{help_text}；留空沿用现行规则",
        error_messages=messages,
    )


class PolicyForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="规则名称", max_length=200, error_messages=REQUIRED)
    due_soon_minutes = forms.IntegerField(
        label="到期预警（工作时间分钟）",
        min_value=0,
        help_text="距时限还剩多少工作时间分钟时标为“即将到期”，例如 180 即 3 个工作小时",
        error_messages=NUMBER,
    )
    pause_mode = forms.ChoiceField(
        label="挂起（容缺）时的计时方式",
        choices=[(m.value, m.label) for m in PauseMode],
        error_messages={**REQUIRED, "invalid_choice": "请选择列表中的一项"},
    )
    calendar_cap_days = forms.IntegerField(
        label="自然日上限（天）",
        min_value=1,
        required=False,
        help_text="办结最迟不超过受理后多少个自然日；留空为不设上限",
        error_messages={**NUMBER, "min_value": "须大于 0"},
    )
    rectify_days = optional_number("差评整改时限（工作日）", "差评核实后，承办单位须在多少个工作日内整改")
    reopen_flag_threshold = optional_number("重办标记（次）", "重办达到该次数的诉求件在列表和详情页标记")
    recurring_lookback_weeks = optional_number(
        "同类问题回看周数", "每周汇总同类问题时回看最近多少周受理的诉求件", max_value=26
    )
    recurring_min_requesters = optional_number(
        "同类问题最少诉求人数",
        "不同诉求人（按手机号区分）达到该人数的同类问题才提示中心办公室",
        min_value=2,
        min_message="至少为 2",
    )
    recurring_similarity_percent = optional_number(
        "同类问题相似度阈值（%）",
        "两件诉求的所办事项和反映内容用词相似度达到该值即视为同类",
        min_value=5,
        max_value=99,
        min_message="不能小于 %(limit_value)s",
    )
    note = forms.CharField(label="发布说明", max_length=500, required=False, help_text="例如：调整事项分类")

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy
        for klass in policy.classes:
            self.fields[self.limit_field(klass.code)] = forms.IntegerField(
                label=f"{klass.label}：答复时限（{klass.feedback_limit.unit.label.lstrip('个')}）",
                min_value=0,
                help_text="0 表示即时办结" if klass.feedback_limit.unit == "working_days" else "",
                error_messages=NUMBER,
                initial=klass.feedback_limit.amount,
            )
        self.fields["note"] = self.fields.pop("note")  # last, after the class limits

    @staticmethod
    def limit_field(code: str) -> str:
        return f"limit_{code}"

    @classmethod
    def initial_for(cls, policy: Policy, version: int) -> dict[str, Any]:
        return {
            "base_version": version,
            "name": policy.name,
            "due_soon_minutes": policy.due_soon_minutes,
            "pause_mode": policy.pause_mode.value,
            "calendar_cap_days": policy.calendar_cap_days,
            "rectify_days": policy.rectify_limit.amount,
            "reopen_flag_threshold": policy.reopen_flag_threshold,
            "recurring_lookback_weeks": policy.recurring_lookback_weeks,
            "recurring_min_requesters": policy.recurring_min_requesters,
            "recurring_similarity_percent": round(policy.recurring_similarity * 100),
        }

    def edited(self, categories: tuple[Choice, ...]) -> Policy:
        """The policy in force with this form's changes; not yet checked for problems."""
        data = self.cleaned_data

        def kept(name: str) -> Any:
            """The form's value of the policy field ``name``; the one in force when left empty."""
            return data.get(name) or getattr(self.policy, name)

        classes = tuple(
            replace(
                klass,
                feedback_limit=Limit(data[self.limit_field(klass.code)], klass.feedback_limit.unit),
            )
            for klass in self.policy.classes
        )
        return replace(
            self.policy,
            name=data["name"].strip(),
            classes=classes,
            categories=categories,
            due_soon_minutes=data["due_soon_minutes"],
            pause_mode=PauseMode(data["pause_mode"]),
            calendar_cap_days=data["calendar_cap_days"],
            rectify_limit=(
                Limit(data["rectify_days"], self.policy.rectify_limit.unit)
                if data.get("rectify_days")
                else self.policy.rectify_limit
            ),
            reopen_flag_threshold=kept("reopen_flag_threshold"),
            recurring_lookback_weeks=kept("recurring_lookback_weeks"),
            recurring_min_requesters=kept("recurring_min_requesters"),
            recurring_similarity=(
                data["recurring_similarity_percent"] / 100
                if data.get("recurring_similarity_percent")
                else self.policy.recurring_similarity
            ),
        )


class CategoryForm(forms.Form):
    """One row of the categories: a stable code (what cases store) and the name people see."""

    code = forms.CharField(label="代码", max_length=40, required=False)
    label = forms.CharField(label="名称", max_length=100, required=False)
    description = forms.CharField(label="说明", max_length=200, required=False)

    def clean_code(self) -> str:
        code: str = self.cleaned_data.get("code", "").strip()
        if code and not CODE.match(code):
            raise ValidationError("代码只能包含小写英文字母、数字和下划线，并以字母开头")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("code") and not (data.get("label") or "").strip():
            self.add_error("label", "请填写分类名称")
        return data


class BaseCategoryFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def categories(self) -> tuple[Choice, ...]:
        """The rows kept, in order; a row with a name but no code gets a new code (``category_N``)."""
        rows = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and (f.cleaned_data.get("label") or "").strip()
        ]
        taken = {row["code"] for row in rows if row.get("code")}
        result = []
        counter = 0
        for row in rows:
            code = row.get("code") or ""
            while not code:
                counter += 1
                candidate = f"category_{counter}"
                code = candidate if candidate not in taken else ""
            taken.add(code)
            result.append(Choice(code, row["label"].strip(), (row.get("description") or "").strip()))
        return tuple(result)


CategoryFormSet = forms.formset_factory(CategoryForm, formset=BaseCategoryFormSet, extra=3, can_delete=True)


def category_formset(policy: Policy, data: Any = None) -> Any:
    initial = [{"code": c.code, "label": c.label, "description": c.description} for c in policy.categories]
    formset = CategoryFormSet(data, initial=initial, prefix="categories")
    for form in formset.forms:
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "删除"
    return formset
