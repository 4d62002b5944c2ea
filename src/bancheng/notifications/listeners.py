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

UNIT_PEOPLE = (Role.HANDLER, Role.UNIT_HEAD)  # the unit staff any audience names


class Lookups:
    """What the audiences read besides the event and its case (deadlines, units, their staff, officers, the
    e-mail switch), cached for one call: one event reads each once; a sweep batch reads each kind in one
    query for all its events (``prefetch``), so the rules cost no query per case."""

    def __init__(self) -> None:
        self._deadlines: dict[int, Any] = {}
        self._units: dict[str, Unit | None] = {}
        self._staff: dict[int, list[Staff]] = {}
        self._email: bool | None = None

    def email_enabled(self) -> bool:
        if self._email is None:
            self._email = services.gateways.current_settings().email_enabled
        return self._email

    def deadlines(self, ids: list[int]) -> list[Any]:
        """The open ones of ``ids``, by id, with their assignment's unit and handler."""
        self._load_deadlines([pk for pk in ids if pk not in self._deadlines])
        return [self._deadlines[pk] for pk in sorted(set(ids)) if self._deadlines[pk] is not None]

    def unit(self, code: str) -> Unit | None:
        if code not in self._units:
            self._load_units([code])
        return self._units[code]

    def unit_staff(self, unit: Unit, roles: set[str]) -> list[Staff]:
        """The unit's active people of ``roles`` (a subset of ``UNIT_PEOPLE``), by id."""
        if unit.pk not in self._staff:
            self._load_staff([unit.pk])
        return [person for person in self._staff[unit.pk] if person.role in roles]

    def prefetch(self, events: list[Any]) -> None:
        """Read, in one query per kind, what the rules of ``events`` will ask for."""
        ids: list[int] = []
        codes: set[str] = set()
        cases = []  # those whose events send something: their officer may be a recipient
        for event in events:
            data = event.data or {}
            sends = False
            for rule in rules_for(event.action):
                if rule.deadline_to:
                    changed = _changed_deadline_ids(data, rule)
                    ids.extend(changed)
                    sends = sends or bool(changed)
                    continue
                sends = True
                if rule.audience == "notice_unit_heads":
                    codes.add(str(data.get("unit", "")))
            if sends:
                cases.append(event.case)
        self._load_deadlines([pk for pk in set(ids) if pk not in self._deadlines])
        self._load_units(sorted(codes - set(self._units)))
        units = {u.pk for u in self._units.values() if u is not None}
        for d in self._deadlines.values():
            a = d.assignment if d is not None else None
            if a is not None and (a.handler is None or not a.handler.is_active):
                units.add(a.unit_id)
        self._load_staff(sorted(units - set(self._staff)))
        _load_officers(cases)

    def _load_deadlines(self, ids: list[int]) -> None:
        from bancheng.cases.models import Deadline

        if not ids:
            return
        found = list(
            Deadline.objects.filter(pk__in=ids, met_at=None, cancelled_at=None).select_related("assignment")
        )
        # a batch names a few units and handlers many times: read each once and share the instances
        assignments = [d.assignment for d in found if d.assignment is not None]
        units = Unit.objects.in_bulk({a.unit_id for a in assignments})
        handlers = Staff.objects.in_bulk({a.handler_id for a in assignments if a.handler_id is not None})
        for a in assignments:
            a.unit = units[a.unit_id]
            a.handler = handlers.get(a.handler_id) if a.handler_id is not None else None
        self._deadlines |= dict.fromkeys(ids)
        self._deadlines |= {d.pk: d for d in found}

    def _load_units(self, codes: list[str]) -> None:
        if not codes:
            return
        self._units |= dict.fromkeys(codes)
        self._units |= {u.code: u for u in Unit.objects.filter(code__in=codes)}

    def _load_staff(self, unit_ids: list[int]) -> None:
        if not unit_ids:
            return
        people = Staff.objects.filter(unit_id__in=unit_ids, role__in=UNIT_PEOPLE, is_active=True)
        for unit_id in unit_ids:
            self._staff[unit_id] = []
        for person in people.order_by("pk"):
            self._staff[person.unit_id].append(person)


def _load_officers(cases: list[Any]) -> None:
    """Each case's officer, one query for the cases whose officer is not loaded yet."""
    field = cases[0]._meta.get_field("officer") if cases else None
    wanted = [case for case in cases if field is not None and not field.is_cached(case)]
    if not wanted:
        return
    officers = Staff.objects.in_bulk({case.officer_id for case in wanted})
    for case in wanted:
        case.officer = officers[case.officer_id]


def on_event(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or instance.case_id is None:
        return
    _messages_of(instance, services.enqueue, Lookups())


def on_events_bulk(events: list[Any]) -> int:
    """The rules of many saved events at once (the sweep's batches): every message is evaluated as
    ``on_event`` would, on what ``Lookups.prefetch`` read for all the events in one query per kind; then
    ``services.enqueue_many`` writes the new ones in bulk, leaving out keys already enqueued. Returns how many
    messages were written."""
    pending: list[dict[str, Any]] = []
    events = [event for event in events if event.case_id is not None]
    lookups = Lookups()
    lookups.prefetch(events)
    for event in events:
        _messages_of(event, lambda **kw: pending.append(kw), lookups)
    return services.enqueue_many(pending)


def _messages_of(event: Any, emit: Emit, lookups: Lookups) -> None:
    rules = rules_for(event.action)
    if not rules:
        return
    case = event.case
    for rule in rules:
        if rule.deadline_to:
            _on_deadline_changes(event, case, rule, emit, lookups)
            continue
        for target in AUDIENCES[rule.audience](event, case, lookups):
            values = _values(event, case, rule) | (target.values or {})
            for channel in rule.channels:
                _enqueue(event, case, rule, channel, target, values, emit=emit, lookups=lookups)


def _changed_deadline_ids(data: dict[str, Any], rule: Rule) -> list[int]:
    return [
        c.get("id")
        for c in data.get("deadlines", [])
        if c.get("to") == rule.deadline_to and c.get("kind") in rule.deadline_kinds
    ]


def _on_deadline_changes(event: Any, case: Any, rule: Rule, emit: Emit, lookups: Lookups) -> None:
    """One message per deadline that moved to ``rule.deadline_to``: keyed on the deadline, not the event."""
    ids = _changed_deadline_ids(event.data or {}, rule)
    if not ids:
        return
    for deadline in lookups.deadlines(ids):
        base = _values(event, case, rule) | {
            "deadline": deadline.due_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M"),
            "deadline_kind": deadline.get_kind_display(),
        }
        for target in DEADLINE_AUDIENCES[rule.audience](event, case, deadline, lookups):
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
                    lookups=lookups,
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
    lookups: Lookups,
) -> None:
    address: dict[str, Any]
    if channel == Channel.SMS:
        if not target.phone:
            return
        address = {"to_phone": target.phone}
    elif channel == Channel.EMAIL:
        if target.staff is None or not target.staff.email or not lookups.email_enabled():
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


def _requester(event: Any, case: Any, lookups: Lookups) -> Iterator[Target]:
    if case.requester_phone:
        yield Target("requester", phone=case.requester_phone)


def _unit_staff(unit: Unit, roles: set[str], lookups: Lookups) -> Iterator[Target]:
    for person in lookups.unit_staff(unit, roles):
        yield Target(f"staff:{person.pk}", staff=person, values={"unit_name": unit.name})


def _receiving_units(event: Any, case: Any, lookups: Lookups) -> Iterator[Target]:
    codes = [a.get("unit") for a in (event.data or {}).get("assignments", [])]
    for unit in Unit.objects.filter(code__in=codes).order_by("code"):
        yield from _unit_staff(unit, set(UNIT_PEOPLE), lookups)


def _notice_unit_heads(event: Any, case: Any, lookups: Lookups) -> Iterator[Target]:
    unit = lookups.unit(str((event.data or {}).get("unit", "")))
    if unit is not None:
        yield from _unit_staff(unit, {Role.UNIT_HEAD}, lookups)


def _extension_approvers(event: Any, case: Any, lookups: Lookups) -> Iterator[Target]:
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


def _case_officer(event: Any, case: Any, lookups: Lookups) -> Iterator[Target]:
    if case.officer.is_active:
        yield Target(f"staff:{case.officer_id}", staff=case.officer)


def _deadline_owners(event: Any, case: Any, deadline: Any, lookups: Lookups) -> Iterator[Target]:
    """Who answers for a deadline: for an assignment's, its handler (or, not yet signed for, the unit's
    handlers and head); always the case officer."""
    seen: set[int] = set()
    a = deadline.assignment
    if a is not None:
        people = (
            [a.handler]
            if a.handler is not None and a.handler.is_active
            else lookups.unit_staff(a.unit, set(UNIT_PEOPLE))
        )
        for person in people:
            seen.add(person.pk)
            yield _staff_target(person, a.unit)
    if case.officer.is_active and case.officer_id not in seen:
        yield _staff_target(case.officer)


def _summoned_unit(event: Any, case: Any, deadline: Any, lookups: Lookups) -> Iterator[Target]:
    """The unit the officer called to the window (the summon that opened this response deadline)."""
    from bancheng.audit.models import Event

    summon = (
        Event.objects.filter(case=case, action="summon", at__lte=deadline.started_at).order_by("-seq").first()
    )
    unit = lookups.unit(str((summon.data or {}).get("unit", ""))) if summon else None
    if unit is None:
        return
    for person in lookups.unit_staff(unit, set(UNIT_PEOPLE)):
        yield _staff_target(person, unit)


DEADLINE_AUDIENCES: dict[str, Callable[[Any, Any, Any, Lookups], Iterator[Target]]] = {
    "deadline_owners": _deadline_owners,
    "summoned_unit": _summoned_unit,
}

AUDIENCES: dict[str, Callable[[Any, Any, Lookups], Iterator[Target]]] = {
    "case_officer": _case_officer,
    "requester": _requester,
    "receiving_units": _receiving_units,
    "notice_unit_heads": _notice_unit_heads,
    "extension_approvers": _extension_approvers,
}
