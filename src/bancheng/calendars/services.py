"""The deployment's working calendar, and the changes an administrator makes to it."""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from bancheng.calendars.models import (
    CalendarOverride,
    CalendarSettings,
    OverrideKind,
    ScheduleDayKind,
    ScheduleImport,
    StateScheduleDay,
)
from bancheng.calendars.schedule_file import read_schedule
from bancheng.domain.calendar import (
    FIRST_YEAR,
    BusinessHours,
    Overrides,
    StateYear,
    WorkCalendar,
    default_calendar,
)
from bancheng.domain.errors import DomainError

_cache: dict[str, WorkCalendar] = {}
_lock = threading.Lock()


def _settings() -> CalendarSettings | None:
    return CalendarSettings.objects.filter(pk=1).first()


def get_calendar() -> WorkCalendar:
    """The calendar in force: state calendar, imported schedules and overrides. Built once per revision."""
    row = _settings()
    key = str(row.revision) if row else "default"
    cal = _cache.get(key)
    if cal is None:
        cal = _build(row)
        with _lock:
            _cache.clear()
            _cache[key] = cal
    return cal


def _build(row: CalendarSettings | None) -> WorkCalendar:
    overrides = list(CalendarOverride.objects.values_list("day", "kind"))
    overrides_ = Overrides(
        closures=frozenset(d for d, k in overrides if k == OverrideKind.CLOSURE),
        extra_working_days=frozenset(d for d, k in overrides if k == OverrideKind.WORKING),
        weekend_service=bool(row and row.weekend_service),
        hours=BusinessHours.parse(row.hours) if row else BusinessHours(),
    )
    return default_calendar(imported_years(), overrides_)


def imported_years() -> list[StateYear]:
    by_year: dict[int, dict[str, set[date]]] = defaultdict(lambda: {"holiday": set(), "makeup": set()})
    for year, day, kind in StateScheduleDay.objects.values_list("schedule__year", "day", "kind"):
        by_year[year][kind].add(day)
    for year in ScheduleImport.objects.values_list("year", flat=True):
        by_year[year]  # a year may be imported with no weekday holidays at all
    return [
        StateYear(year, frozenset(days["holiday"]), frozenset(days["makeup"]), loaded=True)
        for year, days in sorted(by_year.items())
    ]


def _locked_settings() -> CalendarSettings:
    row, _ = CalendarSettings.objects.select_for_update().get_or_create(pk=1)
    return row


def _touch(row: CalendarSettings | None = None) -> None:
    """Give the calendar a new revision, so that every cached copy is rebuilt."""
    row = row or _locked_settings()
    row.revision = uuid.uuid4()
    row.save()


def _recompute(reason: str, actor: Any) -> int:
    from bancheng.cases.recompute import recompute_open_deadlines

    return recompute_open_deadlines(reason=reason, actor=actor)


def set_weekend_service(enabled: bool, *, actor: Any = None) -> bool:
    """Open (or stop opening) on weekends; open deadlines are recomputed when it changes."""
    with transaction.atomic():
        row = _locked_settings()
        if row.weekend_service == enabled:
            return False
        row.weekend_service = enabled
        _touch(row)
    _recompute("开设双休日服务（5+2）" if enabled else "取消双休日服务", actor)
    return True


def set_hours(text: str, *, actor: Any = None) -> None:
    hours = BusinessHours.parse(text)
    with transaction.atomic():
        row = _locked_settings()
        row.hours = str(hours)
        _touch(row)
    _recompute(f"营业时间调整为 {hours}", actor)


def add_override(day: date, kind: str, *, note: str = "", actor: Any = None) -> CalendarOverride:
    """An extra closure or an extra working day; open deadlines are recomputed."""
    if kind not in OverrideKind.values:
        raise DomainError("calendar.bad_override", "调整类型应为额外休息日或额外工作日", {"kind": kind})
    with transaction.atomic():
        _touch()
        override, _ = CalendarOverride.objects.update_or_create(
            day=day, defaults={"kind": kind, "note": note, "created_by": actor}
        )
    _recompute(f"日历调整：{day.isoformat()} {override.get_kind_display()}", actor)
    return override


def remove_override(day: date, *, actor: Any = None) -> bool:
    with transaction.atomic():
        _touch()
        deleted, _ = CalendarOverride.objects.filter(day=day).delete()
    if deleted:
        _recompute(f"撤销日历调整：{day.isoformat()}", actor)
    return bool(deleted)


def import_schedule(path: Path | str, *, actor: Any = None) -> list[ScheduleImport]:
    """Load the official schedule of the years in the file, replacing any earlier import of those years,
    then recompute every open deadline. Nothing is written when the file is bad."""
    path = Path(path)
    days = read_schedule(path)
    years = sorted({d.day.year for d in days})
    last_allowed = timezone.now().year + 5
    for year in years:
        if not FIRST_YEAR <= year <= last_allowed:
            raise DomainError(
                "calendar.bad_schedule",
                f"年份 {year} 超出可导入范围（{FIRST_YEAR}–{last_allowed}）",
                {"year": year},
            )
    imports = []
    with transaction.atomic():
        _touch()
        ScheduleImport.objects.filter(year__in=years).delete()
        for year in years:
            imported = ScheduleImport.objects.create(
                year=year, source=path.name, imported_at=timezone.now(), imported_by=actor
            )
            StateScheduleDay.objects.bulk_create(
                StateScheduleDay(schedule=imported, day=d.day, kind=ScheduleDayKind(d.kind), name=d.name)
                for d in days
                if d.day.year == year
            )
            imports.append(imported)
    recomputed = _recompute(f"导入 {'、'.join(map(str, years))} 年法定节假日安排（{path.name}）", actor)
    ScheduleImport.objects.filter(pk__in=[i.pk for i in imports]).update(recomputed=recomputed)
    for imported in imports:
        imported.recomputed = recomputed
    return imports


def day_names(year: int) -> dict[date, str]:
    """Names of the holidays and make-up days of a year, from the import or the package."""
    names = dict(StateScheduleDay.objects.filter(schedule__year=year).values_list("day", "name"))
    if names:
        return names
    from holidays.countries.china import China

    return dict(China(years=year, language="zh_CN").items())
