"""Read queries over cases, scoped to the viewer first (STYLE.md "Reads: selectors that know the viewer")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from bancheng.audit.models import Event
from bancheng.cases.models import Assignment, Case, Deadline, Extension, SupervisionNotice
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import NotFound
from bancheng.domain.lifecycle import OPEN_ASSIGNMENT_STATES, OPEN_STATES
from bancheng.org.choices import Role

SEE_ALL = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.LEADER, Role.AUDITOR, Role.ADMIN}
UNIT_ROLES = {Role.HANDLER, Role.UNIT_HEAD}
OPEN_STATE_VALUES = [s.value for s in OPEN_STATES]
OPEN_ASSIGNMENT_VALUES = [s.value for s in OPEN_ASSIGNMENT_STATES]


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Cases a user may see: the office, customer service, leaders, auditors and the administrator see all;
    an officer sees the branch's cases and those they own, and those of an absent officer they back up;
    a handler or unit head sees the cases transferred to the unit. Nobody else sees any."""
    base = Case.objects.select_related("branch", "officer")
    role = getattr(user, "role", None)
    if role in SEE_ALL:
        return base
    if role == Role.CASE_OFFICER:
        # The absent officers this one backs up are looked up first, so the case filter needs no join
        # and each branch of the OR has its own index.
        officers = [user.pk, *officers_backed_up_by(user).values_list("pk", flat=True)]
        return base.filter(Q(branch_id=user.unit_id) | Q(officer_id__in=officers))
    if role in UNIT_ROLES and user.unit_id is not None:
        on_unit = Assignment.objects.filter(case=OuterRef("pk"), unit_id=user.unit_id)
        return base.filter(Exists(on_unit))
    return base.none()


def get_case_for_user(user: Any, pk: int) -> Case:
    """One case the user may see; a case they may not see is as absent as one that does not exist."""
    case = cases_visible_to(user).filter(pk=pk).first()
    if case is None:
        raise NotFound("case.not_found", "诉求件不存在或您无权查看", {"case": pk})
    return case


def open_cases() -> QuerySet[Case]:
    return Case.objects.filter(state__in=OPEN_STATE_VALUES)


def case_timeline(case: Case) -> QuerySet[Any]:
    """The case's own stream of changes, oldest first (access records live in another stream)."""
    return case.events.filter(stream=case.stream).order_by("seq")


def case_deadlines(case: Case) -> QuerySet[Deadline]:
    return case.deadlines.select_related("assignment__unit").order_by("started_at", "pk")


HOTLINE_TYPE_IN_PROBLEM = re.compile(r"【12345工单 [^｜】]*｜([^】]+)】")


def hotline_request_type(case: Case) -> str:
    """The 12345 诉求类型 of a hotline case (which decides its platform clock): kept in its registration
    event, else read from the order details appended to its problem text; empty for other channels."""
    if case.channel != "hotline":
        return ""
    data = case.events.filter(action="register").values_list("data", flat=True).first() or {}
    kind = str(data.get("request_type", "")) if isinstance(data, dict) else ""
    if not kind:
        found = HOTLINE_TYPE_IN_PROBLEM.search(case.problem or "")
        kind = found.group(1) if found else ""
    return kind


def cases_of_request_type(cases: QuerySet[Case], kind: str) -> QuerySet[Case]:
    """The hotline cases whose 12345 诉求类型 is ``kind``, read as ``hotline_request_type`` reads it: the
    registration event's ``request_type``, else (a case registered before the event kept it) the order
    details in the problem text. The event is probed per case through the partial index
    ``event_register_request_type`` (one entry per registration)."""
    register = Event.objects.filter(case=OuterRef("pk"), action="register")
    typed = register.filter(data__request_type=kind)
    untyped = ~Exists(register.filter(data__has_key="request_type"))
    in_problem = Q(problem__contains=f"｜{kind}】")
    return cases.filter(channel="hotline").filter(Exists(typed) | (untyped & in_problem))


def overdue_deadlines(cases: QuerySet[Case]) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        case__in=cases.values("pk"), status="overdue", met_at=None, cancelled_at=None
    )


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=TZ)
    return start, start + timedelta(days=1)


def open_deadlines(cases: QuerySet[Case]) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        case__in=cases.values("pk"), met_at=None, cancelled_at=None
    ).select_related("case", "assignment__unit")


def cases_due_on(cases: QuerySet[Case], day: date) -> QuerySet[Case]:
    start, end = _day_bounds(day)
    due = Deadline.objects.filter(
        case=OuterRef("pk"), met_at=None, cancelled_at=None, due_at__gte=start, due_at__lt=end
    )
    return cases.filter(Exists(due))


def cases_overdue(cases: QuerySet[Case]) -> QuerySet[Case]:
    late = Deadline.objects.filter(case=OuterRef("pk"), status="overdue", met_at=None, cancelled_at=None)
    return cases.filter(Exists(late))


def cases_owned_by(user: Any) -> QuerySet[Case]:
    """An officer's open cases, with those of an absent officer they back up (A、B 备岗)."""
    officers = [user.pk, *officers_backed_up_by(user).values_list("pk", flat=True)]
    return cases_visible_to(user).filter(officer_id__in=officers, state__in=OPEN_STATE_VALUES)


def officers_backed_up_by(user: Any) -> QuerySet[Any]:
    from bancheng.org.models import Staff

    return Staff.objects.filter(backup=user, absent=True)


def cases_waiting_for_materials(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.filter(paused=True, state__in=OPEN_STATE_VALUES)


def unit_assignments(unit_id: int | None) -> QuerySet[Assignment]:
    """The open assignments a unit owes, earliest deadline first."""
    return (
        Assignment.objects.filter(unit_id=unit_id, state__in=OPEN_ASSIGNMENT_VALUES)
        .select_related("case", "unit", "handler")
        .prefetch_related("deadlines")
        .order_by("transferred_at", "pk")
    )


def late_assignments(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    late = Deadline.objects.filter(
        assignment=OuterRef("pk"), status="overdue", met_at=None, cancelled_at=None
    )
    return assignments.filter(Exists(late))


def pending_extensions(user: Any) -> QuerySet[Extension]:
    """Extension requests this user may decide: a unit head those of the unit; the office and leaders all."""
    pending = Extension.objects.filter(state="requested").select_related(
        "case", "deadline__assignment__unit", "requested_by"
    )
    if user.role == Role.UNIT_HEAD:
        return pending.filter(deadline__assignment__unit_id=user.unit_id)
    if user.role in {Role.LEADER, Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE}:
        return pending
    return pending.none()


def cases_escalated_to(user: Any) -> QuerySet[Case]:
    """Cases waiting at the user's escalation level: 1 the unit head (for the unit's cases), 2 customer
    service and the office, 3 the leadership group."""
    visible = cases_visible_to(user).filter(state__in=OPEN_STATE_VALUES)
    if user.role == Role.UNIT_HEAD:
        return visible.filter(escalation_level=1)
    if user.role in {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE}:
        return visible.filter(escalation_level=2)
    if user.role == Role.LEADER:
        return visible.filter(escalation_level__gte=3)
    return visible.none()


def open_notices(cases: QuerySet[Case]) -> QuerySet[SupervisionNotice]:
    return SupervisionNotice.objects.filter(case__in=cases.values("pk"), state="issued").select_related(
        "case", "assignment__unit"
    )


def earlier_cases(user: Any, phone: str, *, exclude: int | None = None) -> QuerySet[Case]:
    """The requester's earlier cases this user may see (a repeat visit is a signal)."""
    found = cases_visible_to(user).filter(requester_phone=phone.strip()).order_by("-registered_at")
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found


@dataclass(frozen=True)
class CaseFilter:
    """What a case list is narrowed to; every field optional."""

    number: str = ""
    requester: str = ""
    phone: str = ""
    text: str = ""
    category: str = ""
    case_class: str = ""
    state: str = ""
    unit: int | None = None
    branch: int | None = None
    deadline_status: str = ""
    channel: str = ""
    registered_from: date | None = None
    registered_to: date | None = None
    mine: bool = False
    request_type: str = ""


SORTS = {
    "number": "number",
    "-number": "-number",
    "registered": "registered_at",
    "-registered": "-registered_at",
    "updated": "updated_at",
    "-updated": "-updated_at",
    "state": "state",
    "-state": "-state",
}


def search_cases(user: Any, f: CaseFilter, sort: str = "-registered") -> QuerySet[Case]:
    """The cases the user may see, narrowed by the filter, sorted."""
    found = cases_visible_to(user)
    if f.number:
        found = found.filter(Q(number__icontains=f.number.strip()) | Q(external_number=f.number.strip()))
    if f.requester:
        found = found.filter(
            Q(requester_name__icontains=f.requester.strip())
            | Q(requester_enterprise__icontains=f.requester.strip())
        )
    if f.phone:
        found = found.filter(requester_phone=f.phone.strip())
    if f.text:
        found = found.filter(Q(problem__icontains=f.text.strip()) | Q(business__icontains=f.text.strip()))
    for field, value in (
        ("category", f.category),
        ("case_class", f.case_class),
        ("state", f.state),
        ("channel", f.channel),
    ):
        if value:
            found = found.filter(**{field: value})
    # by __pk, not _id: Django then turns an id beyond 64 bits into no match instead of SQLite's OverflowError
    if f.branch:
        found = found.filter(branch__pk=f.branch)
    if f.unit:
        found = found.filter(Exists(Assignment.objects.filter(case=OuterRef("pk"), unit__pk=f.unit)))
    if f.deadline_status:
        found = found.filter(
            Exists(Deadline.objects.filter(case=OuterRef("pk"), status=f.deadline_status, cancelled_at=None))
        )
    if f.registered_from:
        found = found.filter(registered_on__gte=f.registered_from)
    if f.registered_to:
        found = found.filter(registered_on__lte=f.registered_to)
    if f.mine:
        found = found.filter(officer=user)
    if f.request_type:
        found = cases_of_request_type(found, f.request_type.strip())
    return found.order_by(SORTS.get(sort, "-registered_at"), "-pk")
