"""The deadline rules of DESIGN.md, "Deadlines: the rules", on the state calendar in Asia/Shanghai."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bancheng.domain.calendar import TZ, Due
from bancheng.domain.deadlines import (
    IMMEDIATELY,
    DeadlineStatus,
    Limit,
    LimitUnit,
    PauseMode,
    cap_due,
    due_after_pause,
    due_for,
    extended_due,
    status_at,
    working_minutes_left,
)
from bancheng.domain.errors import DomainError
from tests.domain.conftest import PROPERTY, shanghai


def days(n: int) -> Limit:
    return Limit(n, LimitUnit.WORKING_DAYS)


def calendar_days(n: int) -> Limit:
    return Limit(n, LimitUnit.CALENDAR_DAYS)


# ---- N working days -------------------------------------------------------------------------------


def test_working_days_do_not_count_the_start_day_and_end_at_close_of_business(cal):
    assert due_for(cal, shanghai(2026, 11, 18, 10, 0), days(1)).at == shanghai(2026, 11, 19, 17, 0)


def test_one_working_day_before_national_day_ends_after_the_holiday(cal):
    assert due_for(cal, shanghai(2026, 9, 30, 10, 0), days(1)).at == shanghai(2026, 10, 8, 17, 0)


def test_a_make_up_saturday_counts_as_one_of_the_working_days(cal):
    # Friday 10-09; then 10-10 (a working Saturday), 10-12, 10-13, 10-14, 10-15
    assert due_for(cal, shanghai(2026, 10, 9, 10, 0), days(5)).at == shanghai(2026, 10, 15, 17, 0)


def test_working_days_from_a_holiday_count_from_the_first_working_day_after_it(cal):
    assert due_for(cal, shanghai(2026, 10, 3, 10, 0), days(1)).at == shanghai(2026, 10, 8, 17, 0)


def test_the_start_day_is_the_day_on_the_shanghai_clock(cal):
    late_evening_utc = datetime(2026, 9, 30, 16, 30, tzinfo=UTC)  # 10-01 00:30 in Shanghai
    assert due_for(cal, late_evening_utc, IMMEDIATELY).at == shanghai(2026, 10, 8, 17, 0)


# ---- immediately ----------------------------------------------------------------------------------


def test_immediately_during_working_time_is_close_of_business_that_day(cal):
    assert due_for(cal, shanghai(2026, 9, 30, 10, 0), IMMEDIATELY).at == shanghai(2026, 9, 30, 17, 0)


def test_immediately_after_close_of_business_is_close_of_the_next_working_day(cal):
    friday_evening = shanghai(2026, 11, 20, 18, 0)
    assert due_for(cal, friday_evening, IMMEDIATELY).at == shanghai(2026, 11, 23, 17, 0)


def test_immediately_at_close_of_business_is_close_of_the_next_working_day(cal):
    assert due_for(cal, shanghai(2026, 9, 30, 17, 0), IMMEDIATELY).at == shanghai(2026, 10, 8, 17, 0)


def test_immediately_on_a_holiday_is_close_of_the_next_working_day(cal):
    assert due_for(cal, shanghai(2026, 10, 2, 10, 0), IMMEDIATELY).at == shanghai(2026, 10, 8, 17, 0)


def test_immediately_before_opening_is_close_of_business_that_day(cal):
    assert due_for(cal, shanghai(2026, 9, 30, 7, 30), IMMEDIATELY).at == shanghai(2026, 9, 30, 17, 0)


# ---- business minutes -----------------------------------------------------------------------------


def test_ten_business_minutes_before_lunch_end_after_lunch(cal):
    ten_minutes = Limit(10, LimitUnit.BUSINESS_MINUTES)
    assert due_for(cal, shanghai(2026, 9, 30, 11, 25), ten_minutes).at == shanghai(2026, 9, 30, 13, 35)


# ---- calendar days --------------------------------------------------------------------------------


def test_calendar_days_ending_on_a_working_day_end_at_its_close(cal):
    assert due_for(cal, shanghai(2026, 9, 24, 10, 0), calendar_days(60)).at == shanghai(2026, 11, 23, 17, 0)


def test_calendar_days_ending_on_a_sunday_run_to_close_of_monday(cal):
    # 2026-09-23 + 60 days = Sunday 2026-11-22
    assert due_for(cal, shanghai(2026, 9, 23, 10, 0), calendar_days(60)).at == shanghai(2026, 11, 23, 17, 0)


def test_calendar_days_ending_in_a_holiday_run_to_close_of_the_day_work_resumes(cal):
    # 2026-08-02 + 60 days = 2026-10-01, National Day
    assert due_for(cal, shanghai(2026, 8, 2, 10, 0), calendar_days(60)).at == shanghai(2026, 10, 8, 17, 0)


# ---- the 60-day cap -------------------------------------------------------------------------------


def test_the_cap_leaves_a_due_date_inside_it_alone(cal):
    start = shanghai(2026, 9, 30, 10, 0)  # ten working days across National Day still end in October
    due = due_for(cal, start, days(10))
    assert cap_due(cal, due, start, 60) == due


def test_a_due_date_past_the_cap_is_brought_back_to_it(cal):
    start = shanghai(2026, 9, 1, 10, 0)
    extended = extended_due(cal, due_for(cal, start, days(10)), days(40))
    capped = cap_due(cal, extended, start, 60)
    assert extended.at > capped.at == shanghai(2026, 11, 2, 17, 0)  # 60 days: Saturday 10-31, so Monday


def test_without_a_cap_the_due_date_stands(cal):
    start = shanghai(2026, 9, 1, 10, 0)
    due = extended_due(cal, due_for(cal, start, days(10)), days(40))
    assert cap_due(cal, due, start, None) == due


# ---- extensions -----------------------------------------------------------------------------------


def test_an_extension_moves_the_due_date_by_its_own_limit_from_the_old_one(cal):
    due = due_for(cal, shanghai(2026, 11, 2, 10, 0), days(5))
    assert due.at == shanghai(2026, 11, 9, 17, 0)
    assert extended_due(cal, due, days(3)).at == shanghai(2026, 11, 12, 17, 0)


def test_an_extension_keeps_the_old_due_date_as_it_was(cal):
    due = due_for(cal, shanghai(2026, 11, 2, 10, 0), days(5))
    extended_due(cal, due, days(3))
    assert due.at == shanghai(2026, 11, 9, 17, 0)
    with pytest.raises(FrozenInstanceError):
        due.at = shanghai(2026, 11, 12, 17, 0)  # type: ignore[misc]


def test_an_extension_of_nothing_leaves_the_due_date(cal):
    due = due_for(cal, shanghai(2026, 11, 2, 10, 0), days(5))
    assert extended_due(cal, due, IMMEDIATELY) == due


def test_an_extension_of_a_provisional_due_date_stays_provisional(cal):
    due = Due(shanghai(2027, 1, 8, 17, 0), provisional=True)
    assert extended_due(cal, due, days(1)).provisional


# ---- pauses ---------------------------------------------------------------------------------------


def test_a_pause_extends_the_due_date_by_the_business_time_it_covered(cal):
    due = due_for(cal, shanghai(2026, 11, 2, 10, 0), days(5))
    resumed = due_after_pause(
        cal,
        due=due,
        paused_at=shanghai(2026, 11, 3, 10, 0),
        resumed_at=shanghai(2026, 11, 4, 10, 0),
        mode=PauseMode.EXTEND,
        limit=days(5),
    )
    assert resumed.at == shanghai(2026, 11, 10, 17, 0)


def test_a_pause_over_a_weekend_extends_only_by_its_business_minutes(cal):
    due = due_for(cal, shanghai(2026, 11, 2, 10, 0), days(5))
    resumed = due_after_pause(
        cal,
        due=due,
        paused_at=shanghai(2026, 11, 6, 16, 0),  # Friday: 60 minutes to close
        resumed_at=shanghai(2026, 11, 9, 9, 0),  # Monday: 30 minutes after opening
        mode=PauseMode.EXTEND,
        limit=days(5),
    )
    assert resumed.at == shanghai(2026, 11, 10, 10, 0)


def test_a_restart_gives_a_fresh_period_from_the_resumption(cal):
    due = due_for(cal, shanghai(2026, 11, 2, 10, 0), days(10))
    resumed = due_after_pause(
        cal,
        due=due,
        paused_at=shanghai(2026, 11, 4, 10, 0),
        resumed_at=shanghai(2026, 11, 11, 10, 0),
        mode=PauseMode.RESTART,
        limit=days(10),
    )
    assert resumed.at == shanghai(2026, 11, 25, 17, 0)


def test_a_pause_cannot_end_before_it_began(cal):
    with pytest.raises(DomainError) as refused:
        due_after_pause(
            cal,
            due=due_for(cal, shanghai(2026, 11, 2, 10, 0), days(5)),
            paused_at=shanghai(2026, 11, 4, 10, 0),
            resumed_at=shanghai(2026, 11, 3, 10, 0),
            mode=PauseMode.EXTEND,
            limit=days(5),
        )
    assert refused.value.code == "deadline.bad_pause"


# ---- statuses -------------------------------------------------------------------------------------

DUE = shanghai(2026, 11, 9, 17, 0)  # a Monday
THREE_HOURS = 180


def status(cal, now: datetime, met_at: datetime | None = None) -> DeadlineStatus:
    return status_at(cal, due_at=DUE, now=now, met_at=met_at, due_soon_minutes=THREE_HOURS)


def test_a_deadline_outside_the_warning_threshold_is_on_track(cal):
    assert status(cal, shanghai(2026, 11, 9, 13, 30)) is DeadlineStatus.ON_TRACK  # 210 minutes left


def test_a_deadline_inside_the_warning_threshold_is_due_soon(cal):
    assert status(cal, shanghai(2026, 11, 9, 14, 0)) is DeadlineStatus.DUE_SOON  # 180 minutes left


def test_the_warning_threshold_counts_business_minutes_not_clock_time(cal):
    friday = shanghai(2026, 11, 6, 16, 0)  # three days before, but 60 + 390 business minutes
    assert status(cal, friday) is DeadlineStatus.ON_TRACK
    assert (
        status_at(cal, due_at=DUE, now=friday, met_at=None, due_soon_minutes=450) is DeadlineStatus.DUE_SOON
    )


def test_a_deadline_at_its_due_instant_is_not_yet_overdue(cal):
    assert status(cal, DUE) is DeadlineStatus.DUE_SOON


def test_a_deadline_past_its_due_instant_is_overdue(cal):
    assert status(cal, DUE + timedelta(minutes=1)) is DeadlineStatus.OVERDUE


def test_a_deadline_met_by_its_due_instant_is_met_on_time(cal):
    assert status(cal, DUE + timedelta(days=3), met_at=DUE) is DeadlineStatus.MET_ON_TIME


def test_a_deadline_met_after_its_due_instant_is_met_late(cal):
    assert status(cal, DUE + timedelta(days=3), met_at=DUE + timedelta(minutes=1)) is DeadlineStatus.MET_LATE


def test_only_unmet_statuses_are_open():
    assert {s for s in DeadlineStatus if s.is_open} == {
        DeadlineStatus.ON_TRACK,
        DeadlineStatus.DUE_SOON,
        DeadlineStatus.OVERDUE,
    }
    assert [s.label for s in DeadlineStatus] == ["正常", "即将到期", "已超期", "按期办结", "超期办结"]


def test_working_minutes_left_are_negative_when_overdue(cal):
    assert working_minutes_left(cal, DUE, shanghai(2026, 11, 10, 9, 30)) == -60


# ---- provisional ----------------------------------------------------------------------------------


def test_a_deadline_reaching_into_an_unloaded_year_is_provisional(cal):
    due = due_for(cal, shanghai(2026, 12, 24, 10, 0), days(10))
    assert due.at == shanghai(2027, 1, 8, 17, 0)  # 12-25, 12-28..31, 01-04..08 (01-01 statutory)
    assert due.provisional


def test_a_deadline_inside_a_loaded_year_is_not_provisional(cal):
    assert not due_for(cal, shanghai(2026, 11, 2, 10, 0), days(5)).provisional


def test_a_pause_that_pushes_a_deadline_into_an_unloaded_year_makes_it_provisional(cal):
    due = due_for(cal, shanghai(2026, 12, 21, 10, 0), days(5))
    resumed = due_after_pause(
        cal,
        due=due,
        paused_at=shanghai(2026, 12, 22, 10, 0),
        resumed_at=shanghai(2026, 12, 29, 10, 0),
        mode=PauseMode.EXTEND,
        limit=days(5),
    )
    assert not due.provisional and resumed.provisional


# ---- limits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [-1, 1.5, True, "5"])
def test_a_limit_must_be_a_whole_number_of_at_least_zero(amount):
    with pytest.raises(DomainError) as refused:
        Limit(amount)
    assert refused.value.code == "deadline.bad_limit"


def test_a_limit_in_an_unknown_unit_is_refused():
    with pytest.raises(DomainError) as refused:
        Limit(5, "fortnights")  # type: ignore[arg-type]
    assert refused.value.code == "deadline.bad_limit"


@pytest.mark.parametrize(
    "limit", [IMMEDIATELY, days(5), Limit(10, LimitUnit.BUSINESS_MINUTES), calendar_days(60)]
)
def test_a_limit_survives_its_stored_form(limit):
    assert Limit.from_dict(limit.to_dict()) == limit


def test_a_stored_limit_without_a_unit_counts_working_days():
    assert Limit.from_dict({"amount": 2}) == days(2)


@pytest.mark.parametrize(
    "data", [{}, {"amount": "many"}, {"amount": 1, "unit": "fortnights"}, {"amount": -1}]
)
def test_a_malformed_stored_limit_is_refused(data):
    with pytest.raises(DomainError) as refused:
        Limit.from_dict(data)
    assert refused.value.code == "deadline.bad_limit"


@pytest.mark.parametrize(
    ("limit", "label"),
    [
        (IMMEDIATELY, "即时办结"),
        (days(5), "5个工作日"),
        (Limit(10, LimitUnit.BUSINESS_MINUTES), "10分钟（工作时间）"),
        (calendar_days(60), "60天"),
    ],
)
def test_a_limit_is_labelled_as_the_documents_word_it(limit, label):
    assert limit.label == label


def test_pause_modes_say_what_they_do():
    assert PauseMode.EXTEND.label == "挂起期间不计时（顺延）"
    assert PauseMode.RESTART.label == "补齐材料后重新计算时限"


# ---- properties -----------------------------------------------------------------------------------

starts = st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31, 23, 59), timezones=st.just(TZ))
working_day_counts = st.integers(0, 40)
limits = st.builds(Limit, st.integers(0, 120), st.sampled_from(LimitUnit))


@PROPERTY
@given(start=starts, n=working_day_counts)
def test_a_working_day_deadline_is_due_at_close_of_business_on_a_working_day(cal, start, n):
    due = due_for(cal, start, days(n)).at.astimezone(TZ)
    assert cal.is_working_day(due.date()) and due.time() == time(17, 0)


@PROPERTY
@given(start=starts, n=working_day_counts)
def test_more_working_days_never_make_a_deadline_earlier(cal, start, n):
    sooner, later = due_for(cal, start, days(n)).at, due_for(cal, start, days(n + 1)).at
    assert sooner < later if n >= 1 else sooner <= later


@PROPERTY
@given(
    start=starts,
    limit=limits,
    pause_after=st.integers(0, 30_000),
    pause_length=st.integers(0, 30_000),
    mode=st.sampled_from(PauseMode),
)
def test_a_pause_never_makes_a_deadline_earlier(cal, start, limit, pause_after, pause_length, mode):
    due = due_for(cal, start, limit)
    paused_at = start + timedelta(minutes=pause_after)
    resumed_at = paused_at + timedelta(minutes=pause_length)
    resumed = due_after_pause(
        cal, due=due, paused_at=paused_at, resumed_at=resumed_at, mode=mode, limit=limit
    )
    assert resumed.at >= due.at


@PROPERTY
@given(start=starts, limit=limits, extra=limits)
def test_an_extension_never_makes_a_deadline_earlier(cal, start, limit, extra):
    due = due_for(cal, start, limit)
    assert extended_due(cal, due, extra).at >= due.at


@PROPERTY
@given(start=starts, limit=limits)
def test_a_deadline_is_provisional_exactly_when_it_reaches_an_unloaded_year(cal, start, limit):
    due = due_for(cal, start, limit)  # every start year (2024–2026) is loaded
    assert due.provisional == (due.at.astimezone(TZ).year not in cal.loaded_years)
