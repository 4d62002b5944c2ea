"""Ledger exports as a user asks for them: who may have personal data in full (and the audit record of each
such export), and the background export of a large ledger with its progress."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bancheng.audit.access import ACCESS_STREAM
from bancheng.audit.chain import append_event
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError, PermissionDenied
from bancheng.ledger.exports import FORMATS, write_ledger
from bancheng.ledger.layouts import Layout, columns_to_plain
from bancheng.ledger.models import ExportState, LedgerExport
from bancheng.ledger.selectors import LedgerFilter, ledger_cases
from bancheng.org.choices import Role
from bancheng.org.services import branch_of

logger = logging.getLogger(__name__)

EXPORT_PERSONAL_DATA = "export_personal_data"
EXPORT_ROLES = {
    Role.CASE_OFFICER,
    Role.CENTER_OFFICE,
    Role.CUSTOMER_SERVICE,
    Role.LEADER,
    Role.AUDITOR,
    Role.ADMIN,
}
# Who needs the full ledger (names and phones in clear): the window for its own branch, the office and
# customer service for all. Everyone else gets it masked.
UNMASK_ROLES = {Role.CASE_OFFICER, Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE}
DIRECT_LIMIT = 5000  # rows: a larger export runs in the background
STALE_AFTER = timedelta(minutes=2)  # a running export without progress this long lost its process
MAX_PARALLEL = 1  # background exports per process at a time
UPLOAD_KEPT = timedelta(days=1)  # an import upload never confirmed is removed after this long


def require_export(user: Any) -> None:
    if getattr(user, "role", None) not in EXPORT_ROLES:
        raise PermissionDenied("ledger.forbidden", "您的角色无权导出台账")


def may_unmask(user: Any) -> bool:
    return getattr(user, "role", None) in UNMASK_ROLES


def scoped_filter(user: Any, f: LedgerFilter, *, masked: bool) -> LedgerFilter:
    """The filter an export really runs with: an officer's full ledger covers the officer's own branch."""
    require_export(user)
    if masked:
        return f
    if not may_unmask(user):
        raise PermissionDenied("ledger.unmask_forbidden", "您的角色只能导出打码的台账")
    if user.role == Role.CASE_OFFICER:
        code = branch_of(user.unit).code if user.unit_id else ""
        if f.branch and f.branch != code:
            raise PermissionDenied("ledger.unmask_other_branch", "只能导出本单位受理的完整台账")
        return LedgerFilter(**{**f.__dict__, "branch": code})
    return f


def record_export(
    *, actor: Any, f: LedgerFilter, layout: str, fmt: str, rows: int, via: str, at: datetime | None = None
) -> None:
    """Each export with personal data in full is an access record (PIPL): who, when, which filter."""
    with transaction.atomic():
        append_event(
            stream=ACCESS_STREAM,
            action=EXPORT_PERSONAL_DATA,
            at=at or timezone.now(),
            actor=actor,
            data={"filter": f.as_plain(), "layout": layout, "format": fmt, "rows": rows, "via": via},
        )


def export_name(layout: str, fmt: str, now: datetime | None = None) -> str:
    stamp = (now or timezone.now()).astimezone(TZ).strftime("%Y%m%d-%H%M")
    return f"台账-{layout}-{stamp}.{fmt}"


# ---- background exports ---------------------------------------------------------------------------------


def request_export(
    user: Any, f: LedgerFilter, layout: Layout, *, fmt: str, masked: bool, rows_total: int
) -> LedgerExport:
    if fmt not in FORMATS:
        raise DomainError("ledger.bad_format", "文件格式只能是 xlsx 或 csv")
    f = scoped_filter(user, f, masked=masked)
    with transaction.atomic():
        return LedgerExport.objects.create(
            requested_by=user,
            filters=f.as_plain(),
            layout=layout.code,
            columns=columns_to_plain(layout.columns),
            fmt=fmt,
            masked=masked,
            rows_total=rows_total,
            created_at=timezone.now(),
        )


def exports_of(user: Any) -> Any:
    found = LedgerExport.objects.order_by("-created_at")
    return found if user.role == Role.ADMIN else found.filter(requested_by=user)


def get_export_for(user: Any, pk: int) -> LedgerExport:
    export = exports_of(user).filter(pk=pk).first()
    if export is None:
        from bancheng.domain.errors import NotFound

        raise NotFound("ledger.export_not_found", "导出任务不存在或不是您申请的")
    return export


def claim_export(now: datetime) -> LedgerExport | None:
    """Take the oldest queued export; ``skip_locked`` lets several processes claim different ones."""
    with transaction.atomic():
        export = (
            LedgerExport.objects.select_for_update(skip_locked=True)
            .filter(state=ExportState.QUEUED)
            .order_by("created_at", "pk")
            .first()
        )
        if export is None:
            return None
        export.state = ExportState.RUNNING
        export.started_at = export.heartbeat_at = now
        export.rows_done = 0
        export.save(update_fields=["state", "started_at", "heartbeat_at", "rows_done"])
        return export


def requeue_stale(now: datetime) -> int:
    """Exports left running by a process that died go back to the queue."""
    with transaction.atomic():
        return LedgerExport.objects.filter(
            state=ExportState.RUNNING, heartbeat_at__lt=now - STALE_AFTER
        ).update(state=ExportState.QUEUED)


def run_export(export: LedgerExport) -> LedgerExport:
    """Write a claimed export's file, reporting progress; done with its file, or failed with the reason."""
    f = LedgerFilter.from_plain(export.filters)
    name = f"ledger/exports/{export.pk}-{timezone.now():%Y%m%d%H%M%S}.{export.fmt}"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)

    def progress(rows: int) -> None:
        LedgerExport.objects.filter(pk=export.pk).update(rows_done=rows, heartbeat_at=timezone.now())

    try:
        cases = ledger_cases(export.requested_by, f)
        rows = write_ledger(
            cases, export.ledger_columns, path, fmt=export.fmt, masked=export.masked, progress=progress
        )
        with transaction.atomic():
            export.state, export.rows_done, export.file.name = ExportState.DONE, rows, name
            export.rows_total = max(export.rows_total, rows)
            export.finished_at = timezone.now()
            export.save(update_fields=["state", "rows_done", "rows_total", "file", "finished_at"])
            if not export.masked:
                record_export(
                    actor=export.requested_by,
                    f=f,
                    layout=export.layout,
                    fmt=export.fmt,
                    rows=rows,
                    via="page",
                )
    except Exception as exc:
        logger.exception("ledger export %s failed", export.pk)
        path.unlink(missing_ok=True)
        export.state, export.finished_at = ExportState.FAILED, timezone.now()
        export.error = (
            exc.message if isinstance(exc, DomainError) else "生成台账时出错，请稍后重试或联系管理员"
        )
        export.save(update_fields=["state", "finished_at", "error"])
    return export


def prune_uploads(now: datetime) -> int:
    """Remove import uploads that were checked but never confirmed (they hold personal data)."""
    folder = Path(settings.MEDIA_ROOT) / "ledger" / "imports"
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("*.xlsx"):
        if datetime.fromtimestamp(path.stat().st_mtime, tz=now.tzinfo) < now - UPLOAD_KEPT:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


_running: set[int] = set()
_lock = threading.Lock()


def _run_in_thread(export: LedgerExport) -> None:
    try:
        run_export(export)
    finally:
        with _lock:
            _running.discard(export.pk)
        connection.close()


def process_exports(now: datetime, *, background: bool = True) -> dict[str, int]:
    """Requeue stale exports, then start queued ones: in a thread of this process (the scheduler's), or
    one after the other here when ``background`` is False (tests, ``bancheng scheduler --once``)."""
    counts = {"requeued": requeue_stale(now), "started": 0, "uploads_removed": prune_uploads(now)}
    while True:
        with _lock:
            if background and len(_running) >= MAX_PARALLEL:
                break
        export = claim_export(now)
        if export is None:
            break
        counts["started"] += 1
        if not background:
            run_export(export)
            continue
        with _lock:
            _running.add(export.pk)
        # Not a daemon: `bancheng scheduler --once` waits for the export; `serve` stops the scheduler with a
        # grace period, and an export cut short is queued again by requeue_stale.
        threading.Thread(
            target=_run_in_thread, args=(export,), name=f"ledger-export-{export.pk}", daemon=False
        ).start()
    return counts
