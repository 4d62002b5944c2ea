"""Deadline rules (DESIGN.md, "Deadlines"), on a ``WorkCalendar``.

- N working days from t: t's own day does not count; due at close of business on the N-th working day after.
- Immediately (N = 0): close of business that day, or of the next working day when t is after close of
  business or on a day off.
- N business minutes: only minutes inside business hours on working days count.
- N calendar days: if the last day is not a working day, the period ends at close of the next working day.
- A pause extends the deadline by the business time it covered, or restarts the period on resume (policy).
- An approved extension moves the due date later by its own limit, counted from the old due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from bancheng.domain.calendar import TZ, Due, WorkCalendar
from bancheng.domain.errors import DomainError


class LimitUnit(StrEnum):
    WORKING_DAYS = "working_days"
    BUSINESS_MINUTES = "business_minutes"
    CALENDAR_DAYS = "calendar_days"

    @property
    def label(self) -> str:
        return {"working_days": "个工作日", "business_minutes": "分钟（工作时间）", "calendar_days": "天"}[
            self.value
        ]


@dataclass(frozen=True)
class Limit:
    """A time limit: an amount of working days, business minutes or calendar days."""

    amount: int
    unit: LimitUnit = LimitUnit.WORKING_DAYS

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 0:
            raise DomainError("deadline.bad_limit", "时限必须是不小于 0 的整数", {"amount": self.amount})
        try:
            object.__setattr__(self, "unit", LimitUnit(self.unit))
        except ValueError:
            raise DomainError("deadline.bad_limit", "时限单位不正确", {"unit": self.unit}) from None

    @property
    def immediate(self) -> bool:
        return self.amount == 0

    @property
    def label(self) -> str:
        if self.immediate:
            return "即时办结"
        return f"{self.amount}{self.unit.label}"

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "unit": self.unit.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Limit:
        try:
            return cls(int(data["amount"]), LimitUnit(data.get("unit", LimitUnit.WORKING_DAYS.value)))
        except (KeyError, TypeError, ValueError):
            raise DomainError("deadline.bad_limit", "时限格式不正确", {"limit": data}) from None


IMMEDIATELY = Limit(0, LimitUnit.WORKING_DAYS)


class PauseMode(StrEnum):
    EXTEND = "extend"  # the deadline moves later by the business time the pause covered
    RESTART = "restart"  # the period starts again when the materials are complete (seed 004)

    @property
    def label(self) -> str:
        return {"extend": "挂起期间不计时（顺延）", "restart": "补齐材料后重新计算时限"}[self.value]


class DeadlineStatus(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"

    @property
    def label(self) -> str:
        return {
            "on_track": "正常",
            "due_soon": "即将到期",
            "overdue": "已超期",
            "met_on_time": "按期办结",
            "met_late": "超期办结",
        }[self.value]

    @property
    def is_open(self) -> bool:
        return self in {DeadlineStatus.ON_TRACK, DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE}


def _local_day(at: datetime) -> date:
    return at.astimezone(TZ).date()


def due_for(cal: WorkCalendar, start: datetime, limit: Limit) -> Due:
    """When a period of ``limit`` that starts at ``start`` ends."""
    day = _local_day(start)
    if limit.unit is LimitUnit.BUSINESS_MINUTES:
        at = cal.add_business_minutes(start, limit.amount)
    elif limit.unit is LimitUnit.CALENDAR_DAYS:
        last = day + timedelta(days=limit.amount)
        at = cal.closing(last if cal.is_working_day(last) else cal.next_working_day(last))
    elif limit.immediate:
        same_day = cal.is_working_day(day) and start < cal.closing(day)
        at = cal.closing(day if same_day else cal.next_working_day(day))
    else:
        at = cal.closing(cal.add_working_days(day, limit.amount))
    return Due(at, cal.touches_provisional(day, _local_day(at)))


def cap_due(cal: WorkCalendar, due: Due, start: datetime, cap_days: int | None) -> Due:
    """Never past ``cap_days`` calendar days from the start (seed 004: 最多不超过60天)."""
    if cap_days is None:
        return due
    cap = due_for(cal, start, Limit(cap_days, LimitUnit.CALENDAR_DAYS))
    return cap if cap.at < due.at else due


def extended_due(cal: WorkCalendar, due: Due, extra: Limit) -> Due:
    """An approved extension: ``extra`` more, counted from the old due date."""
    moved = due_for(cal, due.at, extra) if extra.amount else due
    return Due(moved.at, due.provisional or moved.provisional)


def due_after_pause(
    cal: WorkCalendar,
    *,
    due: Due,
    paused_at: datetime,
    resumed_at: datetime,
    mode: PauseMode,
    limit: Limit,
) -> Due:
    """The due date once a pause ends: later by the business time it covered, or a fresh period."""
    if resumed_at < paused_at:
        raise DomainError("deadline.bad_pause", "恢复时间不能早于挂起时间")
    if mode is PauseMode.RESTART:
        fresh = due_for(cal, resumed_at, limit)
        return fresh if fresh.at > due.at else due
    covered = cal.business_minutes_between(paused_at, resumed_at)
    at = cal.add_business_minutes(due.at, covered)
    return Due(at, due.provisional or cal.touches_provisional(_local_day(due.at), _local_day(at)))


def working_minutes_left(cal: WorkCalendar, due_at: datetime, now: datetime) -> int:
    """Business minutes from now until due (negative when overdue)."""
    return cal.business_minutes_between(now, due_at)


def status_at(
    cal: WorkCalendar,
    *,
    due_at: datetime,
    now: datetime,
    met_at: datetime | None,
    due_soon_minutes: int,
) -> DeadlineStatus:
    """Where a deadline stands at ``now``: met on time or late; or overdue, due soon (inside the policy's
    warning threshold of business minutes), on track."""
    if met_at is not None:
        return DeadlineStatus.MET_ON_TIME if met_at <= due_at else DeadlineStatus.MET_LATE
    if now > due_at:
        return DeadlineStatus.OVERDUE
    if working_minutes_left(cal, due_at, now) <= due_soon_minutes:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TRACK
