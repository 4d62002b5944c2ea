"""Read queries of the weekly filing: the cases a filing holds, the filings and reminders of recent weeks,
and the office's board of weeks × branches."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet

from bancheng.cases.models import Case
from bancheng.domain.calendar import WorkCalendar
from bancheng.domain.filing import FilingState, filing_deadline, filing_state, recent_weeks, week_end
from bancheng.filings.models import FilingReminder, WeeklyFiling
from bancheng.org.choices import UnitKind
from bancheng.org.models import Unit

BOARD_WEEKS = 8  # weeks the board and the branch page show at most
AUTOMATIC_LOOKBACK_WEEKS = 4  # weeks the automatic job still files when it was down or failed


def cases_of_week(branch_id: int, week_start: date) -> QuerySet[Case]:
    """The cases a branch registered in the week (Monday to Sunday by the registration date, Asia/Shanghai),
    in registration order: what the branch's filing of that week holds, whatever their state now."""
    return (
        Case.objects.filter(branch_id=branch_id, registered_on__range=(week_start, week_end(week_start)))
        .select_related("branch", "officer")
        .order_by("registered_at", "pk")
    )


def filing_branches() -> QuerySet[Unit]:
    """The units that file every week: the active branches (管理部/分中心)."""
    return Unit.objects.filter(kind=UnitKind.BRANCH, active=True).order_by("code")


def get_filing(pk: int) -> WeeklyFiling | None:
    return WeeklyFiling.objects.select_related("branch", "filed_by", "policy_version").filter(pk=pk).first()


def filing_of(branch_id: int, week_start: date) -> WeeklyFiling | None:
    return WeeklyFiling.objects.filter(branch_id=branch_id, week_start=week_start).first()


def first_filing_week() -> date | None:
    """The earliest week any branch has filed: the board and the automatic job start there, so a new
    installation is not shown (or made to file) weeks from before it was in use."""
    first = WeeklyFiling.objects.order_by("week_start").values_list("week_start", flat=True).first()
    return first


def weeks_in_use(now: datetime, count: int) -> list[date]:
    """Up to ``count`` latest ended weeks, newest first, none earlier than the first filed week (only the
    latest ended week when nothing has been filed yet)."""
    weeks = recent_weeks(now, count)
    first = first_filing_week()
    if first is None:
        return weeks[:1]
    return [w for w in weeks if w >= first] or weeks[:1]


@dataclass
class Cell:
    branch: Unit
    week_start: date
    due_at: datetime
    due_provisional: bool
    state: FilingState
    filing: WeeklyFiling | None = None
    reminders: list[FilingReminder] = field(default_factory=list)

    @property
    def state_class(self) -> str:
        return {
            FilingState.ON_TIME: "ok",
            FilingState.FILED_LATE: "warn",
            FilingState.MISSING: "bad",
        }.get(self.state, "")


@dataclass
class WeekRow:
    week_start: date
    week_end: date
    due_at: datetime
    due_provisional: bool
    cells: list[Cell]


def board(
    now: datetime, calendar: WorkCalendar, *, branch_ids: list[int] | None = None, count: int = BOARD_WEEKS
) -> list[WeekRow]:
    """Weeks × branches with each filing's state at ``now``, newest week first; three queries whatever the
    number of weeks and branches."""
    weeks = weeks_in_use(now, count)
    branches = list(filing_branches())
    if branch_ids is not None:
        branches = [b for b in branches if b.pk in branch_ids]
    ids = [b.pk for b in branches]
    filings = {
        (f.branch_id, f.week_start): f
        for f in WeeklyFiling.objects.filter(week_start__in=weeks, branch_id__in=ids).select_related(
            "filed_by"
        )
    }
    reminders: dict[tuple[int, date], list[FilingReminder]] = {}
    for r in FilingReminder.objects.filter(week_start__in=weeks, branch_id__in=ids).order_by("sent_at"):
        reminders.setdefault((r.branch_id, r.week_start), []).append(r)
    rows = []
    for week in weeks:
        due = filing_deadline(week, calendar)
        cells = []
        for branch in branches:
            filing = filings.get((branch.pk, week))
            state = filing_state(
                week_start=week,
                due_at=filing.due_at if filing else due.at,
                filed_at=filing.filed_at if filing else None,
                now=now,
            )
            cells.append(
                Cell(
                    branch=branch,
                    week_start=week,
                    due_at=filing.due_at if filing else due.at,
                    due_provisional=filing.due_provisional if filing else due.provisional,
                    state=state,
                    filing=filing,
                    reminders=reminders.get((branch.pk, week), []),
                )
            )
        rows.append(WeekRow(week, week_end(week), due.at, due.provisional, cells))
    return rows


def weeks_open_for_filing(branch_id: int, now: datetime, count: int = BOARD_WEEKS) -> list[date]:
    """The ended weeks (latest ``count``) the branch has not filed yet, newest first: what 立即报备 offers."""
    weeks = recent_weeks(now, count)
    filed = set(
        WeeklyFiling.objects.filter(branch_id=branch_id, week_start__in=weeks).values_list(
            "week_start", flat=True
        )
    )
    return [w for w in weeks if w not in filed]


def recent_reminders(branch_ids: list[int] | None = None, limit: int = 20) -> QuerySet[FilingReminder]:
    reminders = FilingReminder.objects.select_related("branch")
    if branch_ids is not None:
        reminders = reminders.filter(branch_id__in=branch_ids)
    return reminders.order_by("-sent_at")[:limit]


def filed_pairs(weeks: list[date]) -> set[tuple[int, date]]:
    """(branch id, week) of every filing made for those weeks."""
    return set(WeeklyFiling.objects.filter(week_start__in=weeks).values_list("branch_id", "week_start"))


def reminders_of(branch_id: int, week_start: date) -> QuerySet[FilingReminder]:
    return FilingReminder.objects.filter(branch_id=branch_id, week_start=week_start).order_by("sent_at")
