"""The frame every case action runs in: one transaction, the row lock, the version check, the lifecycle
table, the permission hook, and exactly one event appended with the change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from bancheng.audit.chain import append_event
from bancheng.calendars.services import get_calendar
from bancheng.cases import permissions
from bancheng.cases.models import Case
from bancheng.domain.calendar import WorkCalendar
from bancheng.domain.errors import Conflict, NotFound
from bancheng.domain.lifecycle import CaseAction, CaseState, next_state
from bancheng.domain.policy import Policy
from bancheng.policies.services import policy_of


@dataclass
class ActionContext:
    case: Case
    action: CaseAction
    actor: Any
    now: datetime
    policy: Policy
    cal: WorkCalendar
    acting_for: Any
    target_state: CaseState
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    fields: set[str] = field(default_factory=set)
    record: bool = True  # False: nothing changed, write nothing (system recomputations)

    def set(self, **values: Any) -> None:
        """Change fields of the case, remembering before and after for the event."""
        for name, value in values.items():
            old = getattr(self.case, name)
            if old == value:
                continue
            self.before.setdefault(name, old)
            self.after[name] = value
            setattr(self.case, name, value)
            self.fields.add(name)


def resolve_now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def lock_case(case_id: int) -> Case:
    try:
        return Case.objects.select_for_update().select_related("officer", "branch").get(pk=case_id)
    except Case.DoesNotExist:
        raise NotFound("case.not_found", "诉求件不存在", {"case": case_id}) from None


@contextmanager
def case_action(
    case: Case | int,
    action: CaseAction,
    *,
    actor: Any,
    now: datetime | None = None,
    expected_version: int | None = None,
    unit_id: int | None = None,
    request_id: str = "",
) -> Iterator[ActionContext]:
    """Run the body of an action on a locked case; on leaving, save the changed fields and append the event.

    ``expected_version`` is the version the caller showed the user: a stale edit is refused as a conflict.
    """
    case_id = case if isinstance(case, int) else case.pk
    when = resolve_now(now)
    permissions.require(actor, action, unit_id=unit_id)
    with transaction.atomic():
        locked = lock_case(case_id)
        if expected_version is not None and locked.version != expected_version:
            raise Conflict(
                "case.conflict",
                "该诉求件已被他人修改，请刷新后重试",
                {"expected_version": expected_version, "version": locked.version},
            )
        target = next_state(action, CaseState(locked.state), paused=locked.paused)
        ctx = ActionContext(
            case=locked,
            action=action,
            actor=actor,
            now=when,
            policy=policy_of(locked.policy_version_id),
            cal=get_calendar(),
            acting_for=permissions.acting_for(actor, locked),
            target_state=target,
        )
        yield ctx
        if not ctx.record:
            return
        ctx.set(state=ctx.target_state.value)
        ctx.set(version=locked.version + 1, updated_at=when)
        locked.save(update_fields=sorted(ctx.fields))
        record_event(ctx)
    if not isinstance(case, int):
        refresh_instance(case, locked)


def record_event(ctx: ActionContext) -> None:
    before = {k: v for k, v in ctx.before.items() if k not in {"version", "updated_at"}}
    after = {k: v for k, v in ctx.after.items() if k not in {"version", "updated_at"}}
    append_event(
        stream=ctx.case.stream,
        action=ctx.action.value,
        at=ctx.now,
        actor=ctx.actor,
        acting_for=ctx.acting_for,
        case=ctx.case,
        before=before,
        after=after,
        data=ctx.data,
    )


def refresh_instance(stale: Case, fresh: Case) -> None:
    """Let the caller's object show the new values (tests and views keep using it)."""
    for f in Case._meta.concrete_fields:
        setattr(stale, f.attname, getattr(fresh, f.attname))
