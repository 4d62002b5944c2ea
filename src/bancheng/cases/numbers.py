"""Gap-free case numbers per branch and year, e.g. ``SY-HQ-2026-00042``."""

from __future__ import annotations

from bancheng.cases.models import CaseSequence, NoticeSequence
from bancheng.org.models import Unit


def next_case_number(branch: Unit, year: int, prefix: str) -> str:
    """Must run inside the registering transaction: the branch's sequence row stays locked until commit,
    so concurrent registrations in one branch queue and no number is skipped or given twice."""
    seq, _ = CaseSequence.objects.select_for_update().get_or_create(branch=branch, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{prefix}-{branch.code}-{year}-{seq.last:05d}"


def next_notice_number(year: int) -> str:
    seq, _ = NoticeSequence.objects.select_for_update().get_or_create(year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"DB-{year}-{seq.last:04d}"


def next_notice_numbers(year: int, count: int) -> list[str]:
    """``count`` consecutive notice numbers taken in one step (the sweep's batches); same lock as above."""
    seq, _ = NoticeSequence.objects.select_for_update().get_or_create(year=year)
    first = seq.last + 1
    seq.last += count
    seq.save(update_fields=["last"])
    return [f"DB-{year}-{n:04d}" for n in range(first, first + count)]
