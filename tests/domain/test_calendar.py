"""The working calendar (DESIGN.md, "Deadlines: the rules"): the state calendar with its official holidays
and make-up working days, a deployment's overrides, and business hours inside working days.

The dates below are the State Council's notices for 2024–2026 as the ``holidays`` package carries them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bancheng.domain.calendar import (
    TZ,
    BusinessHours,
    Overrides,
    StateYear,
    WorkCalendar,
    state_calendar,
)
from bancheng.domain.errors import DomainError
from tests.domain.conftest import PROPERTY, shanghai


def span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def calendar_2026(**overrides: object) -> WorkCalendar:
    """2026 alone, with a deployment's overrides."""
    return WorkCalendar(state_calendar(2026, 2026), Overrides(**overrides))  # type: ignore[arg-type]


# ---- the state calendar ---------------------------------------------------------------------------

MAKE_UP_WEEKEND_DAYS = [
    (date(2026, 1, 4), "Sunday"),  # 元旦
    (date(2026, 2, 14), "Saturday"),  # 春节
    (date(2026, 2, 28), "Saturday"),
    (date(2026, 9, 20), "Sunday"),  # 国庆节
    (date(2026, 10, 10), "Saturday"),
    (date(2025, 1, 26), "Sunday"),  # 春节
    (date(2025, 2, 8), "Saturday"),
    (date(2025, 9, 28), "Sunday"),  # 国庆节、中秋节
    (date(2025, 10, 11), "Saturday"),
    (date(2024, 2, 4), "Sunday"),  # 春节
    (date(2024, 2, 18), "Sunday"),
    (date(2024, 9, 29), "Sunday"),  # 国庆节
    (date(2024, 10, 12), "Saturday"),
]

OFFICIAL_HOLIDAYS = {
    "2026 春节": (date(2026, 2, 15), date(2026, 2, 23)),
    "2026 国庆节": (date(2026, 10, 1), date(2026, 10, 7)),
    "2025 春节": (date(2025, 1, 28), date(2025, 2, 4)),
    "2025 国庆节、中秋节": (date(2025, 10, 1), date(2025, 10, 8)),
    "2024 春节": (date(2024, 2, 10), date(2024, 2, 17)),
    "2024 国庆节": (date(2024, 10, 1), date(2024, 10, 7)),
}


@pytest.mark.parametrize(("day", "weekday"), MAKE_UP_WEEKEND_DAYS, ids=str)
def test_a_make_up_weekend_day_of_the_official_notice_is_a_working_day(cal, day, weekday):
    assert day.strftime("%A") == weekday
    assert cal.is_working_day(day)


@pytest.mark.parametrize(("first", "last"), OFFICIAL_HOLIDAYS.values(), ids=OFFICIAL_HOLIDAYS.keys())
def test_every_day_of_an_official_holiday_is_a_day_off(cal, first, last):
    assert [d for d in span(first, last) if cal.is_working_day(d)] == []


@pytest.mark.parametrize(("first", "last"), OFFICIAL_HOLIDAYS.values(), ids=OFFICIAL_HOLIDAYS.keys())
def test_work_resumes_the_day_after_an_official_holiday(cal, first, last):
    assert cal.next_working_day(last) == last + timedelta(days=1)


def test_the_years_make_up_days_are_the_weekend_days_of_the_notice(cal):
    assert cal.makeup_days_in(2026) == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]


def test_the_years_holidays_are_the_weekdays_it_takes_off(cal):
    holidays = cal.holidays_in(2026)
    assert date(2026, 10, 8) not in holidays
    assert {date(2026, 1, 1), date(2026, 2, 16), date(2026, 10, 1), date(2026, 10, 7)} <= set(holidays)
    assert all(d.weekday() < 5 for d in holidays)


def test_an_ordinary_weekend_is_off_and_an_ordinary_weekday_is_working(cal):
    assert not cal.is_working_day(date(2026, 11, 21))  # Saturday
    assert not cal.is_working_day(date(2026, 11, 22))  # Sunday
    assert cal.is_working_day(date(2026, 11, 23))  # Monday


# ---- counting working days ------------------------------------------------------------------------


def test_adding_working_days_skips_a_holiday_week(cal):
    assert cal.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_adding_working_days_counts_a_make_up_saturday(cal):
    assert cal.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)


def test_adding_no_working_days_to_a_working_day_gives_that_day(cal):
    assert cal.add_working_days(date(2026, 9, 30), 0) == date(2026, 9, 30)


def test_adding_no_working_days_to_a_holiday_gives_the_next_working_day(cal):
    assert cal.add_working_days(date(2026, 10, 3), 0) == date(2026, 10, 8)


def test_a_negative_count_goes_back_across_a_holiday(cal):
    assert cal.add_working_days(date(2026, 10, 8), -1) == date(2026, 9, 30)
    assert cal.add_working_days(date(2026, 10, 8), -2) == date(2026, 9, 29)


def test_a_negative_count_from_a_holiday_starts_at_the_working_day_before_it(cal):
    assert cal.add_working_days(date(2026, 10, 3), -1) == date(2026, 9, 30)


def test_working_days_between_counts_the_end_day_but_not_the_start_day(cal):
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert cal.working_days_between(date(2026, 10, 1), date(2026, 10, 8)) == 1
    assert cal.working_days_between(date(2026, 10, 8), date(2026, 10, 8)) == 0


def test_working_days_between_is_negative_when_the_end_is_before_the_start(cal):
    a, b = date(2026, 9, 1), date(2026, 10, 15)
    assert cal.working_days_between(b, a) == -cal.working_days_between(a, b) < 0


def test_the_next_working_day_may_be_a_make_up_sunday(cal):
    assert cal.next_working_day(date(2026, 9, 19)) == date(2026, 9, 20)


def test_the_next_and_previous_working_days_jump_over_a_holiday(cal):
    assert cal.next_working_day(date(2026, 9, 30)) == date(2026, 10, 8)
    assert cal.previous_working_day(date(2026, 10, 8)) == date(2026, 9, 30)


# ---- a deployment's overrides ---------------------------------------------------------------------


def test_a_closure_makes_a_working_day_a_day_off():
    closed = date(2026, 11, 20)
    assert not calendar_2026(closures=frozenset({closed})).is_working_day(closed)
    assert closed in calendar_2026(closures=frozenset({closed})).holidays_in(2026)


def test_a_closure_takes_precedence_over_a_make_up_day():
    assert not calendar_2026(closures=frozenset({date(2026, 10, 10)})).is_working_day(date(2026, 10, 10))


def test_an_extra_working_day_makes_a_saturday_working():
    saturday = date(2026, 11, 21)
    extra = calendar_2026(extra_working_days=frozenset({saturday}))
    assert extra.is_working_day(saturday)
    assert saturday in extra.makeup_days_in(2026)


def test_weekend_service_opens_weekends_but_not_holidays():
    hall = calendar_2026(weekend_service=True)
    assert hall.is_working_day(date(2026, 11, 21)) and hall.is_working_day(date(2026, 11, 22))
    assert not hall.is_working_day(date(2026, 10, 1))
    assert not hall.is_working_day(date(2026, 10, 3))  # a Saturday inside National Day


def test_with_weekend_service_only_the_listed_weekend_days_count_as_make_up_days():
    assert calendar_2026(weekend_service=True).makeup_days_in(2026) == calendar_2026().makeup_days_in(2026)


# ---- business hours -------------------------------------------------------------------------------


def test_the_default_business_hours_are_0830_to_1130_and_1330_to_1700(cal):
    assert str(cal.hours) == "08:30-11:30,13:30-17:00"
    assert cal.hours.minutes_per_day == 390
    assert cal.opening(date(2026, 9, 30)) == shanghai(2026, 9, 30, 8, 30)
    assert cal.closing(date(2026, 9, 30)) == shanghai(2026, 9, 30, 17, 0)


@pytest.mark.parametrize(
    ("hour", "minute", "working"),
    [
        (8, 29, False),
        (8, 30, True),
        (11, 29, True),
        (11, 30, False),
        (13, 30, True),
        (16, 59, True),
        (17, 0, False),
    ],
)
def test_working_time_is_inside_the_opening_intervals(cal, hour, minute, working):
    assert cal.is_working_time(shanghai(2026, 9, 30, hour, minute)) is working


def test_a_day_off_has_no_working_time(cal):
    assert not cal.is_working_time(shanghai(2026, 10, 1, 10, 0))


def test_working_time_is_read_on_the_shanghai_clock(cal):
    assert cal.is_working_time(datetime(2026, 9, 30, 2, 0, tzinfo=UTC))  # 10:00 in Shanghai
    assert not cal.is_working_time(datetime(2026, 9, 30, 10, 0, tzinfo=UTC))  # 18:00 in Shanghai


def test_custom_business_hours_are_parsed_from_text():
    hours = BusinessHours.parse("09:00-12:00, 14:00-18:00")
    assert hours.intervals == ((time(9), time(12)), (time(14), time(18)))
    assert calendar_2026(hours=hours).closing(date(2026, 9, 30)) == shanghai(2026, 9, 30, 18, 0)


def test_custom_business_hours_set_where_business_minutes_run():
    one_span = calendar_2026(hours=BusinessHours.parse("09:00-17:00"))
    assert one_span.add_business_minutes(shanghai(2026, 9, 30, 11, 55), 10) == shanghai(2026, 9, 30, 12, 5)


@pytest.mark.parametrize(
    "text",
    ["", "9-5", "08:30", "08:30-11:30,11:00-17:00", "17:00-08:30", "08:30-11:30-13:30"],
)
def test_unusable_business_hours_are_refused(text):
    with pytest.raises(DomainError) as refused:
        BusinessHours.parse(text)
    assert refused.value.code == "calendar.bad_hours"


# ---- business minutes -----------------------------------------------------------------------------


def test_business_minutes_skip_the_lunch_break(cal):
    assert cal.add_business_minutes(shanghai(2026, 9, 30, 11, 25), 10) == shanghai(2026, 9, 30, 13, 35)


def test_business_minutes_run_on_into_the_next_working_day(cal):
    friday = shanghai(2026, 11, 20, 16, 55)
    assert cal.add_business_minutes(friday, 10) == shanghai(2026, 11, 23, 8, 35)


def test_business_minutes_skip_a_holiday_week(cal):
    assert cal.add_business_minutes(shanghai(2026, 9, 30, 16, 55), 10) == shanghai(2026, 10, 8, 8, 35)


def test_business_minutes_from_a_holiday_start_at_the_next_opening(cal):
    assert cal.add_business_minutes(shanghai(2026, 10, 3, 10, 0), 10) == shanghai(2026, 10, 8, 8, 40)


def test_business_minutes_from_before_opening_start_at_the_opening(cal):
    assert cal.add_business_minutes(shanghai(2026, 9, 30, 7, 0), 10) == shanghai(2026, 9, 30, 8, 40)


def test_a_period_ending_at_the_lunch_break_ends_at_1130(cal):
    assert cal.add_business_minutes(shanghai(2026, 9, 30, 11, 20), 10) == shanghai(2026, 9, 30, 11, 30)


def test_a_period_ending_at_close_of_business_ends_at_1700_not_next_morning(cal):
    assert cal.add_business_minutes(shanghai(2026, 9, 30, 16, 50), 10) == shanghai(2026, 9, 30, 17, 0)


def test_no_business_minutes_leave_the_instant_as_it_is(cal):
    assert cal.add_business_minutes(shanghai(2026, 10, 3, 22, 0), 0) == shanghai(2026, 10, 3, 22, 0)


def test_business_minutes_between_undoes_adding_them(cal):
    assert cal.business_minutes_between(shanghai(2026, 9, 30, 11, 25), shanghai(2026, 9, 30, 13, 35)) == 10
    assert cal.business_minutes_between(shanghai(2026, 9, 30, 16, 55), shanghai(2026, 10, 8, 8, 35)) == 10
    assert cal.business_minutes_between(shanghai(2026, 10, 8, 8, 35), shanghai(2026, 9, 30, 16, 55)) == -10


def test_a_whole_working_day_holds_390_business_minutes(cal):
    assert cal.business_minutes_between(shanghai(2026, 9, 30, 0, 0), shanghai(2026, 10, 8, 23, 59)) == 780


# ---- years without their official notice ---------------------------------------------------------


def test_2026_is_loaded_and_2027_is_not(cal):
    assert 2026 in cal.loaded_years and 2027 not in cal.loaded_years
    assert cal.state_year(2026).loaded and not cal.state_year(2027).loaded


def test_an_unloaded_year_keeps_its_statutory_holidays(cal):
    assert not cal.is_working_day(date(2027, 1, 1))  # New Year's Day, a Friday
    assert not cal.is_working_day(date(2027, 10, 1))  # National Day, a Friday


def test_an_unloaded_year_has_no_make_up_days(cal):
    assert cal.state_year(2027).makeup_days == frozenset()
    assert cal.makeup_days_in(2027) == []


def test_a_year_without_its_notice_loses_its_make_up_days():
    fallback = WorkCalendar(state_calendar(2026, 2026, loaded=()))
    assert not fallback.is_working_day(date(2026, 2, 14))
    assert not fallback.is_working_day(date(2026, 10, 1))


def test_an_imported_schedule_replaces_the_package_year():
    imported = StateYear(2027, frozenset({date(2027, 1, 4)}), frozenset({date(2027, 1, 9)}), loaded=True)
    cal = WorkCalendar(state_calendar(2026, 2027, imported=[imported]))
    assert 2027 in cal.loaded_years
    assert not cal.is_working_day(date(2027, 1, 4)) and cal.is_working_day(date(2027, 1, 9))


def test_days_in_an_unloaded_year_are_provisional(cal):
    assert cal.is_provisional(date(2027, 3, 1)) and not cal.is_provisional(date(2026, 3, 1))


def test_a_span_reaching_into_an_unloaded_year_is_provisional(cal):
    assert cal.touches_provisional(date(2026, 12, 24), date(2027, 1, 8))
    assert cal.touches_provisional(date(2027, 1, 8), date(2026, 12, 24))
    assert not cal.touches_provisional(date(2026, 1, 1), date(2026, 12, 31))


# ---- refusals -------------------------------------------------------------------------------------


def test_a_date_before_the_calendar_is_refused(cal):
    with pytest.raises(DomainError) as refused:
        cal.is_working_day(cal.first - timedelta(days=1))
    assert refused.value.code == "calendar.out_of_range"


def test_a_date_after_the_calendar_is_refused(cal):
    with pytest.raises(DomainError) as refused:
        cal.add_working_days(cal.last + timedelta(days=1), 1)
    assert refused.value.code == "calendar.out_of_range"


def test_counting_past_the_end_of_the_calendar_is_refused():
    with pytest.raises(DomainError) as refused:
        calendar_2026().add_working_days(date(2026, 12, 31), 1)
    assert refused.value.code == "calendar.out_of_range"


def test_business_minutes_past_the_end_of_the_calendar_are_refused():
    with pytest.raises(DomainError) as refused:
        calendar_2026().add_business_minutes(shanghai(2026, 12, 31, 16, 0), 120)
    assert refused.value.code == "calendar.out_of_range"


def test_a_time_without_a_time_zone_is_refused(cal):
    with pytest.raises(DomainError) as refused:
        cal.is_working_time(datetime(2026, 9, 30, 10, 0))  # naive on purpose
    assert refused.value.code == "calendar.naive_time"


def test_a_calendar_without_years_is_refused():
    with pytest.raises(DomainError) as refused:
        WorkCalendar([])
    assert refused.value.code == "calendar.empty"


# ---- properties -----------------------------------------------------------------------------------

days = st.dates(date(2024, 1, 1), date(2026, 12, 31))
instants = st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31, 23, 59), timezones=st.just(TZ))
OPEN_MINUTES = [m for start, stop in BusinessHours().spans for m in range(start, stop)]


@PROPERTY
@given(day=days, n=st.integers(-60, 60))
def test_adding_working_days_lands_on_a_working_day_and_grows_with_n(cal, day, n):
    landed, later = cal.add_working_days(day, n), cal.add_working_days(day, n + 1)
    assert cal.is_working_day(landed)
    assert landed < later or (n == 0 and not cal.is_working_day(day) and landed == later)


@PROPERTY
@given(day=days, n=st.integers(1, 60))
def test_the_working_days_between_a_day_and_n_working_days_later_are_n(cal, day, n):
    assert cal.working_days_between(day, cal.add_working_days(day, n)) == n


@PROPERTY
@given(at=instants, minutes=st.integers(1, 3000))
def test_adding_business_minutes_ends_inside_business_hours_on_a_working_day(cal, at, minutes):
    end = cal.add_business_minutes(at, minutes).astimezone(TZ)
    minute = end.hour * 60 + end.minute
    assert cal.is_working_day(end.date())
    assert any(start < minute <= stop for start, stop in cal.hours.spans)


@PROPERTY
@given(day=days, minute_of_day=st.sampled_from(OPEN_MINUTES), minutes=st.integers(0, 3000))
def test_business_minutes_between_undoes_adding_them_from_working_time(cal, day, minute_of_day, minutes):
    at = datetime.combine(cal.add_working_days(day, 0), time(*divmod(minute_of_day, 60)), tzinfo=TZ)
    assert cal.is_working_time(at)
    assert cal.business_minutes_between(at, cal.add_business_minutes(at, minutes)) == minutes
