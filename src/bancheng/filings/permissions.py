"""Who may see the weekly filings, open their files, and file a week.

The filed ledger and intake forms carry the requesters' full names and phones (they are the official record
filed to the center office), so opening them is limited to the center office and the branch's own case
officers, and every opening is logged in the access stream. Leaders, customer service and the auditor follow
the board and each filing's page (counts, case numbers, checksums) without personal data, as everywhere else."""

from __future__ import annotations

from typing import Any

from bancheng.domain.errors import PermissionDenied
from bancheng.org.choices import Role
from bancheng.org.services import branch_of

BOARD_READERS = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.LEADER, Role.AUDITOR}
# Roles that open any branch's filed files (full personal data): the office the filing is made to.
FILE_READERS = {Role.CENTER_OFFICE}
FILERS_FOR_ANY_BRANCH = {Role.CENTER_OFFICE}


def own_branch_id(user: Any) -> int | None:
    """The branch (管理部/分中心) a case officer works at: their unit or its nearest branch ancestor."""
    if getattr(user, "role", None) != Role.CASE_OFFICER or getattr(user, "unit", None) is None:
        return None
    branch = branch_of(user.unit)
    return int(branch.pk) if branch.is_branch else None


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_active", False))


def may_see_board(user: Any) -> bool:
    return _active(user) and getattr(user, "role", None) in BOARD_READERS


def may_open(user: Any, branch_id: int) -> bool:
    """The filing's page: the board's readers open any filing; a case officer their own branch's."""
    if not _active(user):
        return False
    return may_see_board(user) or own_branch_id(user) == branch_id


def may_open_files(user: Any, branch_id: int) -> bool:
    """The filed ledger and intake forms (unmasked): ``FILE_READERS`` and the branch's own case officers."""
    if not _active(user):
        return False
    return getattr(user, "role", None) in FILE_READERS or own_branch_id(user) == branch_id


def files_for_any_branch(user: Any) -> bool:
    return _active(user) and getattr(user, "role", None) in FILERS_FOR_ANY_BRANCH


def may_file(user: Any, branch_id: int) -> bool:
    """File now (立即报备): the branch's own case officers, or the center office for any branch."""
    if not _active(user):
        return False
    return files_for_any_branch(user) or own_branch_id(user) == branch_id


def require_filings_page(user: Any) -> None:
    if not (may_see_board(user) or own_branch_id(user) is not None):
        raise PermissionDenied(
            "filing.forbidden", "只有中心办公室、客户服务部、领导小组、审计员和各管理部办理专员可以查看周报备"
        )


def require_open(user: Any, branch_id: int) -> None:
    if not may_open(user, branch_id):
        raise PermissionDenied("filing.forbidden", "您无权查看该单位的周报备")


def require_open_files(user: Any, branch_id: int) -> None:
    if not may_open_files(user, branch_id):
        raise PermissionDenied("filing.forbidden", "您无权下载该单位的周报备文件")


def require_file(user: Any, branch_id: int) -> None:
    if not may_file(user, branch_id):
        raise PermissionDenied("filing.forbidden", "只有本单位办理专员或中心办公室可以报备")
