"""Working-day arithmetic: the project's bisect over a precomputed index against a day-by-day loop over the
``holidays`` package (the way django-helpdesk-style code counts working days).

Run: ``python bench/calendar_bench.py`` (``--help`` for the knobs). Prints a table and exits non-zero when a
goal is missed or when the two sides disagree on any query. Both sides are timed in the same run, on the
same start dates, and compared as ratios, so the figure does not depend on the machine's speed.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

import holidays

from bancheng.domain.calendar import WorkCalendar, default_calendar

GOALS = {10: 20.0, 60: 100.0}  # N -> the least speed-up the calendar must show
SIZES = (1, 5, 10, 60)
FIRST, LAST = date(2024, 1, 1), date(2026, 12, 31)
ONE = timedelta(days=1)


class DayByDay:
    """The baseline: the package's calendar built once, then one membership test per day stepped over."""

    def __init__(self) -> None:
        self.days_off = holidays.China(years=range(2024, 2028))
        self.makeup = frozenset(getattr(self.days_off, "weekend_workdays", ()))

    def add_working_days(self, day: date, n: int) -> date:
        counted = 0
        while counted < n:
            day += ONE
            if (day.weekday() < 5 and day not in self.days_off) or day in self.makeup:
                counted += 1
        return day


def start_dates(count: int, seed: int) -> list[date]:
    rng = random.Random(seed)
    span = (LAST - FIRST).days
    return [FIRST + timedelta(days=rng.randint(0, span)) for _ in range(count)]


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The best of several timed runs, with the garbage collector off while timing (as timeit does)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            started = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    return best


def timed_build(build: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    built = build()
    return built, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", type=int, default=20000, help="start dates per N (default 20000)")
    parser.add_argument("--repeats", type=int, default=7, help="timed repeats, the best is kept (default 7)")
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args(argv)

    cal, first_build = timed_build(default_calendar)
    _, second_build = timed_build(default_calendar)
    baseline, baseline_build = timed_build(DayByDay)
    assert isinstance(cal, WorkCalendar) and isinstance(baseline, DayByDay)
    dates = start_dates(args.dates, args.seed)

    print(f"calendar_bench: {len(dates)} start dates in {FIRST}..{LAST}, best of {args.repeats} repeats")
    print(
        f"construction: default_calendar() {first_build * 1e3:.1f} ms first in process, "
        f"{second_build * 1e3:.1f} ms again ({cal.first.year}–{cal.last.year}, "
        f"{len(cal._days)} working days); holidays.China(2024–2027) {baseline_build * 1e3:.1f} ms"
    )
    print()
    print(
        f"{'N':>3}  {'day-by-day µs/query':>20}  {'calendar µs/query':>18}  {'ratio':>8}  {'goal':>6}  result"
    )

    failures = []
    for n in SIZES:
        expected = [baseline.add_working_days(d, n) for d in dates]
        got = [cal.add_working_days(d, n) for d in dates]
        wrong = [(d, e, g) for d, e, g in zip(dates, expected, got, strict=True) if e != g]
        if wrong:
            d, e, g = wrong[0]
            failures.append(f"N={n}: {len(wrong)} results differ, first {d} -> day-by-day {e}, calendar {g}")
            continue
        slow = best_of(args.repeats, lambda n=n: [baseline.add_working_days(d, n) for d in dates])
        fast = best_of(args.repeats, lambda n=n: [cal.add_working_days(d, n) for d in dates])
        ratio = slow / fast
        goal = GOALS.get(n)
        verdict = "info" if goal is None else ("met" if ratio >= goal else "MISSED")
        if goal is not None and ratio < goal:
            failures.append(f"N={n}: {ratio:.1f}× is below the goal of {goal:.0f}×")
        print(
            f"{n:>3}  {slow / len(dates) * 1e6:>20.2f}  {fast / len(dates) * 1e6:>18.2f}  {ratio:>7.1f}×  "
            f"{'' if goal is None else f'{goal:.0f}×':>6}  {verdict}"
        )

    print()
    if failures:
        for failure in failures:
            print(f"FAIL {failure}")
        return 1
    print(f"OK: identical results for all {len(dates) * len(SIZES)} queries, every goal met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
