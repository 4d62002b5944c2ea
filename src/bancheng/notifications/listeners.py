"""Turn a case event into outbox messages, in the event's own transaction (a rolled-back change leaves no
message; a refused action writes no event, so no message)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

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


def on_event(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or instance.case_id is None:
        return
    rules = rules_for(instance.action)
    if not rules:
        return
    case = instance.case
    for rule in rules:
        for target in AUDIENCES[rule.audience](instance, case):
            values = _values(instance, case, rule) | (target.values or {})
            for channel in rule.channels:
                _enqueue(instance, case, rule, channel, target, values)


def _enqueue(
    event: Any, case: Any, rule: Rule, channel: Channel, target: Target, values: dict[str, str]
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
    services.enqueue(
        channel=channel,
        template_code=rule.template_code,
        values=values,
        dedupe_key=f"event:{event.pk}:{rule.template_code}:{channel}:{target.key}",
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


AUDIENCES: dict[str, Callable[[Any, Any], Iterator[Target]]] = {
    "requester": _requester,
    "receiving_units": _receiving_units,
    "notice_unit_heads": _notice_unit_heads,
    "extension_approvers": _extension_approvers,
}
