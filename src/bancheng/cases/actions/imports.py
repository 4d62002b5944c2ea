"""Import: a case from a ledger kept before the system (历史台账), created with its historical dates and
final state, marked as imported in its timeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from bancheng.audit.chain import append_event
from bancheng.cases.actions._base import resolve_now
from bancheng.cases.choices import Channel, RequesterKind
from bancheng.cases.models import Assignment, Case
from bancheng.cases.numbers import next_case_number
from bancheng.domain.calendar import TZ
from bancheng.domain.deadlines import LimitUnit
from bancheng.domain.errors import PermissionDenied
from bancheng.domain.lifecycle import AssignmentState, CaseAction, CaseState
from bancheng.org.choices import Role
from bancheng.org.models import Staff, Unit
from bancheng.policies.services import active_policy_version, policy_of

IMPORT_ROLES = {Role.ADMIN, Role.CENTER_OFFICE}
IMPORTED_INSTRUCTIONS = "（历史台账导入）"


def import_case(
    *,
    actor: Any,
    branch: Unit,
    key: str,
    source: str,
    row: int,
    registered_at: datetime,
    requester_name: str,
    requester_phone: str,
    problem: str,
    officer: Staff | None = None,
    officer_name: str = "",
    legacy_number: str = "",
    business: str = "",
    channel: str = Channel.ONSITE,
    category: str = "",
    case_class: str = "",
    units: Sequence[Unit] = (),
    resolution: str = "",
    closed_at: datetime | None = None,
    satisfaction: str = "",
    remarks: str = "",
    extra: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> tuple[Case, bool]:
    """导入（历史台账）: create a case as an old ledger row recorded it: registered at its historical time,
    closed at its 办结时间 when it has one (otherwise registered, to be worked on in the system), its units
    as resolved assignments of a closed case. ``key`` is the row's stable import key (kept as the case's
    submission key), so the same row imported twice gives the first case back: returns (case, created).
    Only the administrator and the center office import. Event ``import`` with the file, row and key."""
    if actor is None or actor.role not in IMPORT_ROLES or not actor.is_active:
        raise PermissionDenied("auth.forbidden", "只有系统管理员和中心办公室可以导入历史台账")
    when = resolve_now(now)
    earlier = Case.objects.filter(submission_key=key).first()
    if earlier is not None:
        return earlier, False
    with transaction.atomic():
        version = active_policy_version()
        policy = policy_of(version.pk)
        year = registered_at.astimezone(TZ).year
        state = CaseState.CLOSED if closed_at is not None else CaseState.REGISTERED
        ended = closed_at is not None
        case = Case.objects.create(
            number=next_case_number(branch, year, policy.case_number_prefix),
            branch=branch,
            registered_on=registered_at.astimezone(TZ).date(),
            registered_at=registered_at,
            channel=channel,
            officer=officer or actor,
            requester_name=requester_name,
            requester_phone=requester_phone,
            requester_kind=RequesterKind.PERSON,
            business=(business or problem)[:200],
            problem=problem,
            external_number=legacy_number[:64],
            submission_key=key,
            state=state.value,
            policy_version=version,
            category=category,
            case_class=case_class,
            assessed_at=registered_at if case_class else None,
            resolution=resolution,
            feedback=resolution if ended else "",
            feedback_at=closed_at if ended and resolution else None,
            satisfaction=satisfaction,
            visited_at=closed_at if ended and satisfaction else None,
            closed_at=closed_at,
            close_reason=remarks if ended else "",
            updated_at=when,
        )
        if ended:
            Assignment.objects.bulk_create(
                Assignment(
                    case=case,
                    unit=unit,
                    instructions=IMPORTED_INSTRUCTIONS,
                    limit_amount=0,
                    limit_unit=LimitUnit.WORKING_DAYS.value,
                    state=AssignmentState.RESOLVED.value,
                    transferred_at=registered_at,
                    transferred_by=actor,
                    resolution=resolution,
                    resolved_at=closed_at,
                )
                for unit in units
            )
        append_event(
            stream=case.stream,
            action=CaseAction.IMPORT.value,
            at=when,
            actor=actor,
            case=case,
            after={"number": case.number, "state": case.state, "branch": branch.code},
            data={
                "source": source,
                "row": row,
                "key": key,
                "legacy_number": legacy_number,
                "officer_name": officer_name,
                "registered_at": registered_at,
                "closed_at": closed_at,
                "units": [u.code for u in units],
                "remarks": remarks,
                "policy_version": version.version,
                **(extra or {}),
            },
        )
    return case, True
