"""The weekly filing rule (seed 000: 每周一下班前 file last week's ledger and intake forms), with real days of the
state calendar: the 2026 National Day holiday runs 10-01..10-07, Spring Festival covers Monday 02-23, Labour Day
covers Monday 05-04 and Tuesday 05-05."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bancheng.domain.calendar import BusinessHours, Overrides, WorkCalendar, state_calendar
from bancheng.domain.errors import DomainError
from bancheng.domain.filing import (
    FilingState,
    filing_day,
    filing_deadline,
    filing_opens_at,
    filing_state,
    has_ended,
    is_late,
    last_ended_week,
    recent_weeks,
    require_week_start,
    week_bounds,
    week_end,
    week_start_of,
)
from tests.domain.conftest import shanghai


def test_a_week_runs_monday_to_sunday():
    assert week_start_of(date(2026, 10, 1)) == date(2026, 9, 28)
    assert week_start_of(date(2026, 10, 4)) == date(2026, 9, 28)
    assert week_start_of(date(2026, 10, 5)) == date(2026, 10, 5)
    assert week_end(date(2026, 9, 28)) == date(2026, 10, 4)


def test_a_week_is_named_by_its_monday_only():
    with pytest.raises(DomainError) as refused:
        require_week_start(date(2026, 9, 29))
    assert refused.value.code == "filing.bad_week"


def test_the_weeks_instants_are_shanghai_midnight_to_midnight():
    start, end = week_bounds(date(2026, 9, 28))
    assert start == shanghai(2026, 9, 28, 0, 0)
    assert end == shanghai(2026, 10, 5, 0, 0)


def test_last_week_is_the_week_before_the_one_now_falls_in():
    assert last_ended_week(shanghai(2026, 10, 5, 0, 0)) == date(2026, 9, 28)
    assert last_ended_week(shanghai(2026, 10, 11, 23, 59)) == date(2026, 9, 28)
    assert last_ended_week(shanghai(2026, 10, 4, 23, 59)) == date(2026, 9, 21)


def test_last_week_counts_in_shanghai_time_not_utc():
    # 2026-10-04 17:00 UTC is still Sunday in UTC but Monday 10-05 01:00 in Shanghai: the week has ended.
    assert last_ended_week(datetime(2026, 10, 4, 17, 0, tzinfo=UTC)) == date(2026, 9, 28)


def test_a_normal_week_is_due_at_close_of_business_on_the_next_monday(cal):
    due = filing_deadline(date(2026, 10, 5), cal)
    assert due.at == shanghai(2026, 10, 12, 17, 0)
    assert not due.provisional


def test_when_the_monday_is_a_national_day_holiday_the_next_working_day_closes_the_filing(cal):
    # Week 09-28..10-04; Monday 10-05 to Wednesday 10-07 are holidays; Thursday 10-08 is the next working day.
    assert filing_day(date(2026, 9, 28), cal) == date(2026, 10, 8)
    assert filing_deadline(date(2026, 9, 28), cal).at == shanghai(2026, 10, 8, 17, 0)


def test_the_week_with_a_make_up_saturday_is_due_the_next_monday(cal):
    # Week 10-05..10-11 holds holidays and the make-up working Saturday 10-10; Monday 10-12 is working.
    assert cal.is_working_day(date(2026, 10, 10))
    assert filing_deadline(date(2026, 10, 5), cal).at == shanghai(2026, 10, 12, 17, 0)


def test_a_spring_festival_monday_moves_the_deadline_to_tuesday(cal):
    assert filing_deadline(date(2026, 2, 16), cal).at == shanghai(2026, 2, 24, 17, 0)


def test_a_labour_day_monday_and_tuesday_move_the_deadline_to_wednesday(cal):
    assert filing_deadline(date(2026, 4, 27), cal).at == shanghai(2026, 5, 6, 17, 0)


def test_the_deadline_follows_the_deployments_business_hours():
    hours = BusinessHours(((time(9, 0), time(12, 0)), (time(14, 0), time(18, 0))))
    own = WorkCalendar(state_calendar(2026, 2026), Overrides(hours=hours))
    assert filing_deadline(date(2026, 10, 5), own).at == shanghai(2026, 10, 12, 18, 0)


def test_a_deployment_closure_on_the_monday_moves_the_deadline():
    own = WorkCalendar(state_calendar(2026, 2026), Overrides(closures=frozenset({date(2026, 10, 12)})))
    assert filing_deadline(date(2026, 10, 5), own).at == shanghai(2026, 10, 13, 17, 0)


def test_a_deadline_in_a_year_without_an_official_schedule_is_provisional():
    fallback = WorkCalendar(state_calendar(2026, 2026, loaded=()))
    assert filing_deadline(date(2026, 3, 2), fallback).provisional


def test_the_automatic_filing_opens_at_the_filing_mondays_opening_even_on_a_holiday(cal):
    assert filing_opens_at(date(2026, 9, 28), cal) == shanghai(2026, 10, 5, 8, 30)


def test_filing_at_the_deadline_is_on_time_and_a_minute_later_is_late():
    due = shanghai(2026, 10, 12, 17, 0)
    assert not is_late(due, due)
    assert is_late(shanghai(2026, 10, 12, 17, 1), due)


@pytest.mark.parametrize(
    ("filed_at", "now", "state"),
    [
        (shanghai(2026, 10, 12, 8, 30), shanghai(2026, 10, 20, 9, 0), FilingState.ON_TIME),
        (shanghai(2026, 10, 13, 9, 0), shanghai(2026, 10, 20, 9, 0), FilingState.FILED_LATE),
        (None, shanghai(2026, 10, 12, 17, 1), FilingState.MISSING),
        (None, shanghai(2026, 10, 12, 16, 59), FilingState.NOT_DUE),
        (None, shanghai(2026, 10, 11, 23, 59), FilingState.OPEN),
    ],
)
def test_the_board_state_of_a_filing(filed_at, now, state):
    week = date(2026, 10, 5)
    due = shanghai(2026, 10, 12, 17, 0)
    assert filing_state(week_start=week, due_at=due, filed_at=filed_at, now=now) is state


def test_every_state_has_a_chinese_label():
    assert {s.label for s in FilingState} >= {"按时报备", "逾期报备", "未报备（已逾期）", "未到期"}


def test_a_week_has_ended_at_the_next_monday_midnight():
    assert not has_ended(date(2026, 10, 5), shanghai(2026, 10, 11, 23, 59, 59))
    assert has_ended(date(2026, 10, 5), shanghai(2026, 10, 12, 0, 0))


def test_recent_weeks_are_the_latest_ended_weeks_newest_first():
    assert recent_weeks(shanghai(2026, 10, 14, 9, 0), 3) == [
        date(2026, 10, 5),
        date(2026, 9, 28),
        date(2026, 9, 21),
    ]


def test_a_naive_time_is_refused():
    with pytest.raises(DomainError) as refused:
        last_ended_week(datetime(2026, 10, 5, 9, 0))
    assert refused.value.code == "calendar.naive_time"
