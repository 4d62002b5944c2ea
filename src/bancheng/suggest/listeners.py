"""Suggestion feedback from the case events: an assessment (the category chosen) and a case's first transfer
(the units chosen) are compared with what the model suggests, after the action's transaction commits, so
the action itself writes nothing more and a failure here never undoes it."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from bancheng.domain.lifecycle import CaseAction
from bancheng.suggest.choices import Kind

log = logging.getLogger(__name__)


def on_event(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or instance.case_id is None:
        return
    if instance.action == CaseAction.ASSESS.value:
        chosen = [str((instance.after or {}).get("category") or "")]
        kind = Kind.CATEGORY
    elif instance.action == CaseAction.TRANSFER.value:
        parts = (instance.data or {}).get("assignments") or []
        chosen = [str(p.get("unit")) for p in parts if p.get("unit")]
        kind = Kind.UNIT
    else:
        return
    if not any(chosen):
        return
    case_id, actor_id, at = instance.case_id, instance.actor_id, instance.at
    first_ids = [p.get("id") for p in (instance.data or {}).get("assignments") or []]
    transaction.on_commit(lambda: _record(case_id, kind, chosen, actor_id, at, first_ids), robust=True)


def _record(
    case_id: int, kind: Kind, chosen: list[str], actor_id: int | None, at: Any, ids: list[Any]
) -> None:
    from bancheng.cases.models import Assignment, Case
    from bancheng.suggest.actions import record_feedback
    from bancheng.suggest.selectors import newest_models

    if kind.value not in newest_models():
        return
    if kind == Kind.UNIT and Assignment.objects.filter(case_id=case_id).exclude(pk__in=ids).exists():
        return  # only the case's first transfer names its handling unit
    case = Case.objects.filter(pk=case_id).only("pk", "business", "problem").first()
    if case is None:
        return
    from bancheng.org.models import Staff

    actor = Staff.objects.filter(pk=actor_id).first() if actor_id else None
    record_feedback(case, kind=kind, chosen=chosen, actor=actor, now=at)
