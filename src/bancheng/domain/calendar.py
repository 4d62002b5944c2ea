"""The working calendar: which days are working days, and business time inside them.

The state calendar (official holidays and make-up working days) comes from the ``holidays`` package, which
carries each year's State Council notice once it is published; a year without a loaded notice falls back to
the statutory holidays and weekends, and every result that touches it is provisional. A deployment adds its
own overrides on top: extra closures, extra working days, weekend service days (a 5+2 hall) and its hours.

All arithmetic is a lookup in arrays built once over the calendar's whole range: for every day, how many
working days come before it (a prefix count), and the list of working days itself. Each query is O(1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from holidays.countries.china import China, ChinaStaticHolidays

from bancheng.domain.errors import DomainError

TZ = ZoneInfo("Asia/Shanghai")

FIRST_YEAR = 2001  # the first year the package carries an official notice for
HORIZON_YEARS = 15  # years past the last loaded notice that are still computable (provisionally)


@dataclass(frozen=True)
class BusinessHours:
    """Opening intervals of a working day, in local time; default 08:30–11:30 and 13:30–17:00."""

    intervals: tuple[tuple[time, time], ...] = ((time(8, 30), time(11, 30)), (time(13, 30), time(17, 0)))

    def __post_init__(self) -> None:
        if not self.intervals:
            raise DomainError("calendar.bad_hours", "营业时间不能为空")
        previous_end = time(0, 0)
        for start, end in self.intervals:
            if not previous_end <= start < end:
                raise DomainError("calendar.bad_hours", "营业时间段须按时间先后排列且互不重叠")
            previous_end = end

    @classmethod
    def parse(cls, text: str) -> BusinessHours:
        """``"08:30-11:30,13:30-17:00"``."""
        try:
            pairs = [part.strip().split("-") for part in text.split(",") if part.strip()]
            intervals = tuple(
                (time.fromisoformat(a.strip()), time.fromisoformat(b.strip())) for a, b in pairs
            )
        except ValueError:
            raise DomainError(
                "calendar.bad_hours", f"营业时间格式不正确：{text}（示例 08:30-11:30,13:30-17:00）"
            ) from None
        return cls(intervals)

    def __str__(self) -> str:
        return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in self.intervals)

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The intervals as minutes after midnight."""
        return [(_minute_of(a), _minute_of(b)) for a, b in self.intervals]

    @property
    def minutes_per_day(self) -> int:
        return sum(end - start for start, end in self.spans)


def _minute_of(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class StateYear:
    """One year of the state calendar: days off on weekdays and working weekend days."""

    year: int
    holidays: frozenset[date]
    makeup_days: frozenset[date]
    loaded: bool  # False: statutory fallback, no official notice yet


@dataclass(frozen=True)
class Overrides:
    """A deployment's own changes to the state calendar."""

    closures: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    weekend_service: bool = False
    hours: BusinessHours = field(default_factory=BusinessHours)


def _package_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    cal = China(years=year)  # type: ignore[no-untyped-call]
    days_off = frozenset(d for d in cal if d.year == year)
    makeup = frozenset(d for d in getattr(cal, "weekend_workdays", ()) if d.year == year)
    return days_off, makeup


def package_loaded_years() -> frozenset[int]:
    """Years whose official notice the installed ``holidays`` package carries."""
    return frozenset(y for y in ChinaStaticHolidays.special_public_holidays if y >= FIRST_YEAR)


def state_calendar(
    first: int, last: int, imported: Sequence[StateYear] = (), loaded: Iterable[int] | None = None
) -> list[StateYear]:
    """State years ``first..last`` from the package, replaced by imported schedules where there are any."""
    loaded_years = package_loaded_years() if loaded is None else frozenset(loaded)
    by_year = {s.year: s for s in imported}
    years = []
    for year in range(first, last + 1):
        if year in by_year:
            years.append(by_year[year])
            continue
        days_off, makeup = _package_year(year)
        if year in loaded_years:
            years.append(StateYear(year, days_off, makeup, loaded=True))
        else:
            years.append(StateYear(year, days_off, frozenset(), loaded=False))
    return years


@dataclass(frozen=True)
class Due:
    """A due instant, and whether it rests on a year whose official schedule is not loaded yet."""

    at: datetime
    provisional: bool = False


class WorkCalendar:
    """Working days and business time of one deployment."""

    def __init__(self, years: Sequence[StateYear], overrides: Overrides | None = None) -> None:
        if not years:
            raise DomainError("calendar.empty", "工作日历为空")
        self.overrides = overrides or Overrides()
        self.hours = self.overrides.hours
        self._spans = self.hours.spans
        self._per_day = self.hours.minutes_per_day
        self._years = {y.year: y for y in years}
        self.first = date(min(self._years), 1, 1)
        self.last = date(max(self._years), 12, 31)
        self._loaded = frozenset(y.year for y in years if y.loaded)
        self._origin = self.first.toordinal()
        self._span = self.last.toordinal() - self._origin + 1
        self._days, self._before = self._index()

    def _index(self) -> tuple[list[date], list[int]]:
        """The working days in order, and for each day offset k of the range the number of working days
        strictly before it (``before[k + 1] - before[k]`` is 1 on a working day)."""
        days: list[date] = []
        before = [0]
        day = self.first
        one = timedelta(days=1)
        while day <= self.last:
            if self._decide(day):
                days.append(day)
            before.append(len(days))
            day += one
        return days, before

    def _decide(self, day: date) -> bool:
        o = self.overrides
        if day in o.closures:
            return False
        if day in o.extra_working_days:
            return True
        state = self._years[day.year]
        if day in state.makeup_days:
            return True
        if day in state.holidays:
            return False
        return day.weekday() < 5 or o.weekend_service

    # ---- days -------------------------------------------------------------------------------------

    def _offset(self, day: date) -> int:
        """The day's offset in the range; out of range is refused."""
        k = day.toordinal() - self._origin
        if not 0 <= k < self._span:
            raise DomainError(
                "calendar.out_of_range",
                f"日期 {day.isoformat()} 超出工作日历范围（{self.first.year}–{self.last.year} 年）",
                {"date": day.isoformat()},
            )
        return k

    def _check(self, day: date) -> None:
        self._offset(day)

    def is_working_day(self, day: date) -> bool:
        k = self._offset(day)
        return self._before[k + 1] != self._before[k]

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        return self.add_working_days(day, -1)

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (its own day not counted); n = 0 gives ``day`` when it is a
        working day, else the next one; negative n counts backwards."""
        k = day.toordinal() - self._origin
        if not 0 <= k < self._span:
            self._offset(day)  # raises the out-of-range error
        i = self._before[k + 1] + n - 1 if n > 0 else self._before[k] + n
        if not 0 <= i < len(self._days):
            raise DomainError(
                "calendar.out_of_range", "计算结果超出工作日历范围", {"date": day.isoformat(), "n": n}
            )
        return self._days[i]

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative when b is before a."""
        return self._before[self._offset(b) + 1] - self._before[self._offset(a) + 1]

    def holidays_in(self, year: int) -> list[date]:
        """Weekdays off that year (official holidays and the deployment's closures)."""
        self._check(date(year, 1, 1))
        return [d for d in _days_of(year) if d.weekday() < 5 and not self.is_working_day(d)]

    def makeup_days_in(self, year: int) -> list[date]:
        """Weekend days that are working days that year (make-up days and extra working days)."""
        self._check(date(year, 1, 1))
        listed = self._years[year].makeup_days | self.overrides.extra_working_days
        return [
            d
            for d in _days_of(year)
            if d.weekday() >= 5
            and self.is_working_day(d)
            and (d in listed or not self.overrides.weekend_service)
        ]

    def state_year(self, year: int) -> StateYear:
        self._check(date(year, 1, 1))
        return self._years[year]

    @property
    def loaded_years(self) -> frozenset[int]:
        return self._loaded

    def is_provisional(self, day: date) -> bool:
        return day.year not in self._loaded

    def touches_provisional(self, a: date, b: date) -> bool:
        lo, hi = min(a, b), max(a, b)
        return any(y not in self._loaded for y in range(lo.year, hi.year + 1))

    # ---- business time ----------------------------------------------------------------------------

    def opening(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.intervals[0][0], tzinfo=TZ)

    def closing(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.intervals[-1][1], tzinfo=TZ)

    def is_working_time(self, at: datetime) -> bool:
        local = _local(at)
        if not self.is_working_day(local.date()):
            return False
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self._spans)

    def _minutes_into_day(self, local: datetime) -> int:
        """Business minutes of the day already past at ``local`` (clamped to the opening intervals)."""
        minute = local.hour * 60 + local.minute + local.second / 60
        total = 0
        for start, end in self._spans:
            if minute <= start:
                break
            total += int(min(minute, end) - start)
        return total

    def _position(self, at: datetime) -> int:
        """Business minutes since the start of the index: a monotonic clock that stands still outside
        business hours."""
        local = _local(at)
        k = self._offset(local.date())
        i = self._before[k]
        if self._before[k + 1] != i:
            return i * self._per_day + self._minutes_into_day(local)
        return i * self._per_day

    def _instant(self, position: int) -> datetime:
        """The earliest instant at that business-minute position; a position on a day boundary is the
        previous day's close of business (a period ends at close, not at next morning's opening)."""
        i, rest = divmod(position, self._per_day)
        if rest == 0 and i > 0:
            i, rest = i - 1, self._per_day
        if not 0 <= i < len(self._days):
            raise DomainError("calendar.out_of_range", "计算结果超出工作日历范围")
        day = self._days[i]
        for start, end in self._spans:
            length = end - start
            if rest <= length:
                minute = start + rest
                return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=TZ)
            rest -= length
        raise AssertionError("unreachable: rest is within a day")  # pragma: no cover

    def add_business_minutes(self, at: datetime, minutes: int) -> datetime:
        """The instant ``minutes`` business minutes after ``at``; 0 gives ``at`` itself."""
        if minutes == 0:
            return at
        return self._instant(self._position(at) + minutes)

    def business_minutes_between(self, a: datetime, b: datetime) -> int:
        """Business minutes from a to b (negative when b is before a)."""
        return self._position(b) - self._position(a)


def _local(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise DomainError("calendar.naive_time", "时间缺少时区")
    return at.astimezone(TZ)


def _days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


def default_calendar(imported: Sequence[StateYear] = (), overrides: Overrides | None = None) -> WorkCalendar:
    """The state calendar from 2001 to fifteen years past the last loaded notice, with overrides."""
    loaded = package_loaded_years() | {s.year for s in imported if s.loaded}
    last = max(loaded) + HORIZON_YEARS
    return WorkCalendar(state_calendar(FIRST_YEAR, last, imported), overrides)
