"""The printed forms' fields: one pure function per form builds "the form's fields" (labels and values) from a
case, and one layout per form says where each field goes. The same values feed the HTML (→ PDF) and the Word
template (→ DOCX), so both always carry the same data.

Forms (seed 000 附件 2/3 and 三(二)2, seed 001 附件 1/2, seed 003 一次告知):
``intake`` 受理单, ``transfer`` 转办单 / 部门分转单 (one per assignment), ``supervision_notice`` 问题督办单,
``one_time_notice`` 一次告知单, ``feedback_letter`` 结果反馈函.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings

from bancheng.domain.calendar import TZ
from bancheng.domain.deadlines import Limit
from bancheng.domain.errors import DomainError
from bancheng.domain.masking import mask_name, mask_phone
from bancheng.domain.policy import Choice, Policy

INTAKE = "intake"
TRANSFER = "transfer"
SUPERVISION_NOTICE = "supervision_notice"
ONE_TIME_NOTICE = "one_time_notice"
FEEDBACK_LETTER = "feedback_letter"
FORM_CODES = (INTAKE, TRANSFER, SUPERVISION_NOTICE, ONE_TIME_NOTICE, FEEDBACK_LETTER)

TICKED = "☑"
UNTICKED = "□"


@dataclass(frozen=True)
class Cell:
    """One labelled cell of a form's table; its value is one or more fields, each on its own line with an
    optional prefix (e.g. 当场答复情况：)."""

    label: str
    parts: tuple[tuple[str, str], ...]

    @property
    def fields(self) -> list[str]:
        return [name for _, name in self.parts]


def cell(label: str, *parts: str | tuple[str, str]) -> Cell:
    return Cell(label, tuple(p if isinstance(p, tuple) else ("", p) for p in parts))


@dataclass(frozen=True)
class FormSpec:
    """A form: its code, default title, its fields (template variable → Chinese label), the fields a Word
    template must use, and its table layout (rows of one or two cells on a four-column grid)."""

    code: str
    default_title: str
    fields: dict[str, str]
    required: frozenset[str]
    layout: tuple[tuple[Cell, ...], ...]
    qr: bool = False

    @property
    def template_fields(self) -> dict[str, str]:
        """Every variable a Word template of this form may use."""
        extra = {"title": "表单标题", "number": "编号"}
        if self.qr:
            extra |= {"qr_code": "进度查询二维码（图片）", "progress_url": "进度查询网址"}
        return extra | self.fields


@dataclass
class FormData:
    """The form's fields for one case (and one assignment or notice): what both renderers print."""

    code: str
    title: str
    number: str
    values: dict[str, str]
    progress_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def context(self) -> dict[str, Any]:
        return {"title": self.title, "number": self.number, "progress_url": self.progress_url, **self.values}


COMMON = {
    "requester_name": "反映人姓名",
    "requester_phone": "联系电话",
    "class_boxes": "问题类型（勾选）",
    "problem": "“办不成事”情况记录",
    "remarks": "备注",
}

SPECS: dict[str, FormSpec] = {
    INTAKE: FormSpec(
        code=INTAKE,
        default_title="“办不成事”窗口受理单",
        fields=COMMON
        | {
            "branch": "受理单位",
            "officer": "受理人员",
            "registered_at": "受理时间",
            "channel": "反映渠道",
            "category": "事项分类",
            "business": "所办事项",
            "disposal_boxes": "窗口处理意见（勾选）",
            "on_the_spot_answer": "当场答复情况",
            "transfer_units": "转办部门",
        },
        required=frozenset(
            {
                "number",
                "requester_name",
                "requester_phone",
                "officer",
                "registered_at",
                "class_boxes",
                "problem",
            }
        ),
        layout=(
            (cell("反映人姓名", "requester_name"), cell("联系电话", "requester_phone")),
            (cell("受理人员", "officer"), cell("受理时间", "registered_at")),
            (cell("受理单位", "branch"), cell("反映渠道", "channel")),
            (cell("事项分类", "category"), cell("所办事项", "business")),
            (cell("问题类型", "class_boxes"),),
            (cell("“办不成事”情况记录", "problem"),),
            (
                cell(
                    "“办不成事”窗口处理意见",
                    "disposal_boxes",
                    ("当场答复情况：", "on_the_spot_answer"),
                    ("转办部门：", "transfer_units"),
                ),
            ),
            (cell("备注", "remarks"),),
        ),
        qr=True,
    ),
    TRANSFER: FormSpec(
        code=TRANSFER,
        default_title="“办不成事”窗口转办单",
        fields=COMMON
        | {
            "unit": "承办单位",
            "handler": "承办人",
            "transferred_at": "转办时间",
            "requirement_boxes": "办理要求（勾选）",
            "other_requirement": "其他办理要求",
            "due_at": "办结期限",
            "result": "办理结果",
            "satisfaction_boxes": "结果反馈：当事人满意度（勾选）",
            "feedback_date": "结果反馈时间（年月日）",
        },
        required=frozenset(
            {
                "number",
                "requester_name",
                "requester_phone",
                "unit",
                "class_boxes",
                "problem",
                "requirement_boxes",
            }
        ),
        layout=(
            (cell("反映人姓名", "requester_name"), cell("联系电话", "requester_phone")),
            (cell("承办单位", "unit"), cell("承办人", "handler")),
            (cell("转办时间", "transferred_at"), cell("办结期限", "due_at")),
            (cell("问题类型", "class_boxes"),),
            (cell("“办不成事”情况记录", "problem"),),
            (cell("办理要求", "requirement_boxes", ("其他办理要求：", "other_requirement")),),
            (cell("办理结果", "result"),),
            (
                cell(
                    "结果反馈",
                    ("当事人：", "satisfaction_boxes"),
                    ("结果反馈时间：", "feedback_date"),
                ),
            ),
            (cell("备注", "remarks"),),
        ),
    ),
    SUPERVISION_NOTICE: FormSpec(
        code=SUPERVISION_NOTICE,
        default_title="“办不成事”窗口问题督办单",
        fields=COMMON
        | {
            "notice_number": "督办单编号",
            "unit": "被督办单位",
            "issued_by": "督办人",
            "issued_at": "督办时间",
            "transferred_at": "转办时间",
            "due_at": "原定办结期限",
            "content": "督办事项",
            "requirement": "督办要求",
            "answer_limit": "答复时限",
            "answer": "落实情况",
            "answered_at": "答复时间",
        },
        required=frozenset({"number", "notice_number", "unit", "content", "requirement", "answer_limit"}),
        layout=(
            (cell("督办单编号", "notice_number"), cell("被督办单位", "unit")),
            (cell("督办人", "issued_by"), cell("督办时间", "issued_at")),
            (cell("反映人姓名", "requester_name"), cell("联系电话", "requester_phone")),
            (cell("转办时间", "transferred_at"), cell("原定办结期限", "due_at")),
            (cell("问题类型", "class_boxes"),),
            (cell("“办不成事”情况记录", "problem"),),
            (cell("督办事项", "content"),),
            (cell("督办要求", "requirement", ("答复时限：", "answer_limit")),),
            (cell("落实情况", "answer", ("答复时间：", "answered_at")),),
            (cell("备注", "remarks"),),
        ),
    ),
    ONE_TIME_NOTICE: FormSpec(
        code=ONE_TIME_NOTICE,
        default_title="一次告知单",
        fields={
            "requester_name": "反映人姓名",
            "requester_phone": "联系电话",
            "branch": "受理单位",
            "officer": "告知人",
            "notified_at": "告知时间",
            "business": "所办事项",
            "materials": "需补齐的材料（逐项）",
            "note": "说明",
            "remarks": "备注",
        },
        required=frozenset({"number", "requester_name", "materials", "notified_at"}),
        layout=(
            (cell("反映人姓名", "requester_name"), cell("联系电话", "requester_phone")),
            (cell("告知人", "officer"), cell("告知时间", "notified_at")),
            (cell("受理单位", "branch"), cell("所办事项", "business")),
            (cell("需补齐的材料", "materials"),),
            (cell("说明", "note"),),
            (cell("备注", "remarks"),),
        ),
    ),
    FEEDBACK_LETTER: FormSpec(
        code=FEEDBACK_LETTER,
        default_title="“办不成事”结果反馈函",
        fields={
            "requester_name": "反映人姓名",
            "requester_phone": "联系电话",
            "branch": "受理单位",
            "officer": "办理专员",
            "registered_at": "受理时间",
            "business": "所办事项",
            "problem": "反映内容",
            "units": "承办单位",
            "resolution": "办理结果",
            "feedback": "答复内容",
            "basis": "政策依据",
            "feedback_at": "反馈时间",
            "satisfaction_boxes": "满意度（勾选）",
            "visited_at": "回访时间",
            "remarks": "备注",
        },
        required=frozenset({"number", "requester_name", "feedback", "feedback_at"}),
        layout=(
            (cell("反映人姓名", "requester_name"), cell("联系电话", "requester_phone")),
            (cell("办理专员", "officer"), cell("受理时间", "registered_at")),
            (cell("受理单位", "branch"), cell("所办事项", "business")),
            (cell("反映内容", "problem"),),
            (cell("承办单位", "units"),),
            (cell("办理结果", "resolution"),),
            (cell("答复内容", "feedback", ("政策依据：", "basis")),),
            (cell("反馈时间", "feedback_at"), cell("回访时间", "visited_at")),
            (cell("满意度", "satisfaction_boxes"),),
            (cell("备注", "remarks"),),
        ),
    ),
}


def spec(code: str) -> FormSpec:
    try:
        return SPECS[code]
    except KeyError:
        raise DomainError("form.unknown", f"表单“{code}”不存在", {"form": code}) from None


# ---- formatting --------------------------------------------------------------------------------------


def when(value: datetime | None) -> str:
    return value.astimezone(TZ).strftime("%Y-%m-%d %H:%M") if value else ""


def ymd(value: datetime | None) -> str:
    """年 月 日 as on the paper forms; blank boxes to fill in by hand when there is no date yet."""
    if value is None:
        return "    年    月    日"
    local = value.astimezone(TZ)
    return f"{local.year} 年 {local.month} 月 {local.day} 日"


def boxes(choices: Iterable[tuple[str, str]], ticked: str | None) -> str:
    """Tick boxes: ``☑ 一般问题　□ 困难问题　□ 特殊问题``."""
    return "　".join(f"{TICKED if code == ticked else UNTICKED} {label}" for code, label in choices)


def _labels(choices: Sequence[Choice]) -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in choices]


def label_of(choices: Sequence[Any], code: str) -> str:
    return next((c.label for c in choices if c.code == code), code)


def limit_requirement(limit: Limit) -> str:
    return "立即解决即时办结" if limit.immediate else f"{limit.amount}{limit.unit.label}办结"


def progress_url(case: Any) -> str:
    """The public progress page of a case: ``<BANCHENG_PUBLIC_URL>/progress/<case number>/`` (fixed now; the
    page itself comes later)."""
    base = str(getattr(settings, "BANCHENG_PUBLIC_URL", "http://127.0.0.1:8000")).rstrip("/")
    return f"{base}/progress/{case.number}/"


def title_of(policy: Policy, code: str) -> str:
    for form in policy.forms:
        if form.code == code:
            return form.label
    return SPECS[code].default_title


def _requester(case: Any, masked: bool) -> dict[str, str]:
    name = case.requester_name
    if case.requester_enterprise:
        name = f"{name}（{case.requester_enterprise}）"
    if masked:
        return {
            "requester_name": mask_name(case.requester_name),
            "requester_phone": mask_phone(case.requester_phone),
        }
    return {"requester_name": name, "requester_phone": case.requester_phone}


def _staff(person: Any) -> str:
    return person.display_name if person is not None else ""


def _class_boxes(case: Any, policy: Policy) -> str:
    return boxes([(c.code, c.label) for c in policy.classes], case.case_class or None)


def _due(assignment: Any) -> datetime | None:
    deadlines = [d for d in assignment.deadlines.all() if d.cancelled_at is None]
    return deadlines[-1].due_at if deadlines else None


def _data(case: Any, policy: Policy, code: str, values: dict[str, str], **kw: Any) -> FormData:
    known = SPECS[code].fields
    return FormData(
        code=code,
        title=title_of(policy, code),
        number=case.number,
        values={name: values.get(name, "") for name in known},
        **kw,
    )


# ---- the forms ---------------------------------------------------------------------------------------


def intake_fields(case: Any, policy: Policy, *, masked: bool = False) -> FormData:
    """受理单 (seed 001 附件1, seed 000 附件2)."""
    assignments = [a for a in case.assignments.all() if a.state != "cancelled"]
    on_the_spot = case.disposal == "on_the_spot"
    remarks = []
    if case.special_needs:
        remarks.append(f"特殊需求：{case.special_needs}")
    if case.external_number:
        remarks.append(f"外部工单号：{case.external_number}")
    if case.out_of_scope_reason:
        remarks.append(f"不予受理：{label_of(policy.out_of_scope_reasons, case.out_of_scope_reason)}")
        if case.guidance:
            remarks.append(f"解释与指引：{case.guidance}")
    values = {
        **_requester(case, masked),
        "branch": case.branch.name,
        "officer": _staff(case.officer),
        "registered_at": when(case.registered_at),
        "channel": case.get_channel_display(),
        "category": label_of(policy.categories, case.category) if case.category else "",
        "business": case.business,
        "class_boxes": _class_boxes(case, policy),
        "problem": case.problem,
        "disposal_boxes": boxes(_labels(policy.disposals), case.disposal or None),
        "on_the_spot_answer": (case.resolution or case.feedback) if on_the_spot else "",
        "transfer_units": "、".join(dict.fromkeys(a.unit.name for a in assignments)),
        "remarks": "\n".join(remarks),
    }
    return _data(case, policy, INTAKE, values, progress_url=progress_url(case))


def transfer_fields(case: Any, policy: Policy, assignment: Any, *, masked: bool = False) -> FormData:
    """转办单 / 部门分转单: one per assignment (seed 001 附件2)."""
    if assignment is None or assignment.case_id != case.pk:
        raise DomainError("form.assignment", "请选择该诉求件的一项转办任务")
    limits: list[Limit] = list(dict.fromkeys(c.feedback_limit for c in policy.classes))
    matched = assignment.limit in limits
    other = [] if matched else [f"{assignment.limit.label}内办结"]
    if assignment.instructions:
        other.append(assignment.instructions)
    values = {
        **_requester(case, masked),
        "unit": assignment.unit.name,
        "handler": _staff(assignment.handler),
        "transferred_at": when(assignment.transferred_at),
        "due_at": when(_due(assignment)),
        "class_boxes": _class_boxes(case, policy),
        "problem": case.problem,
        "requirement_boxes": boxes(
            [(str(i), limit_requirement(limit)) for i, limit in enumerate(limits)],
            str(limits.index(assignment.limit)) if matched else None,
        ),
        "other_requirement": "\n".join(other),
        "result": assignment.resolution
        or (f"退单：{assignment.return_reason}" if assignment.return_reason else ""),
        "satisfaction_boxes": boxes(_labels(policy.satisfaction_scale), case.satisfaction or None),
        "feedback_date": ymd(assignment.resolved_at),
        "remarks": "",
    }
    return _data(case, policy, TRANSFER, values, extra={"assignment": assignment.pk})


def supervision_notice_fields(case: Any, policy: Policy, notice: Any, *, masked: bool = False) -> FormData:
    """问题督办单 (seed 000 附件3): the center office to a unit that is late."""
    if notice is None or notice.case_id != case.pk:
        raise DomainError("form.notice", "请选择该诉求件的一份督办单")
    assignment = notice.assignment
    values = {
        **_requester(case, masked),
        "notice_number": notice.number,
        "unit": notice.unit.name,
        "issued_by": _staff(notice.issued_by) or "中心办公室（系统自动督办）",
        "issued_at": when(notice.issued_at),
        "transferred_at": when(assignment.transferred_at) if assignment else "",
        "due_at": when(_due(assignment)) if assignment else "",
        "class_boxes": _class_boxes(case, policy),
        "problem": case.problem,
        "content": notice.content,
        "requirement": notice.requirement,
        "answer_limit": f"收到本督办单后{policy.notice_answer_limit.label}内书面答复落实情况",
        "answer": notice.answer,
        "answered_at": when(notice.answered_at),
        "remarks": "",
    }
    return _data(case, policy, SUPERVISION_NOTICE, values, extra={"notice": notice.pk})


def one_time_notice_fields(case: Any, policy: Policy, pause: Any, *, masked: bool = False) -> FormData:
    """一次告知单: every missing material told at once (seed 003 一次告知, 容缺受理)."""
    if pause is None or pause.case_id != case.pk:
        raise DomainError("form.notice", "该诉求件没有一次告知记录")
    materials = [str(m) for m in pause.missing_materials]
    values = {
        **_requester(case, masked),
        "branch": case.branch.name,
        "officer": _staff(pause.paused_by),
        "notified_at": when(pause.paused_at),
        "business": case.business,
        "materials": "\n".join(f"{i}. {m}" for i, m in enumerate(materials, start=1)),
        "note": pause.note,
        "remarks": "以上材料一次性告知，补齐后即恢复办理。"
        + (f"已于 {when(pause.resumed_at)} 补齐。" if pause.resumed_at else ""),
    }
    return _data(case, policy, ONE_TIME_NOTICE, values, extra={"notice": pause.pk})


def feedback_letter_fields(case: Any, policy: Policy, *, masked: bool = False) -> FormData:
    """结果反馈函: the result told to the requester, with the policy basis when the answer is no."""
    if case.feedback_at is None:
        raise DomainError("form.no_feedback", "该诉求件尚未反馈结果")
    assignments = [a for a in case.assignments.all() if a.state != "cancelled"]
    visits = list(case.visits.all())
    values = {
        **_requester(case, masked),
        "branch": case.branch.name,
        "officer": _staff(case.officer),
        "registered_at": when(case.registered_at),
        "business": case.business,
        "problem": case.problem,
        "units": "、".join(dict.fromkeys(a.unit.name for a in assignments)),
        "resolution": case.resolution,
        "feedback": case.feedback,
        "basis": case.feedback_basis,
        "feedback_at": when(case.feedback_at),
        "satisfaction_boxes": boxes(_labels(policy.satisfaction_scale), case.satisfaction or None),
        "visited_at": when(visits[-1].visited_at) if visits else "",
        "remarks": case.close_reason,
    }
    return _data(case, policy, FEEDBACK_LETTER, values)


def sample_fields(code: str, policy: Policy) -> FormData:
    """Example values for every field: what a template is tried with when uploaded."""
    form = spec(code)
    values = {name: f"示例{label}" for name, label in form.fields.items()}
    return FormData(
        code, title_of(policy, code), "SY-HQ-2026-00001", values, "http://127.0.0.1:8000/progress/x/"
    )
