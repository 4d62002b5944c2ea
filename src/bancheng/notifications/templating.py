"""The wording of every message: Chinese defaults shipped here, overridden by the administrator's
``MessageTemplate`` rows; placeholders are ``{name}`` from ``PLACEHOLDERS`` only."""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache

from bancheng.domain.errors import DomainError
from bancheng.notifications.choices import Channel

PLACEHOLDERS: dict[str, str] = {
    "case_number": "诉求件编号",
    "requester_name": "诉求人姓名",
    "business": "所办事项",
    "missing_materials": "需补齐的材料",
    "result": "办理结果",
    "rating_url": "评价链接",
    "deadline": "办理时限",
    "unit_name": "单位名称",
    "notice_number": "督办单编号",
    "reason": "理由",
    "actor_name": "操作人",
    "deadline_kind": "时限类型",
    "week": "周次",
    "group_count": "同类问题数",
}


@dataclass(frozen=True)
class DefaultTemplate:
    code: str
    label: str
    channel: Channel
    subject: str
    body: str


DEFAULTS: dict[str, DefaultTemplate] = {
    t.code: t
    for t in (
        DefaultTemplate(
            "case_registered",
            "受理登记（短信给诉求人）",
            Channel.SMS,
            "",
            "{requester_name}您好，您反映的“{business}”问题已受理，编号{case_number}，我们将尽快办理并答复。",
        ),
        DefaultTemplate(
            "materials_missing",
            "缺件一次告知（短信给诉求人）",
            Channel.SMS,
            "",
            "{requester_name}您好，您的诉求件{case_number}还需补齐以下材料：{missing_materials}。"
            "补齐后即恢复办理。",
        ),
        DefaultTemplate(
            "feedback_given",
            "结果反馈（短信给诉求人）",
            Channel.SMS,
            "",
            "{requester_name}您好，您的诉求件{case_number}办理结果：{result}",
        ),
        DefaultTemplate(
            "rating_link",
            "评价邀请（短信给诉求人）",
            Channel.SMS,
            "",
            "{requester_name}您好，请对诉求件{case_number}的办理情况进行评价：{rating_url}",
        ),
        DefaultTemplate(
            "case_transferred",
            "转办通知（站内消息给承办单位）",
            Channel.IN_APP,
            "新转办诉求件 {case_number}",
            "诉求件{case_number}（{business}）已转办至{unit_name}，请及时签收办理。",
        ),
        DefaultTemplate(
            "notice_issued",
            "督办单（站内消息与邮件给部门负责人）",
            Channel.IN_APP,
            "督办通知 {notice_number}",
            "{unit_name}：诉求件{case_number}已下发问题督办单{notice_number}，请按要求办理并答复。",
        ),
        DefaultTemplate(
            "rectification_assigned",
            "差评整改交办（站内消息给部门负责人）",
            Channel.IN_APP,
            "差评整改 {case_number}",
            "{unit_name}：诉求件{case_number}（{business}）的差评经核实需要整改，"
            "请按整改要求在时限内整改并登记整改结果。",
        ),
        DefaultTemplate(
            "extension_requested",
            "延期申请（站内消息给审批人）",
            Channel.IN_APP,
            "延期申请待审批 {case_number}",
            "{actor_name}申请延长诉求件{case_number}的办理时限，理由：{reason}。请审批。",
        ),
        DefaultTemplate(
            "deadline_due_soon",
            "时限即将到期提醒（站内消息与短信给承办单位和办理专员）",
            Channel.IN_APP,
            "时限即将到期 {case_number}",
            "诉求件{case_number}（{business}）的{deadline_kind}将于{deadline}到期，请抓紧办理。",
        ),
        DefaultTemplate(
            "response_overdue",
            "现场响应超时告警（站内消息与短信给被召集部门）",
            Channel.IN_APP,
            "现场响应已超时 {case_number}",
            "{unit_name}：诉求件{case_number}（{business}）已召集贵部门人员到窗口，"
            "规定时限{deadline}已过仍未到场，请立即派员到窗口。",
        ),
        DefaultTemplate(
            "notice_unanswered_escalated",
            "督办单逾期未答复提级（站内消息给办理专员和部门负责人）",
            Channel.IN_APP,
            "督办单逾期未答复 {notice_number}",
            "督办单{notice_number}逾期未答复，诉求件{case_number}（{business}）已提级办理，理由：{reason}。",
        ),
        DefaultTemplate(
            "recurring_groups_found",
            "新发现同类问题（站内消息给中心办公室）",
            Channel.IN_APP,
            "新发现同类问题 {week}",
            "{week}新发现{group_count}个同类问题（多名诉求人反映同一问题），请到“同类问题”页面研判，"
            "必要时开展溯源分析并形成办事指南卡片或知识条目。",
        ),
    )
}


def placeholders_in(text: str) -> list[str]:
    """The placeholder names ``text`` uses; raises ``DomainError`` for broken braces or unknown names."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise DomainError(
            "template.invalid",
            "模板中的花括号不成对：占位符请写成 {case_number} 的形式，花括号本身请写成 {{ 或 }}",
        ) from None
    names = [name for _, name, _, _ in parsed if name is not None]
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    for _, name, spec, conv in parsed:
        if name is not None and (spec or conv):
            unknown.append(name)
    if unknown:
        raise DomainError(
            "template.unknown_placeholder",
            "模板中有不认识的占位符："
            + "、".join("{" + u + "}" for u in dict.fromkeys(unknown))
            + "。可用的占位符："
            + "、".join("{" + p + "}" for p in PLACEHOLDERS),
            {"unknown": unknown},
        )
    return names


def fill(text: str, values: dict[str, str]) -> str:
    _checked(text)
    return text.format_map({name: values.get(name, "") for name in PLACEHOLDERS})


@lru_cache(maxsize=256)
def _checked(text: str) -> None:
    """``placeholders_in`` once per template text (a sweep fills one text thousands of times)."""
    placeholders_in(text)
