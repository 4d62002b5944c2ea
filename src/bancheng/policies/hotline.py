"""The 12345 part of the policy editor: the platform's own time limit per 诉求类型 (``Policy.hotline_limits``,
the hotline work order's second clock), one working-day figure per request type the platform sends. The form
checks the figures with ``domain.hotline.limit_problems``, which ``Policy.problems()`` checks again when the
policy is published."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms

from bancheng.domain.hotline import MAX_LIMIT_DAYS, REQUEST_TYPES, limit_problems
from bancheng.domain.policy import Policy
from bancheng.org.forms import REQUIRED

NUMBER = {
    **REQUIRED,
    "invalid": "请填写整数",
    "min_value": "须至少为 %(limit_value)s 个工作日",
    "max_value": "不能超过 %(limit_value)s 个工作日",
}


class HotlineLimitsForm(forms.Form):
    """``days_<i>``: the limit of ``REQUEST_TYPES[i]`` in working days (prefix ``hotline``)."""

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "hotline")
        super().__init__(*args, **kwargs)
        self.policy = policy
        for index, kind in enumerate(REQUEST_TYPES):
            self.fields[self.field_name(index)] = forms.IntegerField(
                label=f"12345{kind}：平台办理时限（工作日）",
                min_value=1,
                max_value=MAX_LIMIT_DAYS,
                error_messages=NUMBER,
            )

    @staticmethod
    def field_name(index: int) -> str:
        return f"days_{index}"

    @classmethod
    def initial_for(cls, policy: Policy) -> dict[str, Any]:
        current = dict(policy.hotline_limits)
        return {cls.field_name(i): current[kind] for i, kind in enumerate(REQUEST_TYPES) if kind in current}

    def limits(self) -> tuple[tuple[str, int], ...]:
        return tuple((kind, self.cleaned_data[self.field_name(i)]) for i, kind in enumerate(REQUEST_TYPES))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            for problem in limit_problems(self.limits()):
                self.add_error(None, problem)
        return data

    def applied(self, policy: Policy) -> Policy:
        """``policy`` with these limits."""
        return replace(policy, hotline_limits=self.limits())
