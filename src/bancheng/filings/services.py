"""Making a weekly filing and reminding a branch that has not filed. Filings and reminders are this app's own
rows; the cases are only read (through ``selectors``)."""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from bancheng.audit.access import ACCESS_STREAM
from bancheng.audit.chain import append_event
from bancheng.calendars.services import get_calendar
from bancheng.documents.forms import render_forms_pdf
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError
from bancheng.domain.filing import (
    filing_deadline,
    filing_opens_at,
    has_ended,
    is_late,
    require_week_start,
    week_end,
)
from bancheng.filings import permissions, selectors
from bancheng.filings.choices import FilingFile
from bancheng.filings.models import FilingReminder, WeeklyFiling
from bancheng.ledger.exports import write_ledger
from bancheng.org.choices import Role, UnitKind
from bancheng.policies.services import active_policy_version, policy_of

log = logging.getLogger(__name__)

FILING_STREAM = "filing"
INTAKE_FORM = "intake"
OPEN_FILING = "open_filing"


@dataclass(frozen=True)
class _Files:
    ledger: bytes
    forms: bytes | None
    case_numbers: list[str]
    policy_version_id: int


def file_week(branch: Any, week_start: date, *, actor: Any = None, now: datetime) -> WeeklyFiling:
    """周报备: file a branch's week (Monday to Sunday) to the center office: the ledger in the layout of the
    policy in force and the intake forms of the cases the branch registered that week, both unmasked (the
    official record). ``actor`` None is the automatic job. Idempotent: a week already filed returns its
    filing unchanged, also when two requests race (the unique (branch, week) row decides; the loser's files
    are removed). The week must have ended. Event ``file_week`` on the ``filing`` stream."""
    require_week_start(week_start)
    if branch.kind != UnitKind.BRANCH:
        raise DomainError("filing.not_branch", "只有管理部、分中心需要周报备", {"unit": branch.pk})
    if actor is not None:
        permissions.require_file(actor, branch.pk)
    if not has_ended(week_start, now):
        raise DomainError(
            "filing.week_not_ended",
            f"{week_start.isoformat()} 至 {week_end(week_start).isoformat()} 这一周尚未结束，不能报备",
            {"week": week_start.isoformat()},
        )
    existing = selectors.filing_of(branch.pk, week_start)
    if existing is not None:
        return existing
    files = _generate(branch, week_start)
    due = filing_deadline(week_start, get_calendar())
    filing = WeeklyFiling(
        branch=branch,
        week_start=week_start,
        due_at=due.at,
        due_provisional=due.provisional,
        filed_at=now,
        filed_by=actor,
        automatic=actor is None,
        late=is_late(now, due.at),
        case_count=len(files.case_numbers),
        case_numbers=files.case_numbers,
        policy_version_id=files.policy_version_id,
        ledger_sha256=_sha256(files.ledger),
        forms_sha256=_sha256(files.forms) if files.forms is not None else "",
    )
    stem = f"{branch.code}-{week_start.isoformat()}"
    filing.ledger.save(f"{stem}-ledger.xlsx", ContentFile(files.ledger), save=False)
    if files.forms is not None:
        filing.forms.save(f"{stem}-intake-forms.pdf", ContentFile(files.forms), save=False)
    try:
        with transaction.atomic():
            filing.save(force_insert=True)
            append_event(
                stream=FILING_STREAM,
                action="file_week",
                at=now,
                actor=actor,
                data={
                    "filing": filing.pk,
                    "branch": branch.code,
                    "week_start": week_start,
                    "automatic": filing.automatic,
                    "late": filing.late,
                    "cases": filing.case_count,
                    "ledger_sha256": filing.ledger_sha256,
                    "forms_sha256": filing.forms_sha256,
                },
            )
    except IntegrityError:
        _remove_files(filing)
        earlier = selectors.filing_of(branch.pk, week_start)
        if earlier is None:
            raise
        return earlier
    except BaseException:
        _remove_files(filing)
        raise
    return filing


def _generate(branch: Any, week_start: date) -> _Files:
    version = active_policy_version()
    policy = policy_of(version.pk)
    cases = selectors.cases_of_week(branch.pk, week_start)
    numbers = list(cases.values_list("number", flat=True))
    out = io.BytesIO()
    write_ledger(cases, policy.ledger_layout, out, fmt="xlsx", masked=False)
    forms = None
    if numbers and INTAKE_FORM in {f.code for f in policy.forms}:
        forms = render_forms_pdf(cases, INTAKE_FORM, masked=False)
    return _Files(out.getvalue(), forms, numbers, version.pk)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _remove_files(filing: WeeklyFiling) -> None:
    for field in (filing.ledger, filing.forms):
        if field:
            field.storage.delete(field.name)


def open_filing_file(filing: WeeklyFiling, kind: str, *, actor: Any, now: datetime) -> Any:
    """Open one file of a filing for ``actor``: the ledger or the intake forms, with the requesters' full
    data. Refused unless the actor may open the branch's filings; every opening is logged in the access
    stream (event ``open_filing``) before the file is handed out."""
    permissions.require_open_files(actor, filing.branch_id)
    field = filing.ledger if kind == FilingFile.LEDGER else filing.forms if kind == FilingFile.FORMS else None
    if not field:
        raise DomainError("filing.no_file", "该周无受理件，未附受理单")
    with transaction.atomic():
        append_event(
            stream=ACCESS_STREAM,
            action=OPEN_FILING,
            at=now,
            actor=actor,
            data={
                "filing": filing.pk,
                "branch": filing.branch.code,
                "week_start": filing.week_start,
                "file": kind,
                "cases": filing.case_numbers,
            },
        )
    return field.open("rb")


def remind(branch: Any, week_start: date, *, now: datetime) -> FilingReminder | None:
    """Remind a branch's case officers that a week is not filed; at most one reminder per branch, week and
    day (Asia/Shanghai). Returns None when today's reminder exists already."""
    day = now.astimezone(TZ).date()
    if FilingReminder.objects.filter(branch=branch, week_start=week_start, day=day).exists():
        return None
    try:
        with transaction.atomic():
            return FilingReminder.objects.create(
                branch=branch, week_start=week_start, day=day, sent_at=now, to_role=Role.CASE_OFFICER
            )
    except IntegrityError:
        return None


def run_filings(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """The automatic weekly filing at ``now``: from the filing Monday's opening, file every branch's week
    that is not filed yet (the latest ended week, and up to three weeks before it when the job was down or a
    filing failed, never earlier than the first filed week). A filing that fails is logged and counted; once
    its deadline has passed the branch is reminded (one reminder a day). Safe to run twice: filed weeks are
    skipped. ``dry_run`` writes nothing and counts what would be filed."""
    calendar = get_calendar()
    counts = {"filed": 0, "filed_late": 0, "already_filed": 0, "failed": 0, "reminded": 0}
    weeks = [
        w
        for w in reversed(selectors.weeks_in_use(now, selectors.AUTOMATIC_LOOKBACK_WEEKS))
        if filing_opens_at(w, calendar) <= now
    ]
    if not weeks:
        return counts
    branches = list(selectors.filing_branches())
    filed = selectors.filed_pairs(weeks)
    for week in weeks:
        due = filing_deadline(week, calendar)
        for branch in branches:
            if (branch.pk, week) in filed:
                counts["already_filed"] += 1
                continue
            if dry_run:
                counts["filed_late" if is_late(now, due.at) else "filed"] += 1
                continue
            try:
                filing = file_week(branch, week, now=now)
            except Exception:
                log.exception("weekly filing of %s for the week of %s failed", branch.code, week.isoformat())
                counts["failed"] += 1
                if now > due.at and remind(branch, week, now=now) is not None:
                    counts["reminded"] += 1
                continue
            counts["filed_late" if filing.late else "filed"] += 1
    return counts
