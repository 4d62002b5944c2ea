"""Turn a case event into outbox messages, in the event's own transaction (a rolled-back change leaves no
message; a refused action writes no event, so no message)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from bancheng.domain.calendar import TZ
from bancheng.notifications import services
from bancheng.notifications.choices import Channel
from bancheng.notifications.rules import Rule, rules_for
from bancheng.org.choices import Role
from bancheng.org.models import Staff, Unit


@dataclass(frozen=True)
class Target:
    """One recipient: a staff member (in-app, e-mail) or the requester's phone (SMS)."""

    key: str
    staff: Staff | None = None
    phone: str = ""
    values: dict[str, str] | None = None


Emit = Callable[..., Any]


def on_event(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or instance.case_id is None:
        return
    _messages_of(instance, services.enqueue)


def on_events_bulk(events: list[Any]) -> int:
    """The rules of many saved events at once (the sweep's batches): every message is evaluated as
    ``on_event`` would, then all duplicate keys are checked in one query and the new messages written with
    one ``bulk_create``. Returns how many messages were written."""
    pending: list[dict[str, Any]] = []
    for event in events:
        if event.case_id is not None:
            _messages_of(event, lambda **kw: pending.append(kw))
    return services.enqueue_many(pending)


def _messages_of(event: Any, emit: Emit) -> None:
    rules = rules_for(event.action)
    if not rules:
        return
    case = event.case
    for rule in rules:
        if rule.deadline_to:
            _on_deadline_changes(event, case, rule, emit)
            continue
        for target in AUDIENCES[rule.audience](event, case):
            values = _values(event, case, rule) | (target.values or {})
            for channel in rule.channels:
                _enqueue(event, case, rule, channel, target, values, emit=emit)


def _on_deadline_changes(event: Any, case: Any, rule: Rule, emit: Emit) -> None:
    """One message per deadline that moved to ``rule.deadline_to``: keyed on the deadline, not the event."""
    from bancheng.cases.models import Deadline

    ids = [
        c.get("id")
        for c in (event.data or {}).get("deadlines", [])
        if c.get("to") == rule.deadline_to and c.get("kind") in rule.deadline_kinds
    ]
    if not ids:
        return
    deadlines = Deadline.objects.filter(pk__in=ids, met_at=None, cancelled_at=None).select_related(
        "assignment__unit", "assignment__handler"
    )
    for deadline in deadlines.order_by("pk"):
        base = _values(event, case, rule) | {
            "deadline": deadline.due_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M"),
            "deadline_kind": deadline.get_kind_display(),
        }
        for target in DEADLINE_AUDIENCES[rule.audience](event, case, deadline):
            values = base | (target.values or {})
            key = f"deadline:{deadline.pk}:{rule.deadline_to}:{rule.template_code}"
            for channel in rule.channels:
                _enqueue(
                    event,
                    case,
                    rule,
                    channel,
                    target,
                    values,
                    dedupe_key=f"{key}:{channel}:{target.key}",
                    emit=emit,
                )


def _enqueue(
    event: Any,
    case: Any,
    rule: Rule,
    channel: Channel,
    target: Target,
    values: dict[str, str],
    dedupe_key: str = "",
    *,
    emit: Emit,
) -> None:
    address: dict[str, Any]
    if channel == Channel.SMS:
        if not target.phone:
            return
        address = {"to_phone": target.phone}
    elif channel == Channel.EMAIL:
        if (
            target.staff is None
            or not target.staff.email
            or not services.gateways.current_settings().email_enabled
        ):
            return
        address = {"recipient": target.staff, "to_email": target.staff.email}
    else:
        if target.staff is None:
            return
        address = {"recipient": target.staff}
    emit(
        channel=channel,
        template_code=rule.template_code,
        values=values,
        dedupe_key=dedupe_key or f"event:{event.pk}:{rule.template_code}:{channel}:{target.key}",
        now=event.at,
        case=case,
        **address,
    )


def _values(event: Any, case: Any, rule: Rule) -> dict[str, str]:
    data = event.data or {}
    values = {
        "case_number": case.number,
        "requester_name": case.requester_name,
        "business": case.business,
        "missing_materials": "、".join(data.get("missing_materials") or []),
        "result": case.feedback,
        "notice_number": str(data.get("notice", "")),
        "reason": str(data.get("reason", "")),
        "actor_name": event.actor_name,
    }
    if rule.template_code == "rating_link":
        values["rating_url"] = services.invite_rating(case, event.at)
    return values


def _requester(event: Any, case: Any) -> Iterator[Target]:
    if case.requester_phone:
        yield Target("requester", phone=case.requester_phone)


def _unit_staff(unit: Unit, roles: set[str]) -> Iterator[Target]:
    for person in Staff.objects.filter(unit=unit, role__in=roles, is_active=True).order_by("pk"):
        yield Target(f"staff:{person.pk}", staff=person, values={"unit_name": unit.name})


def _receiving_units(event: Any, case: Any) -> Iterator[Target]:
    codes = [a.get("unit") for a in (event.data or {}).get("assignments", [])]
    for unit in Unit.objects.filter(code__in=codes).order_by("code"):
        yield from _unit_staff(unit, {Role.HANDLER, Role.UNIT_HEAD})


def _notice_unit_heads(event: Any, case: Any) -> Iterator[Target]:
    unit = Unit.objects.filter(code=(event.data or {}).get("unit", "")).first()
    if unit is not None:
        yield from _unit_staff(unit, {Role.UNIT_HEAD})


def _extension_approvers(event: Any, case: Any) -> Iterator[Target]:
    from bancheng.policies.services import policy_of

    roles = set(policy_of(case.policy_version_id).extension_approver_roles)
    deadline = (
        case.deadlines.select_related("assignment").filter(pk=(event.data or {}).get("deadline")).first()
    )
    unit_id = (
        deadline.assignment.unit_id if deadline is not None and deadline.assignment is not None else None
    )
    people = Staff.objects.filter(role__in=roles, is_active=True).exclude(pk=event.actor_id).order_by("pk")
    for person in people:
        if person.role == Role.UNIT_HEAD and person.unit_id != unit_id:
            continue  # a unit head decides only on their own unit's deadlines
        yield Target(f"staff:{person.pk}", staff=person)


def _staff_target(person: Staff, unit: Unit | None = None) -> Target:
    values = {"unit_name": unit.name} if unit is not None else None
    return Target(f"staff:{person.pk}", staff=person, phone=person.phone, values=values)


def _case_officer(event: Any, case: Any) -> Iterator[Target]:
    if case.officer.is_active:
        yield Target(f"staff:{case.officer_id}", staff=case.officer)


def _deadline_owners(event: Any, case: Any, deadline: Any) -> Iterator[Target]:
    """Who answers for a deadline: for an assignment's, its handler (or, not yet signed for, the unit's
    handlers and head); always the case officer."""
    seen: set[int] = set()
    a = deadline.assignment
    if a is not None:
        people = (
            [a.handler]
            if a.handler is not None and a.handler.is_active
            else Staff.objects.filter(
                unit=a.unit, role__in={Role.HANDLER, Role.UNIT_HEAD}, is_active=True
            ).order_by("pk")
        )
        for person in people:
            seen.add(person.pk)
            yield _staff_target(person, a.unit)
    if case.officer.is_active and case.officer_id not in seen:
        yield _staff_target(case.officer)


def _summoned_unit(event: Any, case: Any, deadline: Any) -> Iterator[Target]:
    """The unit the officer called to the window (the summon that opened this response deadline)."""
    from bancheng.audit.models import Event

    summon = (
        Event.objects.filter(case=case, action="summon", at__lte=deadline.started_at).order_by("-seq").first()
    )
    unit = Unit.objects.filter(code=(summon.data or {}).get("unit", "")).first() if summon else None
    if unit is None:
        return
    people = Staff.objects.filter(unit=unit, role__in={Role.HANDLER, Role.UNIT_HEAD}, is_active=True)
    for person in people.order_by("pk"):
        yield _staff_target(person, unit)


DEADLINE_AUDIENCES: dict[str, Callable[[Any, Any, Any], Iterator[Target]]] = {
    "deadline_owners": _deadline_owners,
    "summoned_unit": _summoned_unit,
}

AUDIENCES: dict[str, Callable[[Any, Any], Iterator[Target]]] = {
    "case_officer": _case_officer,
    "requester": _requester,
    "receiving_units": _receiving_units,
    "notice_unit_heads": _notice_unit_heads,
    "extension_approvers": _extension_approvers,
}
