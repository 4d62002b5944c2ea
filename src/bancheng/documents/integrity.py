"""Checking the frozen case files: every stored checksum is recomputed (``bancheng casefile check``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bancheng.cases.models import Case
from bancheng.documents.models import CaseFile
from bancheng.domain.lifecycle import CaseAction, CaseState


@dataclass(frozen=True)
class Finding:
    case_number: str
    what: str
    problem: str

    def __str__(self) -> str:
        return f"{self.case_number}: {self.what}: {self.problem}"


def _stored_digest(stored: Any) -> str | None:
    if not stored.name or not stored.storage.exists(stored.name):
        return None
    with stored.storage.open(stored.name, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _check_one(case_file: CaseFile) -> Iterator[Finding]:
    number = case_file.case.number
    for what, stored, expected in (
        ("案卷 PDF", case_file.pdf, case_file.pdf_sha256),
        ("附件 ZIP", case_file.zip, case_file.zip_sha256),
    ):
        actual = _stored_digest(stored)
        if actual is None:
            yield Finding(number, what, f"文件缺失（{stored.name}）")
        elif actual != expected:
            yield Finding(number, what, f"校验值不符（记录 {expected}，实际 {actual}）")
    recorded = case_file.case.events.filter(action=CaseAction.ARCHIVE.value).order_by("-seq").first()
    if recorded is not None:
        data = recorded.data.get("case_file", {})
        if data.get("pdf_sha256") != case_file.pdf_sha256 or data.get("zip_sha256") != case_file.zip_sha256:
            yield Finding(number, "归档记录", "案卷的校验值与归档事件中记录的不一致")
    for doc in case_file.case.documents.all():
        actual = _stored_digest(doc.file)
        if actual is None:
            yield Finding(number, f"附件“{doc.original_name}”", f"文件缺失（{doc.file.name}）")
        elif actual != doc.sha256:
            yield Finding(number, f"附件“{doc.original_name}”", "校验值不符")


def check_case_files(case_number: str | None = None) -> tuple[int, list[Finding]]:
    """Recompute the checksum of every stored case file (and of the archived cases' attachments); returns
    how many case files were checked and what is wrong. An archived case without a case file is a finding."""
    files = CaseFile.objects.select_related("case").order_by("pk")
    if case_number:
        files = files.filter(case__number=case_number)
    findings: list[Finding] = []
    checked = 0
    for case_file in files:
        checked += 1
        findings.extend(_check_one(case_file))
    archived = Case.objects.filter(state=CaseState.ARCHIVED.value, case_file__isnull=True)
    if case_number:
        archived = archived.filter(number=case_number)
    for number in archived.values_list("number", flat=True):
        findings.append(Finding(number, "案卷", "已归档但没有案卷"))
    return checked, findings
