"""Read queries over cases. Scoping by organization and role grows with the workspace (issue 3)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from bancheng.cases.models import Case, Deadline
from bancheng.domain.lifecycle import OPEN_STATES
from bancheng.org.choices import Role

SEE_ALL = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.LEADER, Role.AUDITOR, Role.ADMIN}


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Cases a user may see: the office, customer service, leaders and auditors see all; an officer sees
    the branch's cases; a handler or unit head sees the cases transferred to the unit."""
    base = Case.objects.select_related("branch", "officer")
    if user.role in SEE_ALL:
        return base
    if user.role == Role.CASE_OFFICER:
        return base.filter(branch_id=user.unit_id) | base.filter(officer=user)
    return base.filter(assignments__unit_id=user.unit_id).distinct()


def open_cases() -> QuerySet[Case]:
    return Case.objects.filter(state__in=[s.value for s in OPEN_STATES])


def case_timeline(case: Case) -> QuerySet[Any]:
    return case.events.order_by("seq")


def case_deadlines(case: Case) -> QuerySet[Deadline]:
    return case.deadlines.select_related("assignment__unit").order_by("started_at", "pk")


def overdue_deadlines(cases: QuerySet[Case]) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        case__in=cases.values("pk"), status="overdue", met_at=None, cancelled_at=None
    )
