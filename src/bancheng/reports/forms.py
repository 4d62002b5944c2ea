from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from bancheng.domain import reports as rules
from bancheng.domain.errors import DomainError
from bancheng.reports.choices import FINDINGS, ReportKind
from bancheng.reports.selectors import report_branches


class GenerateForm(forms.Form):
    """Which month or quarter, and whose cases (the whole center or one branch)."""

    kind = forms.ChoiceField(label="周期", choices=ReportKind.choices)
    period = forms.CharField(
        label="月份或季度",
        max_length=10,
        widget=forms.TextInput(attrs={"placeholder": "如 2026-10 或 2026Q3"}),
        help_text="月度填 2026-10，季度填 2026Q3",
    )
    branch = forms.ChoiceField(label="范围", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", "全中心")] + [(str(u.pk), u.name) for u in report_branches()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, text = data.get("kind"), data.get("period")
        if kind and text:
            try:
                start: date = rules.parse_quarter(text) if kind == "quarter" else rules.parse_month(text)
            except DomainError as bad:
                self.add_error("period", bad.message)
            else:
                data["start"] = start
        return data


class FindingsForm(forms.Form):
    """The office's findings (研判意见), and the version of the report the form showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in FINDINGS:
            self.fields[code] = forms.CharField(
                label=label, required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
            )
