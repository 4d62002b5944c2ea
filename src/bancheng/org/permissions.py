"""Who may use the setup pages: the administrator; marking absence also the center office."""

from __future__ import annotations

from typing import Any

from bancheng.domain.errors import PermissionDenied
from bancheng.org.choices import Role

# The center office runs the window day to day: it knows who is off sick this morning and must not wait for
# the administrator to route an absent officer's cases to the backup.
ABSENCE_MANAGERS = {Role.ADMIN, Role.CENTER_OFFICE}


def require_admin(user: Any) -> None:
    """Refuse everyone but an active administrator (a 403 page through the domain-error middleware)."""
    if getattr(user, "role", None) != Role.ADMIN or not user.is_active:
        raise PermissionDenied("auth.admin_only", "只有系统管理员可以使用系统设置")


def require_absence_manager(user: Any) -> None:
    if getattr(user, "role", None) not in ABSENCE_MANAGERS or not user.is_active:
        raise PermissionDenied("auth.absence_forbidden", "只有系统管理员或中心办公室可以设置人员离岗")
