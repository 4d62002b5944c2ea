from __future__ import annotations

from django import forms

from bancheng.stats.forms import PERIOD_KINDS


class PeriodForm(forms.Form):
    """The period of the board or the dashboard: a month, quarter or year, given by any day in it (as on the
    stats page)."""

    period = forms.ChoiceField(label="统计周期", choices=[(k.value, k.label) for k in PERIOD_KINDS])
    day = forms.DateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日，如 2026-05-01"},
    )


class BoardForm(PeriodForm):
    stuck = forms.IntegerField(
        label="无进展工作日数",
        min_value=1,
        max_value=60,
        initial=3,
        required=False,
        error_messages={
            "min_value": "至少 1 个工作日",
            "max_value": "最多 60 个工作日",
            "invalid": "请输入整数",
        },
    )
