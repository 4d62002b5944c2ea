"""The daily roll-ups give the numbers of the definitions: random case histories built through the real
actions, the roll-ups rebuilt, then every rolled-up KPI under every grouping read through the roll-ups (the
complete days) and live (today on) equals ``kpi.measure`` over all cases."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bancheng.calendars.services import get_calendar
from bancheng.cases.models import Case
from bancheng.domain.kpi import Grouping, Kpi, Period, PeriodKind, measure
from bancheng.stats import rollups
from bancheng.stats.jobs import refresh_rollups
from bancheng.stats.models import DailyRollup, RollupCoverage
from tests.stats.test_queries_match_definitions import (
    AS_OF,
    PERIODS,
    SATISFIED,
    build,
    facts_of,
    histories,
    officers,  # noqa: F401 (fixture)
)
from tests.support import shanghai

ALSO = [Period.of(PeriodKind.YEAR, date(2026, 1, 1)), Period.of(PeriodKind.WEEK, date(2026, 6, 15))]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(histories, min_size=1, max_size=5))
def test_rollup_figures_equal_the_definitions_on_random_case_histories(org, officers, histories):  # noqa: F811
    for h in histories:
        build(org, officers, h)
    RollupCoverage.objects.all().delete()
    rollups.refresh(AS_OF)
    facts = facts_of(list(Case.objects.values_list("pk", flat=True)))
    days = get_calendar().working_days_between
    for period in [*PERIODS, *ALSO]:
        for kpi in Kpi:
            for grouping in Grouping:
                options = {"as_of": AS_OF, "grouping": grouping, "satisfied": SATISFIED, "working_days": days}
                expected = measure(kpi, facts, period, **options)
                assert rollups.measure(kpi, period, **options) == expected, (kpi, grouping, period)


def test_the_first_refresh_rolls_up_every_day_since_the_earliest_registration(org, officers):  # noqa: F811
    from tests.stats.test_queries_match_definitions import History

    h = History(
        day=3, hour=10, officer=0, channel="hotline", path="transfer", category=1, nature=0,
        case_class="general", transfer_delay=1, units=("DEP-1",), sign_delay=0, resolve_delays=(2, 0),
        notice=True, feedback_delay=0, visit=True, contacted=True, solved=True, satisfaction="satisfied",
        close=True,
    )  # fmt: skip
    build(org, officers, h)
    refresh_rollups(AS_OF)
    coverage = RollupCoverage.objects.get()
    registered = Case.objects.get().registered_at.astimezone(AS_OF.tzinfo).date()
    assert (coverage.first_day, coverage.last_day) == (registered, date(2026, 6, 14))
    assert DailyRollup.objects.filter(kpi=Kpi.REGISTERED.value, by_unit=False).get().day == registered


def test_today_is_never_rolled_up_but_counted_live(org, officers):  # noqa: F811
    from tests.stats.test_queries_match_definitions import History

    h = History(
        day=0, hour=10, officer=0, channel="onsite", path="stop", category=0, nature=0, case_class="general",
        transfer_delay=0, units=("DEP-1",), sign_delay=0, resolve_delays=(0, 0), notice=False,
        feedback_delay=0, visit=False, contacted=False, solved=False, satisfaction="satisfied", close=False,
    )  # fmt: skip
    build(org, officers, h)
    now = Case.objects.get().registered_at + timedelta(hours=1)
    rollups.refresh(now)
    assert not DailyRollup.objects.exists()
    day = rollups.today(now)
    assert rollups.measure(Kpi.REGISTERED, Period.of(PeriodKind.MONTH, day), as_of=now)[None].numerator == 1


def test_the_command_rebuilds_a_range_and_refuses_a_gap(org, officers, capsys):  # noqa: F811
    import pytest
    from django.core.management.base import CommandError

    from tests.stats.test_queries_match_definitions import History

    h = History(
        day=0, hour=10, officer=0, channel="onsite", path="stop", category=0, nature=0, case_class="general",
        transfer_delay=0, units=("DEP-1",), sign_delay=0, resolve_delays=(0, 0), notice=False,
        feedback_delay=0, visit=False, contacted=False, solved=False, satisfaction="satisfied", close=False,
    )  # fmt: skip
    build(org, officers, h)
    call_command("stats", "rollup", "--from", "2026-04-01", "--to", "2026-04-30")
    assert "stats rollup 2026-04-01…2026-04-30" in capsys.readouterr().out
    assert DailyRollup.objects.filter(kpi=Kpi.REGISTERED.value).exists()
    with pytest.raises(CommandError):
        call_command("stats", "rollup", "--from", "2026-06-01", "--to", "2026-06-02")
    assert shanghai(2026, 4, 20, 9).date() == date(2026, 4, 20)
