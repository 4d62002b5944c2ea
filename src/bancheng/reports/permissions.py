"""Who may do what with the analysis reports: the center office generates, edits and publishes them and
reads drafts; customer service and leaders read the published ones; nobody else sees them."""

from __future__ import annotations

from typing import Any

from bancheng.domain.errors import PermissionDenied
from bancheng.org.choices import Role

WRITERS = {Role.CENTER_OFFICE}
PUBLISHED_READERS = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.LEADER}


def _role(user: Any) -> Any:
    return getattr(user, "role", None) if getattr(user, "is_active", False) else None


def may_write(user: Any) -> bool:
    return _role(user) in WRITERS


def may_read_published(user: Any) -> bool:
    return _role(user) in PUBLISHED_READERS


def require_reader(user: Any) -> None:
    if not may_read_published(user):
        raise PermissionDenied("report.forbidden", "只有中心办公室、客户服务部和领导小组可以查看研判通报")


def require_writer(user: Any) -> None:
    if not may_write(user):
        raise PermissionDenied("report.forbidden", "只有中心办公室可以生成、编辑和发布研判通报")


def may_read(user: Any, report: Any) -> bool:
    """Drafts are the office's; a published report is read by every reader."""
    return may_write(user) or (may_read_published(user) and not report.is_draft)
