"""Who may do what to a case. Scope by organization comes with the workspace; here: role and unit."""

from __future__ import annotations

from typing import Any

from bancheng.domain.errors import PermissionDenied
from bancheng.domain.lifecycle import CaseAction as A
from bancheng.org.choices import Role

WINDOW = {Role.CASE_OFFICER, Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE}
UNIT = {Role.HANDLER, Role.UNIT_HEAD}
SUPERVISORS = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE}

ROLES_BY_ACTION: dict[A, set[str]] = {
    A.REGISTER: WINDOW,
    A.ASSESS: WINDOW,
    A.RULE_OUT_OF_SCOPE: WINDOW,
    A.RESOLVE_ON_THE_SPOT: WINDOW,
    A.SUMMON: WINDOW,
    A.RECORD_ARRIVAL: WINDOW,
    A.TRANSFER: WINDOW,
    A.SIGN_FOR: UNIT,
    A.RETURN_ASSIGNMENT: UNIT,
    A.RECORD_RESOLUTION: UNIT,
    A.URGE: WINDOW,
    A.REQUEST_EXTENSION: WINDOW | UNIT,
    A.APPROVE_EXTENSION: {Role.UNIT_HEAD, Role.LEADER, Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE},
    A.REJECT_EXTENSION: {Role.UNIT_HEAD, Role.LEADER, Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE},
    A.PAUSE: WINDOW,
    A.RESUME: WINDOW,
    A.ESCALATE: WINDOW | {Role.UNIT_HEAD},
    A.DEESCALATE: SUPERVISORS | {Role.UNIT_HEAD, Role.LEADER},
    A.ISSUE_SUPERVISION_NOTICE: SUPERVISORS,
    A.ANSWER_SUPERVISION_NOTICE: UNIT,
    A.GIVE_FEEDBACK: WINDOW,
    A.FILE_NEGATIVE: WINDOW,
    A.RECORD_VISIT: WINDOW,
    A.CLOSE: WINDOW,
    A.REOPEN: WINDOW,
    A.REFER: WINDOW | {Role.LEADER},
    A.WITHDRAW: WINDOW,
    A.ARCHIVE: WINDOW,
    A.ATTACH: WINDOW | UNIT,
    # the bad-rating loop: the office verifies and assigns, the unit rectifies and may appeal, the window
    # tells the requester and visits again, the office or a leader decides an appeal
    A.VERIFY_BAD_RATING: SUPERVISORS,
    A.ASSIGN_RECTIFICATION: SUPERVISORS,
    A.RECORD_RECTIFICATION: UNIT,
    A.GIVE_RECTIFICATION_FEEDBACK: WINDOW,
    A.REVISIT_BAD_RATING: WINDOW,
    A.APPEAL_RATING: UNIT | {Role.CASE_OFFICER},
    A.DECIDE_APPEAL: SUPERVISORS | {Role.LEADER},
}

SYSTEM_ACTIONS = {A.RECOMPUTE_DEADLINES, A.MARK_DEADLINES, A.SUPERVISE_OVERDUE, A.ESCALATE_UNANSWERED}


def require(actor: Any, action: A, *, unit_id: int | None = None) -> None:
    """Refuse unless ``actor``'s role may take ``action``; unit roles act only for their own unit."""
    if actor is None:
        if action in SYSTEM_ACTIONS:
            return
        raise PermissionDenied("auth.required", "需要登录后操作")
    if action in SYSTEM_ACTIONS:
        return
    allowed = ROLES_BY_ACTION.get(action, set())
    if actor.role not in allowed or not actor.is_active:
        raise PermissionDenied(
            "auth.forbidden",
            f"您的角色（{actor.get_role_display()}）无权{action.label}",
            {"action": str(action), "role": actor.role},
        )
    if unit_id is not None and actor.role in UNIT and actor.unit_id != unit_id:
        raise PermissionDenied("auth.other_unit", "只能处理本单位的转办任务", {"action": str(action)})


def acting_for(actor: Any, case: Any) -> Any:
    """The absent officer this actor stands in for as A/B backup (A、B 备岗), if any."""
    officer = case.officer
    if actor is not None and officer.pk != actor.pk and officer.absent and officer.backup_id == actor.pk:
        return officer
    return None
