"""The weekly filing (周报备) rule: which week a filing covers, when it is due, and its state on a board.

Seed 000: each branch files last week's ledger and intake forms (附件1、附件2) to the center office "每周一下班前"
(before close of business every Monday). A filing week runs Monday to Sunday in Asia/Shanghai. Its filing day
is the Monday after the week, or the next working day when that Monday is not one (a holiday); the filing is
due at that day's close of business (the end of the calendar's last business interval, 17:00 by default).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bancheng.domain.calendar import TZ, Due, WorkCalendar
from bancheng.domain.errors import DomainError

WEEK = timedelta(days=7)


class FilingState(StrEnum):
    """A branch's filing of one week, as the office board shows it."""

    ON_TIME = "on_time"  # filed by the deadline
    FILED_LATE = "filed_late"  # filed after the deadline
    MISSING = "missing"  # not filed and the deadline has passed: the branch is late
    NOT_DUE = "not_due"  # not filed yet, the deadline is still ahead
    OPEN = "open"  # the week has not ended yet

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    FilingState.ON_TIME: "按时报备",
    FilingState.FILED_LATE: "逾期报备",
    FilingState.MISSING: "未报备（已逾期）",
    FilingState.NOT_DUE: "未到期",
    FilingState.OPEN: "本周未结束",
}


def week_start_of(day: date) -> date:
    """The Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def require_week_start(day: date) -> date:
    """A filing week is named by its Monday; any other day is refused."""
    if day.weekday() != 0:
        raise DomainError(
            "filing.bad_week", f"报备周须以周一开始：{day.isoformat()} 不是周一", {"week": day.isoformat()}
        )
    return day


def week_end(week_start: date) -> date:
    """The Sunday that ends the week."""
    return require_week_start(week_start) + timedelta(days=6)


def week_bounds(week_start: date) -> tuple[datetime, datetime]:
    """The week as a half-open interval of instants: Monday 00:00 to the next Monday 00:00, Asia/Shanghai."""
    start = datetime.combine(require_week_start(week_start), time.min, tzinfo=TZ)
    return start, start + WEEK


def last_ended_week(now: datetime) -> date:
    """The Monday of the latest week that has ended at ``now`` ("last week" on any day of this week)."""
    return week_start_of(_local_day(now)) - WEEK


def has_ended(week_start: date, now: datetime) -> bool:
    return week_bounds(week_start)[1] <= now


def filing_monday(week_start: date) -> date:
    """The Monday after the week: the day the seed names for filing."""
    return require_week_start(week_start) + WEEK


def filing_day(week_start: date, calendar: WorkCalendar) -> date:
    """The filing Monday when it is a working day, else the next working day."""
    return calendar.add_working_days(filing_monday(week_start), 0)


def filing_opens_at(week_start: date, calendar: WorkCalendar) -> datetime:
    """When the automatic filing is made: the filing Monday's opening time (business hours' first start),
    whether or not that Monday is a working day, so the branch is on time however the week ends."""
    return calendar.opening(filing_monday(week_start))


def filing_deadline(week_start: date, calendar: WorkCalendar) -> Due:
    """Close of business of the filing day; provisional when that year's official schedule is not loaded."""
    day = filing_day(week_start, calendar)
    return Due(calendar.closing(day), calendar.is_provisional(day))


def is_late(filed_at: datetime, due_at: datetime) -> bool:
    """A filing made after its deadline is late (filing exactly at the deadline is on time)."""
    return filed_at > due_at


def filing_state(
    *, week_start: date, due_at: datetime, filed_at: datetime | None, now: datetime
) -> FilingState:
    """The board's state of one branch's filing of one week at ``now``."""
    if filed_at is not None:
        return FilingState.FILED_LATE if is_late(filed_at, due_at) else FilingState.ON_TIME
    if not has_ended(week_start, now):
        return FilingState.OPEN
    return FilingState.MISSING if now > due_at else FilingState.NOT_DUE


def recent_weeks(now: datetime, count: int) -> list[date]:
    """The ``count`` latest ended weeks, newest first."""
    latest = last_ended_week(now)
    return [latest - WEEK * i for i in range(count)]


def _local_day(at: datetime) -> date:
    if at.tzinfo is None:
        raise DomainError("calendar.naive_time", "时间缺少时区")
    return at.astimezone(TZ).date()
