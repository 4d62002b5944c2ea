"""``bancheng calendar``: working-day arithmetic for officers and scripts, and loading a year's schedule."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bancheng.calendars import services
from bancheng.domain.calendar import TZ
from bancheng.domain.deadlines import Limit, LimitUnit, due_for
from bancheng.domain.errors import DomainError

WEEKDAYS = "一二三四五六日"
UNITS = {
    "days": LimitUnit.WORKING_DAYS,
    "minutes": LimitUnit.BUSINESS_MINUTES,
    "calendar-days": LimitUnit.CALENDAR_DAYS,
}


def _instant(text: str) -> tuple[datetime | None, date]:
    """A date (``2026-10-09``) or a local time (``2026-10-09T10:30``, offset optional)."""
    try:
        if "T" in text or " " in text.strip():
            at = datetime.fromisoformat(text)
            at = at if at.tzinfo else at.replace(tzinfo=TZ)
            return at, at.astimezone(TZ).date()
        return None, date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"日期“{text}”格式不正确，应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM", returncode=2
        ) from None


class Command(BaseCommand):
    help = "工作日历：计算到期日、统计工作日、查看某年节假日、导入法定节假日安排"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True, parser_class=type(parser).__base__)
        add = sub.add_parser("add", help="DATE 之后第 N 个工作日（或 N 分钟 / N 个自然日）")
        add.add_argument("date")
        add.add_argument("n", type=int)
        add.add_argument("--unit", choices=list(UNITS), default="days")
        between = sub.add_parser("between", help="(A, B] 之间的工作日数")
        between.add_argument("a")
        between.add_argument("b")
        show = sub.add_parser("show", help="列出某年的节假日和调休上班日")
        show.add_argument("year", type=int)
        load = sub.add_parser("import", help="导入一年的法定节假日安排（CSV 或 YAML）并重算未到期时限")
        load.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"do_{options['sub']}")(**options)
        except DomainError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）", returncode=2) from None

    def do_add(self, *, date: str, n: int, unit: str, **_: Any) -> None:
        if n < 0:
            raise CommandError("N 必须是不小于 0 的整数", returncode=2)
        cal = services.get_calendar()
        at, day = _instant(date)
        start = at or cal.opening(day)
        due = due_for(cal, start, Limit(n, UNITS[unit]))
        shown = due.at.isoformat() if UNITS[unit] is LimitUnit.BUSINESS_MINUTES else due.at.date().isoformat()
        self.stdout.write(f"{shown} provisional" if due.provisional else shown)

    def do_between(self, *, a: str, b: str, **_: Any) -> None:
        cal = services.get_calendar()
        self.stdout.write(str(cal.working_days_between(_instant(a)[1], _instant(b)[1])))

    def do_show(self, *, year: int, **_: Any) -> None:
        cal = services.get_calendar()
        names = services.day_names(year)
        state = (
            "已载入官方安排" if year in cal.loaded_years else "未载入官方安排（按法定节日推算，结果为临时）"
        )
        self.stdout.write(f"{year} 年工作日历：{state}")
        for heading, days in (
            ("放假（工作日休息）", cal.holidays_in(year)),
            ("调休上班（周末工作）", cal.makeup_days_in(year)),
        ):
            self.stdout.write(f"{heading}：")
            for day in days:
                self.stdout.write(
                    f"  {day.isoformat()} {WEEKDAYS[day.weekday()]} {names.get(day, '')}".rstrip()
                )

    def do_import(self, *, file: str, **_: Any) -> None:
        imports = services.import_schedule(file)
        for imported in imports:
            self.stdout.write(
                f"已导入 {imported.year} 年安排（{imported.days.count()} 天），重算未到期时限 {imported.recomputed} 个"
            )
