"""The forms of the calendar page. The rules (valid hours, valid schedule files, years in range) live in
``calendars.services`` and ``calendars.schedule_file``; their refusals are shown on these forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from bancheng.calendars.models import DEFAULT_HOURS, OverrideKind
from bancheng.org.forms import PICK, REQUIRED

MAX_SCHEDULE_BYTES = 256 * 1024  # a year's notice is a few dozen lines
SCHEDULE_SUFFIXES = {".csv", ".yaml", ".yml"}


class OverrideForm(forms.Form):
    day = forms.DateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={**REQUIRED, "invalid": "请按 YYYY-MM-DD 填写日期"},
    )
    kind = forms.ChoiceField(
        label="类型", choices=[("", "请选择"), *OverrideKind.choices], error_messages=PICK
    )
    note = forms.CharField(label="说明", max_length=200, required=False, help_text="例如：系统升级闭厅")


class HoursForm(forms.Form):
    hours = forms.CharField(
        label="营业时间",
        max_length=100,
        help_text=f"时间段用逗号分隔，例如 {DEFAULT_HOURS}",
        error_messages=REQUIRED,
    )


class WeekendForm(forms.Form):
    enabled = forms.TypedChoiceField(
        label="双休日服务（5+2）",
        choices=[("yes", "开设"), ("no", "不开设")],
        coerce=lambda v: v == "yes",
        error_messages=PICK,
    )


class ScheduleForm(forms.Form):
    file = forms.FileField(
        label="法定节假日安排文件",
        help_text="CSV 或 YAML（UTF-8），格式见 docs/calendar.md；导入后重算所有未到期时限",
        error_messages={**REQUIRED, "empty": "文件是空的", "invalid": "请选择文件"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SCHEDULE_SUFFIXES:
            raise ValidationError("只支持 .csv、.yaml 或 .yml 文件")
        if upload.size > MAX_SCHEDULE_BYTES:
            raise ValidationError(f"文件过大（不超过 {MAX_SCHEDULE_BYTES // 1024} KB）")
        return upload
