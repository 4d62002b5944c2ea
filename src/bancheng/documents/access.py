"""Who may print which form of a case they can see, and whether with full personal data.

- The window and the office (case officer, center office, customer service) print every form in full.
- A unit (handler, unit head) prints only the transfer form of its own assignment and the supervision
  notices addressed to it, in full.
- Leaders, auditors and the administrator print every form with name and phone masked (they never see
  full personal data, docs/guide.md).
- The case file (full data, frozen) opens for the window and the office only.
A full print is a reveal of personal data: the view records it (``record_reveal``)."""

from __future__ import annotations

from typing import Any

from bancheng.documents import fields as f
from bancheng.domain.errors import PermissionDenied
from bancheng.org.choices import Role

FULL = {Role.CASE_OFFICER, Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE}
UNIT = {Role.HANDLER, Role.UNIT_HEAD}
MASKED = {Role.LEADER, Role.AUDITOR, Role.ADMIN}


def may_print(user: Any, form_code: str, *, assignment: Any = None, notice: Any = None) -> bool:
    role = getattr(user, "role", None)
    if role in FULL or role in MASKED:
        return True
    if role in UNIT:
        if form_code == f.TRANSFER and assignment is not None:
            return bool(assignment.unit_id == user.unit_id)
        if form_code == f.SUPERVISION_NOTICE and notice is not None:
            return bool(notice.unit_id == user.unit_id)
    return False


def print_masked(user: Any, form_code: str, *, assignment: Any = None, notice: Any = None) -> bool:
    """Whether this user's print of the form masks personal data; refuses a form the role may not print."""
    if not may_print(user, form_code, assignment=assignment, notice=notice):
        raise PermissionDenied("documents.forbidden", "您的角色无权打印该表单")
    return getattr(user, "role", None) in MASKED


def may_open_case_file(user: Any) -> bool:
    return getattr(user, "role", None) in FULL


def require_case_file_access(user: Any) -> None:
    if not may_open_case_file(user):
        raise PermissionDenied("documents.forbidden", "您的角色无权调阅案卷（案卷含完整个人信息）")


def may_manage_templates(user: Any) -> bool:
    return getattr(user, "role", None) == Role.ADMIN
