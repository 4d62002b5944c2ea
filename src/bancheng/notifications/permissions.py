"""Who may read the message log and change the templates and gateway settings."""

from __future__ import annotations

from typing import Any

from bancheng.domain.errors import PermissionDenied
from bancheng.org.choices import Role

LOG_READERS = {Role.ADMIN, Role.CENTER_OFFICE}


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if getattr(user, "is_active", False) else None


def require_log(user: Any) -> None:
    if _role(user) not in LOG_READERS:
        raise PermissionDenied("notification.forbidden", "只有系统管理员和中心办公室可以查看发送记录")


def require_admin(user: Any) -> None:
    if _role(user) != Role.ADMIN:
        raise PermissionDenied("notification.forbidden", "只有系统管理员可以修改消息模板和发送设置")
