"""The scoring part of the policy editor: the composite score's weights (the three "100%" goals and the
hotline's three rates) and the unit evaluation's figures. Entered as percentages and points; the form
builds the ``kpi_weights`` and ``evaluation`` of a new ``Policy``, which ``Policy.problems()`` checks again
when it is published."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from bancheng.domain.kpi import Kpi
from bancheng.domain.policy import WEIGHTED_KPIS, KpiWeight, Policy
from bancheng.org.forms import REQUIRED

DECIMAL = {
    **REQUIRED,
    "invalid": "请填写数字",
    "min_value": "不能小于 %(limit_value)s",
    "max_value": "不能大于 %(limit_value)s",
    "max_decimal_places": "最多保留 %(max)s 位小数",
    "max_digits": "数字过大",
}

# (field, label, help) of the evaluation figures, in the order of the form.
POINTS = [
    ("base_score", "考核基础分", "每个承办单位每期的起始分"),
    ("late_points", "每件超期办件扣分", "承办时限到期未办结或逾期办结的，每件扣分"),
    ("notice_points", "每张督办单扣分", "被下达《问题督办单》的，每张扣分"),
    ("bad_rating_points", "每件不满意评价扣分", "回访评价为差评（见满意度设置）的，每件扣分"),
    (
        "non_cooperation_points",
        "每次不配合扣分",
        "退单、督办单逾期未答复的，每次扣分（沈阳细则：不配合的予以扣分）",
    ),
    ("excellent_min", "优秀分数线", "不低于该分数且在优秀比例内的评为优秀"),
    ("pass_min", "合格分数线", ""),
    ("basic_min", "基本合格分数线", "低于该分数为不合格"),
]


def weight_field(kpi: Kpi) -> str:
    return f"weight_{kpi.value}"


class ScoringForm(forms.Form):
    excellent_quota = forms.DecimalField(
        label="优秀比例（%）",
        min_value=0,
        max_value=100,
        decimal_places=1,
        max_digits=4,
        help_text="优秀单位不超过参评单位数的该比例（普陀规范：考核优秀比例为10%），人数向下取整",
        error_messages=DECIMAL,
    )
    non_cooperation_bars_excellent = forms.BooleanField(
        label="本期有不配合情形的单位不评优秀",
        required=False,
        help_text="沈阳细则：因主观原因存在问题的单位取消评优评先资格",
    )

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        super().__init__(*args, prefix="scoring", **kwargs)
        self.policy = policy
        for code, label, help_text in POINTS:
            self.fields[code] = forms.DecimalField(
                label=label,
                min_value=0,
                max_value=1000,
                decimal_places=1,
                max_digits=5,
                help_text=help_text,
                error_messages=DECIMAL,
            )
        for kpi in WEIGHTED_KPIS:
            self.fields[weight_field(kpi)] = forms.DecimalField(
                label=f"综合得分权重：{kpi.label}（%）",
                min_value=0,
                max_value=100,
                decimal_places=1,
                max_digits=4,
                error_messages=DECIMAL,
            )
        for name in ("excellent_quota", "non_cooperation_bars_excellent"):
            self.fields[name] = self.fields.pop(name)  # after the score lines

    @staticmethod
    def initial_for(policy: Policy) -> dict[str, Any]:
        rules = policy.evaluation
        values: dict[str, Any] = {code: _shown(getattr(rules, code)) for code, _, _ in POINTS}
        values["excellent_quota"] = _shown(rules.excellent_quota * 100)
        values["non_cooperation_bars_excellent"] = rules.non_cooperation_bars_excellent
        weights = policy.weights
        for kpi in WEIGHTED_KPIS:
            values[weight_field(kpi)] = _shown(weights.get(kpi, 0) * 100)
        return values

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weights = [data.get(weight_field(kpi)) for kpi in WEIGHTED_KPIS]
        if all(w is not None for w in weights) and sum(weights, Decimal(0)) != 100:
            raise ValidationError(f"综合得分各项权重之和须为 100%（现为 {sum(weights, Decimal(0)):g}%）")
        return data

    def applied(self, policy: Policy) -> Policy:
        """``policy`` with this form's weights and evaluation figures; not yet checked for problems."""
        data = self.cleaned_data
        figures = {code: float(data[code]) for code, _, _ in POINTS}
        evaluation = replace(
            policy.evaluation,
            **figures,
            excellent_quota=float(data["excellent_quota"]) / 100,
            non_cooperation_bars_excellent=bool(data["non_cooperation_bars_excellent"]),
        )
        weights = tuple(
            KpiWeight(kpi.value, float(data[weight_field(kpi)]) / 100)
            for kpi in WEIGHTED_KPIS
            if data[weight_field(kpi)] > 0
        )
        return replace(policy, kpi_weights=weights, evaluation=evaluation)


def _shown(value: float) -> Decimal:
    """A figure as the form shows it: 20 rather than 20.0, 1.5 as it is (one decimal at most)."""
    shown = Decimal(f"{value:.1f}")
    return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown
