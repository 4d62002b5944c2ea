"""The center office's handling of a recurring-problem group: start (and write) the root-cause analysis,
dismiss it with a reason, turn one of its cases into a draft knowledge article. Each is one transaction with
the group row locked, a version check against stale forms, and an event on the ``recurring`` stream."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from bancheng.audit.chain import append_event
from bancheng.domain.errors import Conflict, DomainError, NotFound
from bancheng.recurring import permissions
from bancheng.recurring.choices import OPEN_STATUSES, GroupStatus
from bancheng.recurring.models import RecurringGroup, RecurringMember
from bancheng.recurring.services import RECURRING_STREAM

MAX_NOTES = 4000
MAX_REASON = 500


def _locked(group: RecurringGroup | int, expected_version: int | None) -> RecurringGroup:
    pk = group if isinstance(group, int) else group.pk
    locked = RecurringGroup.objects.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise NotFound("recurring.not_found", "同类问题不存在", {"group": pk})
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            "recurring.conflict",
            "该同类问题已被他人处理，请刷新后重试",
            {"expected_version": expected_version, "version": locked.version},
        )
    return locked


def _event(group: RecurringGroup, action: str, actor: Any, now: datetime, before: str, **data: Any) -> None:
    append_event(
        stream=RECURRING_STREAM,
        action=action,
        at=now,
        actor=actor,
        before={"status": before},
        after={"status": group.status},
        data={"group": group.pk, "label": group.label, "version": group.version, **data},
    )


def _save(group: RecurringGroup, actor: Any, now: datetime, fields: list[str]) -> None:
    group.handled_by = actor
    group.handled_at = now
    group.version += 1
    group.updated_at = now
    group.save(update_fields=[*fields, "handled_by", "handled_at", "version", "updated_at"])


def analyse_group(
    group: RecurringGroup | int, notes: str, *, actor: Any, now: datetime, expected_version: int | None = None
) -> RecurringGroup:
    """开展溯源分析: a new group goes to 溯源分析中 and the analysis notes are written (later calls update
    them). Refused on a dismissed or carded group. Event ``analyse_recurring``."""
    permissions.require_handler(actor)
    notes = (notes or "").replace("\r\n", "\n").strip()
    if len(notes) > MAX_NOTES:
        raise DomainError("recurring.notes_too_long", f"溯源分析记录不超过 {MAX_NOTES} 字")
    with transaction.atomic():
        locked = _locked(group, expected_version)
        if locked.status not in OPEN_STATUSES:
            raise DomainError(
                "recurring.closed",
                f"该同类问题已{locked.get_status_display()}，不能再分析",
                {"group": locked.pk},
            )
        before = locked.status
        locked.status = GroupStatus.ANALYSING
        locked.notes = notes
        _save(locked, actor, now, ["status", "notes"])
        _event(locked, "analyse_recurring", actor, now, before, notes_length=len(notes))
    return locked


def dismiss_group(
    group: RecurringGroup | int,
    reason: str,
    *,
    actor: Any,
    now: datetime,
    expected_version: int | None = None,
) -> RecurringGroup:
    """不作处理: the group is not a problem worth a card (e.g. a one-off policy change); the reason is
    required. A group found again later stays dismissed. Event ``dismiss_recurring``."""
    permissions.require_handler(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("recurring.reason_required", "请填写不作处理的原因")
    if len(reason) > MAX_REASON:
        raise DomainError("recurring.reason_too_long", f"原因不超过 {MAX_REASON} 字")
    with transaction.atomic():
        locked = _locked(group, expected_version)
        if locked.status not in OPEN_STATUSES:
            raise DomainError(
                "recurring.closed", f"该同类问题已{locked.get_status_display()}", {"group": locked.pk}
            )
        before = locked.status
        locked.status = GroupStatus.DISMISSED
        locked.dismiss_reason = reason
        _save(locked, actor, now, ["status", "dismiss_reason"])
        _event(locked, "dismiss_recurring", actor, now, before, reason=reason)
    return locked


def knowledge_available() -> bool:
    """Whether ``bancheng.knowledge`` offers ``draft_article_from_case`` (it is built alongside)."""
    try:
        from bancheng.knowledge.actions import draft_article_from_case  # noqa: F401
    except ImportError:
        return False
    return True


def card_group(
    group: RecurringGroup | int,
    case_id: int,
    *,
    actor: Any,
    now: datetime,
    expected_version: int | None = None,
) -> RecurringGroup:
    """生成知识条目: draft a knowledge article from one of the group's cases (personal data removed by the
    knowledge app) and mark the group 已形成知识条目 with the article. The case must belong to the group.
    Event ``card_recurring``."""
    permissions.require_handler(actor)
    if not knowledge_available():
        raise DomainError("recurring.no_knowledge", "知识库尚未启用，请从诉求件页面处理")
    from bancheng.knowledge.actions import draft_article_from_case

    with transaction.atomic():
        locked = _locked(group, expected_version)
        if locked.status not in OPEN_STATUSES:
            raise DomainError(
                "recurring.closed", f"该同类问题已{locked.get_status_display()}", {"group": locked.pk}
            )
        member = RecurringMember.objects.select_related("case").filter(group=locked, case_id=case_id).first()
        if member is None:
            raise DomainError("recurring.not_member", "该诉求件不属于这个同类问题", {"case": case_id})
        article = draft_article_from_case(member.case, actor=actor, now=now)
        before = locked.status
        locked.status = GroupStatus.CARDED
        locked.article_id = article.pk
        _save(locked, actor, now, ["status", "article_id"])
        _event(locked, "card_recurring", actor, now, before, case=member.case.number, article=article.pk)
    return locked
