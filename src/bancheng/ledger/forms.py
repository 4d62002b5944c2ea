"""The ledger page's forms: the filter and layout of an export, a layout of one's own, an import upload."""

from __future__ import annotations

from typing import Any

from django import forms

from bancheng.cases.choices import CASE_STATE_CHOICES
from bancheng.domain.ledger import SOURCES
from bancheng.domain.policy import LedgerColumn
from bancheng.ledger.layouts import available_layouts, get_layout
from bancheng.ledger.selectors import LedgerFilter
from bancheng.org.choices import UnitKind
from bancheng.org.models import Unit
from bancheng.policies.services import policy_of

ANY = [("", "全部")]
DATE = {"invalid": "日期格式应为 年-月-日"}


def _units(*kinds: str) -> list[tuple[str, str]]:
    return [(u.code, u.name) for u in Unit.objects.filter(kind__in=kinds, active=True).order_by("code")]


def _layouts() -> list[tuple[str, str]]:
    return [(x.code, x.name) for x in available_layouts()]


class ExportForm(forms.Form):
    layout = forms.ChoiceField(label="台账格式")
    date_from = forms.DateField(
        label="受理日期从",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE,
    )
    date_to = forms.DateField(
        label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE
    )
    branch = forms.ChoiceField(label="受理单位", required=False)
    unit = forms.ChoiceField(label="承办单位", required=False)
    state = forms.ChoiceField(label="状态", required=False, choices=ANY + CASE_STATE_CHOICES)
    case_class = forms.ChoiceField(label="问题类型", required=False)
    full = forms.BooleanField(label="完整个人信息（不打码，导出将被记录）", required=False)

    def __init__(self, *args: Any, may_unmask: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        policy = policy_of(None)
        self.fields["layout"].choices = _layouts()
        self.fields["layout"].initial = policy.preset
        self.fields["branch"].choices = ANY + _units(UnitKind.BRANCH)
        self.fields["unit"].choices = ANY + _units(UnitKind.DEPARTMENT, UnitKind.EXTERNAL)
        self.fields["case_class"].choices = ANY + [(c.code, c.label) for c in policy.classes]
        if not may_unmask:
            del self.fields["full"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "结束日期不能早于开始日期")
        return data

    def ledger_filter(self) -> LedgerFilter:
        d = self.cleaned_data
        return LedgerFilter(
            date_from=d["date_from"],
            date_to=d["date_to"],
            branch=d["branch"],
            unit=d["unit"],
            state=d["state"],
            case_class=d["case_class"],
        )


ROWS = 20  # column rows the layout editor offers


class LayoutForm(forms.Form):
    code = forms.CharField(label="代码（英文）", max_length=40)
    name = forms.CharField(label="名称", max_length=100)

    def __init__(self, *args: Any, columns: tuple[LedgerColumn, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = [("", "（不用）")] + [(k, v) for k, v in SOURCES.items()]
        for i in range(max(ROWS, len(columns) + 5)):
            column = columns[i] if i < len(columns) else None
            self.fields[f"order_{i}"] = forms.IntegerField(
                label="顺序", required=False, initial=i + 1 if column else None, min_value=0
            )
            self.fields[f"source_{i}"] = forms.ChoiceField(
                label="数据来源", required=False, choices=sources, initial=column.source if column else ""
            )
            self.fields[f"label_{i}"] = forms.CharField(
                label="列名", required=False, max_length=40, initial=column.label if column else ""
            )
            self.fields[f"group_{i}"] = forms.CharField(
                label="所属部分", required=False, max_length=40, initial=column.group if column else ""
            )
        self.rows = [
            [self[f"order_{i}"], self[f"source_{i}"], self[f"label_{i}"], self[f"group_{i}"]]
            for i in range(max(ROWS, len(columns) + 5))
        ]

    def columns(self) -> tuple[LedgerColumn, ...]:
        """The chosen columns in the order given; a row without a source is left out, a source without a
        heading takes the source's Chinese name."""
        d = self.cleaned_data
        chosen = []
        for i, _ in enumerate(self.rows):
            source = d.get(f"source_{i}") or ""
            if not source:
                continue
            label = (d.get(f"label_{i}") or "").strip() or SOURCES.get(source, source)
            order = d.get(f"order_{i}")
            chosen.append(
                (
                    order if order is not None else 1000 + i,
                    i,
                    LedgerColumn(label, source, d.get(f"group_{i}") or ""),
                )
            )
        return tuple(c for _, _, c in sorted(chosen, key=lambda t: (t[0], t[1])))


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 台账（.xlsx）")
    layout = forms.ChoiceField(label="台账格式")
    branch = forms.ChoiceField(label="受理单位")

    MAX_BYTES = 20 * 1024 * 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = _layouts()
        self.fields["layout"].initial = policy_of(None).preset
        self.fields["branch"].choices = _units(UnitKind.BRANCH)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只能导入 Excel（.xlsx）文件")
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("文件超过 20 MB，请分批导入")
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError("文件不是有效的 Excel（.xlsx）文件")
        return upload

    def clean_layout(self) -> str:
        code = self.cleaned_data["layout"]
        get_layout(code)
        return code
