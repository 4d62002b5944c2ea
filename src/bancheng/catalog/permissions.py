"""Who may read and who may change the service item catalog."""

from __future__ import annotations

from typing import Any

from bancheng.domain.errors import PermissionDenied
from bancheng.org.choices import Role

# The administrator sets the system up; the center office publishes the items' notice sheets (seed 004:
# 受理中心办公室统一向社会公布) and keeps them current as policies change.
CATALOG_EDITORS = frozenset({Role.ADMIN, Role.CENTER_OFFICE})


def can_edit_catalog(user: Any) -> bool:
    return bool(getattr(user, "is_active", False)) and getattr(user, "role", None) in CATALOG_EDITORS


def require_catalog_editor(user: Any) -> None:
    """Refuse everyone but an active administrator or center office member."""
    if not can_edit_catalog(user):
        raise PermissionDenied("catalog.forbidden", "只有系统管理员或中心办公室可以维护事项目录")


def require_catalog_reader(user: Any) -> None:
    """Every active staff member may read the catalog (the window tells requesters what to bring)."""
    if not getattr(user, "is_active", False) or not getattr(user, "role", None):
        raise PermissionDenied("catalog.forbidden", "您无权查看事项目录")
