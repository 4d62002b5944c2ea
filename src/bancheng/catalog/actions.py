"""Changes to the service item catalog, one function per change. Each runs in one transaction, checks the
actor's permission, refuses bad input with a ``DomainError`` naming the fields (``catalog.invalid`` with
``details["fields"]``), and appends an event to the ``catalog`` stream keyed by the item's code.

Editing never overwrites the past: every change of content is a new version of the item, its snapshot kept
in ``ServiceItemVersion`` (number, snapshot, author, time)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from bancheng.audit.chain import append_event
from bancheng.catalog.models import ServiceItem, ServiceItemVersion
from bancheng.catalog.permissions import require_catalog_editor
from bancheng.domain import catalog as rules
from bancheng.domain.errors import Conflict, DomainError, NotFound
from bancheng.policies.services import policy_of

STREAM = "catalog"


def _check_actor(actor: Any) -> None:
    """``None`` is the system itself (the command line run by the operator, the demo builder)."""
    if actor is not None:
        require_catalog_editor(actor)


def policy_categories() -> dict[str, str]:
    """The categories of the policy in force, code to label."""
    return {c.code: c.label for c in policy_of(None).categories}


def snapshot_of(item: ServiceItem) -> dict[str, Any]:
    """The item's notice-sheet fields as a version stores them."""
    return {name: getattr(item, name) for name in rules.FIELDS}


def check_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Read and check an item's fields; refused with ``catalog.invalid`` naming each wrong field."""
    check = rules.check_item(fields, policy_categories())
    if not check.ok:
        raise DomainError("catalog.invalid", "事项信息不完整或有误", {"fields": check.problems})
    return dict(check.values)


def _add_version(item: ServiceItem, actor: Any, when: datetime, note: str) -> ServiceItemVersion:
    return ServiceItemVersion.objects.create(
        item=item,
        number=item.version,
        snapshot=snapshot_of(item),
        author=actor,
        note=note[:300],
        created_at=when,
    )


def create_service_item(
    *, actor: Any, now: datetime | None = None, note: str = "", **fields: Any
) -> ServiceItem:
    """Add an item to the catalog as its version 1. Refused when a field is wrong or the code is taken.
    Event ``create_service_item`` with the snapshot."""
    _check_actor(actor)
    values = check_fields(fields)
    when = now or timezone.now()
    with transaction.atomic():
        if ServiceItem.objects.filter(code=values["code"]).exists():
            raise DomainError(
                "catalog.duplicate_code",
                f"事项编码“{values['code']}”已被使用",
                {"fields": {"code": f"事项编码“{values['code']}”已被使用"}},
            )
        item = ServiceItem.objects.create(**values, version=1, is_active=True, updated_at=when)
        _add_version(item, actor, when, note or "新建")
        append_event(
            stream=STREAM,
            action="create_service_item",
            at=when,
            actor=actor,
            after=snapshot_of(item),
            data={"item": item.code, "version": 1},
        )
    return item


def _locked(item: ServiceItem | int) -> ServiceItem:
    pk = item if isinstance(item, int) else item.pk
    try:
        return ServiceItem.objects.select_for_update().get(pk=pk)
    except ServiceItem.DoesNotExist:
        raise NotFound("catalog.not_found", "服务事项不存在", {"item": pk}) from None


def update_service_item(
    item: ServiceItem | int,
    *,
    actor: Any,
    now: datetime | None = None,
    expected_version: int | None = None,
    note: str = "",
    **fields: Any,
) -> ServiceItem:
    """Save new content of an item as its next version; earlier versions stay. The code cannot change (it
    is how imports and cases find the item). Refused as a conflict when the item changed since the editor
    read ``expected_version``. Nothing changed: no new version, no event. Event ``update_service_item`` with
    the changed fields before and after."""
    _check_actor(actor)
    when = now or timezone.now()
    with transaction.atomic():
        locked = _locked(item)
        if expected_version is not None and expected_version != locked.version:
            raise Conflict(
                "catalog.conflict",
                f"该事项已被他人修改（现为第{locked.version}版），请刷新后重新编辑",
                {"version": locked.version},
            )
        merged = {**snapshot_of(locked), **fields}
        values = check_fields(merged)
        if values["code"] != locked.code:
            message = "事项编码创建后不能修改"
            raise DomainError("catalog.code_fixed", message, {"fields": {"code": message}})
        before = snapshot_of(locked)
        changed = rules.changed_fields(before, values)
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, values[name])
        locked.version += 1
        locked.updated_at = when
        locked.save(update_fields=[*changed, "version", "updated_at"])
        _add_version(locked, actor, when, note)
        append_event(
            stream=STREAM,
            action="update_service_item",
            at=when,
            actor=actor,
            before={name: before[name] for name in changed},
            after={name: values[name] for name in changed},
            data={"item": locked.code, "version": locked.version, "note": note[:300]},
        )
    return locked


def set_service_item_active(
    item: ServiceItem | int, active: bool, *, actor: Any, now: datetime | None = None
) -> ServiceItem:
    """停用 / 启用: an inactive item is no longer offered when registering and is hidden from search, but
    stays in the catalog, on the cases that name it, and in its versions. Doing it twice changes nothing.
    Event ``deactivate_service_item`` or ``reactivate_service_item``."""
    _check_actor(actor)
    when = now or timezone.now()
    with transaction.atomic():
        locked = _locked(item)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.updated_at = when
        locked.save(update_fields=["is_active", "updated_at"])
        append_event(
            stream=STREAM,
            action="reactivate_service_item" if active else "deactivate_service_item",
            at=when,
            actor=actor,
            before={"is_active": not active},
            after={"is_active": active},
            data={"item": locked.code},
        )
    return locked


def deactivate_service_item(
    item: ServiceItem | int, *, actor: Any, now: datetime | None = None
) -> ServiceItem:
    return set_service_item_active(item, False, actor=actor, now=now)


def reactivate_service_item(
    item: ServiceItem | int, *, actor: Any, now: datetime | None = None
) -> ServiceItem:
    return set_service_item_active(item, True, actor=actor, now=now)
