"""Attachments: a file joins a case (or one of its assignments) through an action, with its checksum in the
event, so the timeline shows who added which file when."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from bancheng.cases.actions._base import case_action
from bancheng.cases.choices import DocumentKind
from bancheng.cases.models import Assignment, Case, Document
from bancheng.domain.errors import DomainError, PermissionDenied
from bancheng.domain.lifecycle import CaseAction
from bancheng.org.choices import Role

ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
}
MAGIC = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8"}


def max_upload_bytes() -> int:
    return int(getattr(settings, "BANCHENG_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def check_upload(upload: UploadedFile) -> str:
    """The file's type by its extension, refusing what is not allowed, too big, empty or mislabelled."""
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        allowed = "、".join(sorted(s.lstrip(".") for s in ALLOWED_TYPES))
        raise DomainError(
            "document.type", f"不支持的文件类型“{suffix or name}”，允许：{allowed}", {"name": name}
        )
    size = upload.size or 0
    if size == 0:
        raise DomainError("document.empty", f"文件“{name}”是空的", {"name": name})
    if size > max_upload_bytes():
        limit = max_upload_bytes() // (1024 * 1024)
        raise DomainError("document.too_big", f"文件“{name}”超过 {limit} MB", {"name": name, "size": size})
    head = upload.read(8)
    upload.seek(0)
    magic = MAGIC.get(suffix)
    if magic is not None and not head.startswith(magic):
        raise DomainError("document.mislabelled", f"文件“{name}”的内容与扩展名不符", {"name": name})
    return ALLOWED_TYPES[suffix]


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def attach_document(
    case: Case | int,
    *,
    actor: Any,
    upload: UploadedFile,
    kind: str = DocumentKind.MATERIAL,
    assignment: Assignment | None = None,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Document:
    """上传附件: add a file to the case, or to one of its assignments (a unit adds only to its own).
    Refuses disallowed types, empty or oversized files. Event ``attach`` with name, size and checksum."""
    content_type = check_upload(upload)
    if kind not in DocumentKind.values:
        raise DomainError("document.kind", "附件类别不正确", {"kind": kind})
    unit_id = assignment.unit_id if assignment is not None else None
    if actor is not None and actor.role in (Role.HANDLER, Role.UNIT_HEAD) and assignment is None:
        raise PermissionDenied("auth.other_unit", "承办单位只能为本单位的转办任务上传附件")
    with case_action(
        case, CaseAction.ATTACH, actor=actor, now=now, expected_version=expected_version, unit_id=unit_id
    ) as ctx:
        if assignment is not None and assignment.case_id != ctx.case.pk:
            raise DomainError("document.assignment", "转办任务不属于该诉求件")
        name = PurePath(upload.name or "file").name[:200]
        document = Document(
            case=ctx.case,
            assignment=assignment,
            kind=kind,
            original_name=name,
            content_type=content_type,
            size=upload.size or 0,
            sha256=_sha256(upload),
            uploaded_by=actor,
            uploaded_at=ctx.now,
        )
        document.file.save(name, upload, save=False)
        document.save(force_insert=True)
        ctx.data = {
            "document": document.pk,
            "name": name,
            "size": document.size,
            "sha256": document.sha256,
            "kind": kind,
            "assignment": assignment.pk if assignment is not None else None,
        }
    return document
