"""Reading the audit trail: every event, for the auditor (who reads all and changes nothing)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet

from bancheng.audit.models import Event
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import PermissionDenied
from bancheng.org.choices import Role

AUDIT_READERS = {Role.AUDITOR}


def require_audit_reader(user: Any) -> None:
    if getattr(user, "role", None) not in AUDIT_READERS:
        raise PermissionDenied("audit.forbidden", "只有审计员可以查看审计记录")


def audit_events(
    user: Any,
    *,
    stream: str = "",
    action: str = "",
    actor: str = "",
    day_from: date | None = None,
    day_to: date | None = None,
) -> QuerySet[Event]:
    """Events newest first, narrowed by stream (prefix), action, actor name and local dates."""
    require_audit_reader(user)
    events = Event.objects.select_related("case").order_by("-at", "-pk")
    if stream:
        events = events.filter(stream__startswith=stream)
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_name__icontains=actor)
    if day_from:
        events = events.filter(at__gte=datetime.combine(day_from, time.min, tzinfo=TZ))
    if day_to:
        events = events.filter(at__lt=datetime.combine(day_to + timedelta(days=1), time.min, tzinfo=TZ))
    return events
