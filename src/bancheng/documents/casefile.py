"""立卷归档: the frozen file of an archived case. ``build_case_file`` runs inside the archive action's
transaction: it renders one PDF (cover with the archive number, every form, the timeline, feedback, visits
and the attachment list with checksums) and a ZIP of the original attachments, and stores both with their
SHA-256. If anything fails, the archive fails with it (``bancheng.documents.integrity`` checks them later).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from bancheng.cases.selectors import case_timeline
from bancheng.documents import fields as f
from bancheng.documents.forms import form_fields, forms_of_case, html_to_pdf, sheet
from bancheng.documents.models import CaseFile
from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import CaseAction, CaseState
from bancheng.domain.policy import Policy

MANIFEST = "SHA256SUMS.txt"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _action_label(code: str) -> str:
    try:
        return CaseAction(code).label
    except ValueError:
        return code


def _state_label(code: str) -> str:
    try:
        return CaseState(code).label
    except ValueError:
        return code


def _timeline(case: Any, *, actor: Any, now: datetime) -> list[dict[str, str]]:
    rows = []
    for e in case_timeline(case):
        note = e.data.get("reason") or e.data.get("note") or ""
        rows.append(
            {
                "at": f.when(e.at),
                "action": _action_label(e.action),
                "actor": e.actor_name + (f"（代 {e.acting_for_name}）" if e.acting_for_name else ""),
                "state": _state_label(e.after["state"]) if e.after.get("state") else "",
                "note": str(note),
            }
        )
    rows.append(
        {
            "at": f.when(now),
            "action": _action_label(CaseAction.ARCHIVE.value),
            "actor": actor.display_name if actor is not None else "系统",
            "state": _state_label(CaseState.ARCHIVED.value),
            "note": "",
        }
    )
    return rows


def _attachments(case: Any) -> list[dict[str, Any]]:
    return [
        {
            "seq": i,
            "name": d.original_name,
            "path": f"attachments/{i:03d}-{d.original_name}",
            "kind": d.get_kind_display(),
            "unit": d.assignment.unit.name if d.assignment_id else "",
            "size": d.size,
            "sha256": d.sha256,
            "uploaded_by": d.uploaded_by.display_name,
            "uploaded_at": f.when(d.uploaded_at),
            "document": d,
        }
        for i, d in enumerate(
            case.documents.select_related("uploaded_by", "assignment__unit").order_by("uploaded_at", "pk"), 1
        )
    ]


def _zip(attachments: list[dict[str, Any]]) -> bytes:
    """The original attachments, byte for byte, with a manifest of their checksums. A file whose bytes no
    longer match the checksum recorded at upload stops the archive."""
    out = io.BytesIO()
    manifest = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for item in attachments:
            with item["document"].file.open("rb") as fh:
                data = fh.read()
            if sha256(data) != item["sha256"]:
                raise DomainError(
                    "casefile.attachment_changed",
                    f"附件“{item['name']}”与上传时的校验值不符，不能归档",
                    {"name": item["name"]},
                )
            z.writestr(item["path"], data)
            manifest.append(f"{item['sha256']}  {item['path']}")
        z.writestr(MANIFEST, "\n".join(manifest) + "\n")
    return out.getvalue()


def case_file_pdf(
    case: Any,
    policy: Policy,
    *,
    archive_number: str,
    actor: Any,
    now: datetime,
    attachments: list[dict[str, Any]],
) -> bytes:
    sheets = [
        sheet(form_fields(case, o.code, assignment=o.assignment, notice=o.notice))
        for o in forms_of_case(case, policy)
    ]
    visits = [
        {
            "at": f.when(v.visited_at),
            "by": v.visited_by.display_name,
            "contacted": "是" if v.contacted else "否",
            "solved": "是" if v.solved else "否",
            "satisfaction": f.label_of(policy.satisfaction_scale, v.satisfaction),
            "comment": v.comment,
        }
        for v in case.visits.select_related("visited_by").order_by("visited_at", "pk")
    ]
    html = render_to_string(
        "documents/pdf/casefile.html",
        {
            "case": case,
            "policy": policy,
            "archive_number": archive_number,
            "archived_at": f.when(now),
            "archived_by": actor.display_name if actor is not None else "系统",
            "registered_at": f.when(case.registered_at),
            "closed_at": f.when(case.closed_at),
            "feedback_at": f.when(case.feedback_at),
            "class_label": f.label_of(policy.classes, case.case_class) if case.case_class else "",
            "sheets": sheets,
            "timeline": _timeline(case, actor=actor, now=now),
            "visits": visits,
            "attachments": attachments,
        },
    )
    return html_to_pdf(html)


def build_case_file(case: Any, policy: Policy, *, archive_number: str, actor: Any, now: datetime) -> CaseFile:
    """Render and store the case file; call it inside the archive action's transaction."""
    attachments = _attachments(case)
    pdf = case_file_pdf(
        case, policy, archive_number=archive_number, actor=actor, now=now, attachments=attachments
    )
    archive = _zip(attachments)
    case_file = CaseFile(
        case=case,
        archive_number=archive_number,
        pdf_sha256=sha256(pdf),
        zip_sha256=sha256(archive),
        attachments=[{k: v for k, v in a.items() if k != "document"} for a in attachments],
        created_by=actor,
        created_at=now,
    )
    case_file.pdf.save(f"{archive_number}.pdf", ContentFile(pdf), save=False)
    case_file.zip.save(f"{archive_number}-attachments.zip", ContentFile(archive), save=False)
    try:
        case_file.save(force_insert=True)
    except Exception:
        _remove_files(case_file)
        raise
    return case_file


def _remove_files(case_file: CaseFile) -> None:
    for stored in (case_file.pdf, case_file.zip):
        if stored.name:
            stored.storage.delete(stored.name)
