"""Changes to the organization tree and its people, one function per change. Each runs in one transaction,
refuses bad input with a ``DomainError`` that names the field, and appends an event to the ``org`` stream
(before/after keyed by field name, units by code and people by username; never a password)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from bancheng.audit.chain import append_event
from bancheng.domain.errors import DomainError
from bancheng.org.choices import Role, UnitKind
from bancheng.org.models import Staff, Unit

STREAM = "org"

UNIT_FIELDS = ("code", "name", "kind", "parent", "phone", "address", "active")
STAFF_FIELDS = ("username", "full_name", "unit", "role", "phone", "backup", "absent", "is_active")


def branch_of(unit: Unit | None) -> Unit:
    """The branch (管理部/分中心) a unit belongs to: the unit itself or its nearest branch ancestor,
    else the top of the tree (the center's own window)."""
    if unit is None:
        raise DomainError("case.no_branch", "您的账号未分配单位，不能受理诉求件")
    node: Unit | None = unit
    top = unit
    while node is not None:
        if node.kind == UnitKind.BRANCH:
            return node
        top = node
        node = node.parent
    return top


def _refuse(code: str, field: str, message: str) -> DomainError:
    return DomainError(code, message, {"field": field})


def _record(obj: Unit | Staff, names: tuple[str, ...]) -> dict[str, Any]:
    """A unit or a person as the event stores it: related rows by their stable code or username."""
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, Unit):
            value = value.code
        elif isinstance(value, Staff):
            value = value.username
        values[name] = value
    return values


def _diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


# ---- units --------------------------------------------------------------------------------------------


def _check_unit(unit: Unit) -> None:
    unit.code = unit.code.strip()
    unit.name = unit.name.strip()
    if not unit.code:
        raise _refuse("org.unit_code_required", "code", "请填写单位代码")
    if not unit.name:
        raise _refuse("org.unit_name_required", "name", "请填写单位名称")
    if unit.kind not in UnitKind.values:
        raise _refuse("org.bad_unit_kind", "kind", "请选择单位类型")
    if Unit.objects.filter(code=unit.code).exclude(pk=unit.pk).exists():
        raise _refuse("org.duplicate_unit_code", "code", f"单位代码“{unit.code}”已被使用")
    ancestor = unit.parent
    seen: set[int] = set()
    while ancestor is not None and unit.pk is not None:
        if ancestor.pk == unit.pk:
            raise _refuse(
                "org.unit_cycle", "parent", "上级单位不能是本单位或其下级单位（组织架构不能形成循环）"
            )
        if ancestor.pk in seen:  # an existing loop above: stop rather than walk forever
            break
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


def create_unit(*, actor: Any, now: datetime | None = None, **fields: Any) -> Unit:
    """Add a unit to the tree. Refused when the code is taken. Event ``create_unit``."""
    unit = Unit(**{name: fields[name] for name in UNIT_FIELDS if name in fields})
    with transaction.atomic():
        _check_unit(unit)
        unit.save()
        append_event(
            stream=STREAM,
            action="create_unit",
            at=now or timezone.now(),
            actor=actor,
            after=_record(unit, UNIT_FIELDS),
            data={"unit": unit.code},
        )
    return unit


def update_unit(unit: Unit, *, actor: Any, now: datetime | None = None, **fields: Any) -> Unit:
    """Change a unit. Refused when the code is taken or the new parent is the unit itself or below it
    (the tree would become a loop). Event ``update_unit`` with the changed fields only."""
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        before = _record(locked, UNIT_FIELDS)
        for name in UNIT_FIELDS:
            if name in fields:
                setattr(locked, name, fields[name])
        _check_unit(locked)
        old, new = _diff(before, _record(locked, UNIT_FIELDS))
        if new:
            locked.save()
            append_event(
                stream=STREAM,
                action="update_unit",
                at=now or timezone.now(),
                actor=actor,
                before=old,
                after=new,
                data={"unit": locked.code},
            )
    return locked


@dataclass
class UnitNode:
    unit: Unit
    children: list[UnitNode] = field(default_factory=list)


def unit_tree() -> list[UnitNode]:
    """The organization as a tree: top-level units (no parent) first, each with its children, by code.
    One query; a unit caught in a loop (only possible through the database directly) is listed at the top."""
    units = list(Unit.objects.order_by("code"))
    nodes = {u.pk: UnitNode(u) for u in units}
    roots: list[UnitNode] = []
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[unit.pk])
    reachable: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        reachable.add(node.unit.pk)
        stack.extend(node.children)
    roots.extend(UnitNode(u) for u in units if u.pk not in reachable)  # flat: no endless walk
    return roots


# ---- people -------------------------------------------------------------------------------------------


def _check_staff(staff: Staff, actor: Any) -> None:
    staff.username = staff.username.strip()
    staff.full_name = staff.full_name.strip()
    if not staff.username:
        raise _refuse("org.username_required", "username", "请填写登录名")
    if Staff.objects.filter(username__iexact=staff.username).exclude(pk=staff.pk).exists():
        raise _refuse("org.duplicate_username", "username", f"登录名“{staff.username}”已被使用")
    if staff.role not in Role.values:
        raise _refuse("org.bad_role", "role", "请选择角色")
    if staff.backup_id is not None and staff.backup_id == staff.pk:
        raise _refuse("org.backup_self", "backup", "备岗人员不能是本人")
    if staff.absent and staff.backup_id is None:
        raise _refuse("org.absent_without_backup", "absent", "请先指定备岗人员，再设为暂时离岗")
    if actor is not None and staff.pk == actor.pk:
        if staff.role != Role.ADMIN:
            raise _refuse("org.self_demotion", "role", "不能取消自己的系统管理员角色")
        if not staff.is_active:
            raise _refuse("org.self_deactivation", "is_active", "不能停用自己的账号")
    # The Django admin stays open to administrators, and only to them.
    staff.is_staff = staff.is_superuser = staff.role == Role.ADMIN


def create_staff(*, actor: Any, password: str, now: datetime | None = None, **fields: Any) -> Staff:
    """Add a person with a role, a unit, a backup and a first password (checked by the form against the
    password validators). Refused when the username is taken. Event ``create_staff``."""
    staff = Staff(**{name: fields[name] for name in STAFF_FIELDS if name in fields})
    with transaction.atomic():
        _check_staff(staff, actor)
        staff.set_password(password)
        staff.save()
        append_event(
            stream=STREAM,
            action="create_staff",
            at=now or timezone.now(),
            actor=actor,
            after=_record(staff, STAFF_FIELDS),
            data={"staff": staff.username},
        )
    return staff


def update_staff(staff: Staff, *, actor: Any, now: datetime | None = None, **fields: Any) -> Staff:
    """Change a person's name, unit, role, backup, absence or account state. Refused when the username is
    taken, the backup is the person themself, or an administrator would lock themself out.
    Event ``update_staff`` with the changed fields only."""
    with transaction.atomic():
        locked = Staff.objects.select_for_update().get(pk=staff.pk)
        before = _record(locked, STAFF_FIELDS)
        for name in STAFF_FIELDS:
            if name in fields:
                setattr(locked, name, fields[name])
        _check_staff(locked, actor)
        old, new = _diff(before, _record(locked, STAFF_FIELDS))
        if new:
            locked.save()
            append_event(
                stream=STREAM,
                action="update_staff",
                at=now or timezone.now(),
                actor=actor,
                before=old,
                after=new,
                data={"staff": locked.username},
            )
    return locked


def set_staff_password(staff: Staff, password: str, *, actor: Any, now: datetime | None = None) -> None:
    """An administrator sets a new password (checked by the form). Event ``set_password``, without it."""
    with transaction.atomic():
        locked = Staff.objects.select_for_update().get(pk=staff.pk)
        locked.set_password(password)
        locked.save(update_fields=["password"])
        append_event(
            stream=STREAM,
            action="set_password",
            at=now or timezone.now(),
            actor=actor,
            data={"staff": locked.username},
        )


def set_absent(staff: Staff, absent: bool, *, actor: Any, now: datetime | None = None) -> bool:
    """Mark a person temporarily absent (their backup then sees and acts on their cases, recorded as acting
    for them) or back. Refused without a backup. Event ``mark_absent`` or ``mark_back``; nothing when the
    flag already has that value."""
    with transaction.atomic():
        locked = Staff.objects.select_for_update(of=("self",)).select_related("backup").get(pk=staff.pk)
        if locked.absent == absent:
            return False
        if absent and locked.backup_id is None:
            raise _refuse("org.absent_without_backup", "absent", "请先指定备岗人员，再设为暂时离岗")
        locked.absent = absent
        locked.save(update_fields=["absent"])
        append_event(
            stream=STREAM,
            action="mark_absent" if absent else "mark_back",
            at=now or timezone.now(),
            actor=actor,
            before={"absent": not absent},
            after={"absent": absent},
            data={"staff": locked.username, "backup": locked.backup.username if locked.backup else ""},
        )
    return True
