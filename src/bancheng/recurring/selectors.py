"""What the recurring-problem page shows: the groups (center office, customer service, leaders) and the
cases behind a group with the requesters masked (nobody unmasks here; the case page reveals, logged)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

from bancheng.cases.choices import CASE_STATE_CHOICES
from bancheng.cases.models import Case
from bancheng.domain.errors import NotFound
from bancheng.domain.lifecycle import CaseState
from bancheng.domain.masking import mask_name, mask_phone
from bancheng.domain.redaction import KnownPerson, redact_text
from bancheng.recurring import permissions
from bancheng.recurring.models import RecurringGroup, RecurringMember, RecurringRun

PROBLEM_EXCERPT = 60
STATE_LABELS = dict(CASE_STATE_CHOICES)
# The cases a knowledge article may be drafted from (knowledge.actions.DRAFTABLE_CASE_STATES).
DONE = {CaseState.CLOSED, CaseState.ARCHIVED, CaseState.OUT_OF_SCOPE}


def window_rows(
    start: datetime, end: datetime, chunk: int = 5000
) -> Iterator[tuple[int, str, str, str, str, date]]:
    """(id, business, problem, phone, name, registered day) of every case registered in [start, end), for the
    weekly detection (a job: no viewer; the phone and name are only turned into a requester key)."""
    rows = (
        Case.objects.filter(registered_at__gte=start, registered_at__lt=end)
        .order_by("pk")
        .values_list("pk", "business", "problem", "requester_phone", "requester_name", "registered_on")
    )
    return rows.iterator(chunk_size=chunk)


def groups_visible_to(user: Any, *, status: str = "", week: date | None = None) -> QuerySet[RecurringGroup]:
    """The groups a reader may see (all of them, for the three reading roles; refused to others), newest
    week first, optionally of one status or found in one week."""
    permissions.require_reader(user)
    groups = RecurringGroup.objects.select_related("handled_by")
    if status:
        groups = groups.filter(status=status)
    if week is not None:
        groups = groups.filter(week_start=week)
    return groups.order_by("-week_start", "-requester_count", "-case_count", "pk")


def get_group_for_user(user: Any, pk: int) -> RecurringGroup:
    group = groups_visible_to(user).filter(pk=pk).first()
    if group is None:
        raise NotFound("recurring.not_found", "同类问题不存在", {"group": pk})
    return group


def latest_run() -> RecurringRun | None:
    return RecurringRun.objects.order_by("-week_start").first()


@dataclass(frozen=True)
class MemberRow:
    case_id: int
    number: str
    registered_on: date
    business: str
    problem: str
    requester: str
    state: str
    current: bool
    closed: bool


def members_of(group: RecurringGroup) -> list[MemberRow]:
    """The cases of a group, those of its latest week first (then newest first), requesters masked and
    personal data removed from the problem's excerpt (``domain/redaction.py``)."""
    rows = (
        RecurringMember.objects.filter(group=group)
        .order_by("-last_week", "-case__registered_at", "-case_id")
        .values_list(
            "case_id",
            "last_week",
            "case__number",
            "case__registered_on",
            "case__business",
            "case__problem",
            "case__requester_name",
            "case__requester_phone",
            "case__state",
        )
    )
    found = []
    for case_id, last_week, number, day, business, problem, name, phone, state in rows:
        known = KnownPerson(names=(name,) if name else (), phones=(phone,) if phone else ())
        text = redact_text(problem, known)  # people write their names and numbers into the problem
        excerpt = text if len(text) <= PROBLEM_EXCERPT else text[:PROBLEM_EXCERPT] + "…"
        found.append(
            MemberRow(
                case_id=case_id,
                number=number,
                registered_on=day,
                business=redact_text(business, known),
                problem=excerpt,
                requester=f"{mask_name(name)} {mask_phone(phone)}".strip(),
                state=STATE_LABELS.get(state, state),
                current=last_week == group.week_start,
                closed=state in DONE,
            )
        )
    return found
