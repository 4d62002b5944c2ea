"""Template helpers of the workspace: masked personal data, deadline badges, working time left."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone

from bancheng.calendars.services import get_calendar
from bancheng.domain import masking
from bancheng.domain.deadlines import working_minutes_left

register = template.Library()


@register.filter
def masked_phone(value: str) -> str:
    return masking.mask_phone(value or "")


@register.filter
def masked_name(value: str) -> str:
    return masking.mask_name(value or "")


def _calendar(context: template.Context) -> Any:
    """The calendar in force, looked up once per request however many deadlines a page shows."""
    request = context.get("request")
    if request is None:
        return get_calendar()
    cal = getattr(request, "_bancheng_calendar", None)
    if cal is None:
        cal = get_calendar()
        request._bancheng_calendar = cal
    return cal


@register.simple_tag(takes_context=True)
def time_left(context: template.Context, due_at: datetime, now: datetime | None = None) -> str:
    """Working time left before a due date, in the officer's terms: 剩余 2 个工作日 3 小时 / 已超期 …"""
    cal = _calendar(context)
    minutes = working_minutes_left(cal, due_at, now or timezone.now())
    per_day = cal.hours.minutes_per_day
    late = minutes < 0
    minutes = abs(minutes)
    days, rest = divmod(minutes, per_day)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} 个工作日")
    if hours:
        parts.append(f"{hours} 小时")
    if mins or not parts:
        parts.append(f"{mins} 分钟")
    text = " ".join(parts)
    return f"已超期 {text}" if late else f"剩余 {text}"


@register.filter
def status_class(value: Any) -> str:
    return {
        "overdue": "bad",
        "met_late": "bad",
        "due_soon": "warn",
        "on_track": "ok",
        "met_on_time": "ok",
    }.get(str(value), "")


# Events outside a case's lifecycle (organization, policy, filings, reports, access log).
OTHER_ACTION_LABELS = {
    "publish_policy": "发布规则",
    "reveal_personal_data": "查看完整个人信息",
    "export_personal_data": "导出含个人信息的台账",
    "open_filing": "查看报备材料",
    "file_week": "周报备",
    "create_staff": "新增工作人员",
    "update_staff": "修改工作人员",
    "set_password": "设置密码",
    "mark_absent": "登记外出与替岗",
    "create_unit": "新增单位",
    "update_unit": "修改单位",
    "generate_report": "生成研判通报",
    "edit_report_findings": "编辑研判意见",
    "publish_report": "发布研判通报",
    "draft_article": "由诉求件生成知识条目",
    "create_article": "新建知识条目",
    "edit_article": "修改知识条目",
    "submit_article": "提交知识条目审核",
    "publish_article": "发布知识条目",
    "send_back_article": "退回知识条目",
    "withdraw_article": "撤回知识条目",
    "revise_article": "重新编辑知识条目",
    "detect_recurring": "汇总同类问题",
    "analyse_recurring": "同类问题溯源分析",
    "dismiss_recurring": "同类问题不作处理",
    "card_recurring": "同类问题生成知识条目",
}


@register.filter
def action_label(code: str) -> str:
    """The Chinese name of an event's action code (labels are rendered, never stored)."""
    from bancheng.domain.lifecycle import CaseAction

    try:
        return CaseAction(code).label
    except ValueError:
        return OTHER_ACTION_LABELS.get(code, code)


@register.filter
def state_label(code: str) -> str:
    from bancheng.domain.lifecycle import CaseState

    try:
        return CaseState(code).label
    except ValueError:
        return code
