from __future__ import annotations

from django import forms

from bancheng.domain.kpi import Grouping, PeriodKind

PERIOD_KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR]


class StatsForm(forms.Form):
    """Which period (a month, quarter or year, given by any day in it) and how the table is grouped."""

    period = forms.ChoiceField(label="统计周期", choices=[(k.value, k.label) for k in PERIOD_KINDS])
    day = forms.DateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日，如 2026-05-01"},
    )
    grouping = forms.ChoiceField(label="分组", choices=[(g.value, g.label) for g in Grouping])
