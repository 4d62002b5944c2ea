"""Who may see and handle the recurring-problem groups: the center office, customer service and leaders see
them; the center office and customer service handle them (analysis notes, dismissal, knowledge article)."""

from __future__ import annotations

from typing import Any

from bancheng.domain.errors import PermissionDenied
from bancheng.org.choices import Role

READERS = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.LEADER}
HANDLERS = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE}


def _role(user: Any) -> Any:
    return getattr(user, "role", None) if getattr(user, "is_active", False) else None


def may_read(user: Any) -> bool:
    return _role(user) in READERS


def may_handle(user: Any) -> bool:
    return _role(user) in HANDLERS


def require_reader(user: Any) -> None:
    if not may_read(user):
        raise PermissionDenied("recurring.forbidden", "只有中心办公室、客户服务部和领导小组可以查看同类问题")


def require_handler(user: Any) -> None:
    if not may_handle(user):
        raise PermissionDenied("recurring.forbidden", "只有中心办公室和客户服务部可以处理同类问题")
