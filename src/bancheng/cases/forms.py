"""The forms of the workspace: what each action asks of the user. Validation of rules stays in the actions;
these only parse input into the actions' arguments and say what is missing, in Chinese."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from bancheng.cases.choices import Channel, RequesterKind
from bancheng.catalog import checklist
from bancheng.catalog.widgets import ServiceItemField
from bancheng.domain.deadlines import Limit, LimitUnit
from bancheng.domain.policy import Policy
from bancheng.org.choices import UnitKind
from bancheng.org.models import Unit

REQUIRED = {"required": "此项为必填项"}
TRANSFER_TARGET_KINDS = [UnitKind.DEPARTMENT, UnitKind.EXTERNAL, UnitKind.BRANCH]


def text(label: str, *, required: bool = True, help_text: str = "", rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=widget, error_messages=REQUIRED
    )


def choice(label: str, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "请选择"), *list(choices)],
        required=required,
        error_messages={**REQUIRED, "invalid_choice": "请选择列表中的一项"},
    )


def yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "请选择"), ("yes", "是"), ("no", "否")],
        coerce=lambda v: v == "yes",
        error_messages=REQUIRED,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); an empty choice gives an empty list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"empty": "文件是空的", "invalid": "请选择文件"})
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [f for f in (single(d, initial) for d in items) if f]


def attachments_field() -> MultipleFileField:
    return MultipleFileField(label="附件", help_text="可多选；PDF、图片、Word、Excel、文本，每个不超过 10 MB")


class VersionedForm(forms.Form):
    """Every action form posts back the case version it showed: a stale edit is refused as a conflict."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, policy: Policy | None = None, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy
        self.case = case
        self.setup()

    def setup(self) -> None:
        """Fill choices that depend on the case's policy."""

    def arguments(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class RegisterForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    channel = choice("渠道", Channel.choices)
    requester_name = text("诉求人姓名")
    requester_phone = forms.RegexField(
        label="联系电话",
        regex=r"^[0-9+\-() ]{5,20}$",
        error_messages={**REQUIRED, "invalid": "请输入有效的电话号码（5–20 位数字）"},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )
    requester_kind = choice("诉求人类型", RequesterKind.choices)
    requester_enterprise = text("企业名称", required=False, help_text="诉求人为企业时填写")
    special_needs = text("特殊需求", required=False, help_text="如老年人、残障人士需要的帮助")
    service_item = ServiceItemField()
    business = text("所办事项", help_text="诉求人想办而没办成的事")
    problem = text("反映内容", rows=4, help_text="遇到的问题：被拒、卡住、来回跑……")
    external_number = text("外部工单号", required=False, help_text="12345 等平台转来的工单号")
    attachments = attachments_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
            self.initial.setdefault("requester_kind", RequesterKind.PERSON)
            self.initial.setdefault("channel", Channel.ONSITE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("requester_kind") == RequesterKind.ENTERPRISE and not data.get("requester_enterprise"):
            self.add_error("requester_enterprise", "诉求人为企业时，请填写企业名称")
        return data


class AssessForm(VersionedForm):
    category = choice("事项分类", [])
    nature = choice("问题性质", [])
    case_class = choice("问题类型", [])
    disposal = choice("处理方式", [])

    def setup(self) -> None:
        assert self.policy is not None
        p = self.policy
        self.fields["category"].choices = [("", "请选择")] + [(c.code, c.label) for c in p.categories]
        self.fields["nature"].choices = [("", "请选择")] + [(c.code, c.label) for c in p.natures]
        self.fields["case_class"].choices = [("", "请选择")] + [
            (c.code, f"{c.label}（{c.feedback_limit.label}内反馈）") for c in p.classes
        ]
        self.fields["disposal"].choices = [("", "请选择")] + [(c.code, c.label) for c in p.disposals]
        from bancheng.suggest.offers import offer_category

        offer_category(self)  # pre-select the suggested category, with its confidence


class OutOfScopeForm(VersionedForm):
    reason = choice("不予受理理由", [])
    guidance = text("解释与指引", rows=3, help_text="向诉求人说明原因，并告知应向何处反映")

    def setup(self) -> None:
        assert self.policy is not None
        self.fields["reason"].choices = [("", "请选择")] + [
            (c.code, f"{c.label}：{c.description}") for c in self.policy.out_of_scope_reasons
        ]


class ResolutionForm(VersionedForm):
    resolution = text("办理结果", rows=4)
    attachments = attachments_field()


class AttachForm(VersionedForm):
    attachments = attachments_field()
    kind = choice("类别", [])

    def setup(self) -> None:
        from bancheng.cases.choices import DocumentKind

        self.fields["attachments"].required = True
        self.fields["attachments"].error_messages["required"] = "请选择要上传的文件"
        self.fields["kind"].choices = [("", "请选择"), *DocumentKind.choices]


class TransferForm(VersionedForm):
    """Transfer to one or more units at once, each with the common instructions plus its own, and its own
    limit (empty: the limit of the case's class)."""

    units = forms.ModelMultipleChoiceField(
        label="承办单位",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个承办单位", "invalid_choice": "请选择列表中的单位"},
    )
    instructions = text("办理要求", rows=3, help_text="对所选单位的共同要求；可在每个单位后补充")

    def setup(self) -> None:
        targets = Unit.objects.filter(kind__in=TRANSFER_TARGET_KINDS, active=True).order_by("kind", "code")
        self.fields["units"].queryset = targets
        self.targets = list(targets)
        for unit in self.targets:
            self.fields[f"instructions_{unit.pk}"] = text(f"对{unit.name}的补充要求", required=False)
            self.fields[f"limit_{unit.pk}"] = forms.IntegerField(
                label=f"{unit.name}的时限（工作日）",
                required=False,
                min_value=0,
                max_value=60,
                error_messages={
                    "min_value": "时限不能为负数",
                    "max_value": "时限不能超过 60 个工作日",
                    "invalid": "请输入整数",
                },
            )
        from bancheng.suggest.offers import offer_unit

        offer_unit(self)  # the suggested handling unit first

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """One row per unit for the template: the checkbox, its own instructions, its own limit."""
        boxes = {str(w.data["value"]): w for w in self["units"]}
        return [
            (boxes.get(str(u.pk)), self[f"instructions_{u.pk}"], self[f"limit_{u.pk}"]) for u in self.targets
        ]

    def arguments(self) -> dict[str, Any]:
        from bancheng.cases.actions import TransferTo

        to = []
        for unit in self.cleaned_data["units"]:
            own = (self.cleaned_data.get(f"instructions_{unit.pk}") or "").strip()
            amount = self.cleaned_data.get(f"limit_{unit.pk}")
            limit = Limit(amount, LimitUnit.WORKING_DAYS) if amount is not None else None
            instructions = self.cleaned_data["instructions"] + (f"\n{own}" if own else "")
            to.append(TransferTo(unit_id=unit.pk, instructions=instructions, limit=limit))
        return {"to": to}


class ReasonForm(VersionedForm):
    reason = text("理由", rows=3)


class NoteForm(VersionedForm):
    note = text("说明", rows=2, required=False)


class RequiredNoteForm(VersionedForm):
    note = text("说明", rows=2)


class EmptyForm(VersionedForm):
    pass


class ExtensionRequestForm(VersionedForm):
    extra_days = forms.IntegerField(
        label="延长（工作日）",
        min_value=1,
        max_value=30,
        error_messages={
            **REQUIRED,
            "min_value": "至少延长 1 个工作日",
            "max_value": "一次最多延长 30 个工作日",
        },
    )
    reason = text("延期理由", rows=3)

    def arguments(self) -> dict[str, Any]:
        return {
            "extra": Limit(self.cleaned_data["extra_days"], LimitUnit.WORKING_DAYS),
            "reason": self.cleaned_data["reason"],
        }


class PauseForm(VersionedForm):
    missing_materials = text("缺少的材料", rows=4, help_text="一行一项；这是一次性告知单的内容")
    note = text("备注", rows=2, required=False)

    def setup(self) -> None:
        checklist.add_material_checklist(self, self.case)  # the service item's materials as tick boxes

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        checklist.require_some(self)
        return data

    def arguments(self) -> dict[str, Any]:
        if checklist.FIELD in self.fields:
            return {"missing_materials": checklist.missing_materials(self), "note": self.cleaned_data["note"]}
        items = [line.strip() for line in self.cleaned_data["missing_materials"].splitlines() if line.strip()]
        return {"missing_materials": items, "note": self.cleaned_data["note"]}


class NoticeForm(VersionedForm):
    content = text("督办事项", rows=3)
    requirement = text("督办要求", rows=2)


class AnswerForm(VersionedForm):
    answer = text("答复内容", rows=3)


class FeedbackForm(VersionedForm):
    feedback = text("反馈内容", rows=4)
    solved = yes_no("问题是否已解决")
    basis = text("政策法规依据", rows=2, required=False, help_text="不能办理时必须注明依据")


class NegativeFilingForm(VersionedForm):
    legal_basis = text("法律政策依据", rows=2)
    explanation = text("解释说明", rows=3)


class VisitForm(VersionedForm):
    contacted = yes_no("是否联系到诉求人")
    solved = yes_no("问题是否解决")
    satisfaction = choice("满意度", [])
    comment = text("诉求人意见", rows=2, required=False)

    def setup(self) -> None:
        assert self.policy is not None
        self.fields["satisfaction"].choices = [("", "请选择")] + [
            (c.code, c.label) for c in self.policy.satisfaction_scale
        ]


class CloseForm(VersionedForm):
    compliance_reason = text(
        "符合法规政策的说明",
        rows=2,
        required=False,
        help_text="诉求人不满意时，只有答复符合法律法规、政策规定才能销号，须在此说明",
    )


class ReferForm(VersionedForm):
    body = text("移送机关", required=False, help_text="默认：纪检监察部门")
    content = text("线索内容", rows=3)

    def arguments(self) -> dict[str, Any]:
        args = {"content": self.cleaned_data["content"]}
        if self.cleaned_data["body"]:
            args["body"] = self.cleaned_data["body"]
        return args


class SummonForm(VersionedForm):
    unit = forms.ModelChoiceField(
        label="召集单位", queryset=Unit.objects.none(), error_messages={"required": "请选择单位"}
    )
    reason = text("事由", rows=2)

    def setup(self) -> None:
        self.fields["unit"].queryset = Unit.objects.filter(kind__in=TRANSFER_TARGET_KINDS, active=True)

    def arguments(self) -> dict[str, Any]:
        return {"unit_id": self.cleaned_data["unit"].pk, "reason": self.cleaned_data["reason"]}


class ArrivalForm(VersionedForm):
    arrived = text("到场人员", help_text="到达窗口的部门人员姓名")
