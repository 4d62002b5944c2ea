"""The weekly_filing job: from Monday's opening it files last week for every branch, once; a branch whose
filing fails is reminded after the deadline, once a day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bancheng.filings import services
from bancheng.filings.models import FilingReminder, WeeklyFiling
from bancheng.filings.services import file_week, run_filings
from bancheng.jobs.registry import jobs
from bancheng.jobs.runner import run_job
from tests.filings.conftest import DEADLINE, MONDAY_OPENING, WEEK
from tests.support import shanghai


def filed():
    return sorted(WeeklyFiling.objects.values_list("branch__code", "week_start", "automatic", "late"))


def test_the_job_files_last_week_for_every_branch_at_mondays_opening(org):
    counts = run_filings(MONDAY_OPENING)
    assert counts["filed"] == 3 and counts["failed"] == 0
    assert filed() == [("HN", WEEK, True, False), ("HP", WEEK, True, False), ("HQ", WEEK, True, False)]


def test_running_the_job_twice_files_nothing_more(org):
    run_filings(MONDAY_OPENING)
    again = run_filings(MONDAY_OPENING + timedelta(minutes=5))
    assert again["filed"] == 0 and again["already_filed"] == 3
    assert WeeklyFiling.objects.count() == 3


def test_the_job_files_nothing_before_mondays_opening(org):
    counts = run_filings(shanghai(2026, 11, 23, 8, 29))
    assert counts["filed"] == 0 and not WeeklyFiling.objects.exists()


def test_the_job_leaves_a_branch_that_filed_by_hand_alone(org):
    mine = file_week(org.unit("HQ"), WEEK, actor=org.officer, now=shanghai(2026, 11, 23, 7, 0))
    counts = run_filings(MONDAY_OPENING)
    assert counts["filed"] == 2 and counts["already_filed"] == 1
    assert WeeklyFiling.objects.get(branch=org.unit("HQ")).pk == mine.pk


def test_a_dry_run_counts_and_writes_nothing(org):
    counts = run_filings(MONDAY_OPENING, dry_run=True)
    assert counts["filed"] == 3
    assert not WeeklyFiling.objects.exists()


def test_after_the_job_was_down_it_files_the_missed_weeks_late(org):
    run_filings(MONDAY_OPENING)  # filings have started with the week of 11-16
    counts = run_filings(shanghai(2026, 12, 8, 9, 0))  # down from 11-30 to Tuesday 12-08
    assert counts["filed"] == 0 and counts["filed_late"] == 6 and counts["already_filed"] == 3
    missed = WeeklyFiling.objects.filter(
        week_start__in=[shanghai(2026, 11, 23).date(), shanghai(2026, 11, 30).date()]
    )
    assert missed.count() == 6 and all(f.late and f.automatic for f in missed)


def test_the_job_does_not_file_weeks_before_filings_started(org):
    run_filings(shanghai(2026, 12, 8, 9, 0))
    assert set(WeeklyFiling.objects.values_list("week_start", flat=True)) == {shanghai(2026, 11, 30).date()}


def test_the_job_is_registered_every_five_minutes():
    job = jobs()["weekly_filing"]
    assert job.every_seconds == 300


def test_the_runner_runs_the_job_once_per_slot(org):
    first = run_job("weekly_filing", MONDAY_OPENING)
    assert first is not None and first.counts["filed"] == 3
    assert run_job("weekly_filing", MONDAY_OPENING + timedelta(seconds=30)) is None


@pytest.fixture
def failing(monkeypatch):
    def broken(branch, week_start):
        raise RuntimeError("ledger generation failed")

    monkeypatch.setattr(services, "_generate", broken)


def test_a_failed_filing_is_not_reminded_before_the_deadline(org, failing):
    counts = run_filings(MONDAY_OPENING)
    assert counts["failed"] == 3 and counts["reminded"] == 0
    assert not FilingReminder.objects.exists()


def test_a_branch_still_unfiled_after_the_deadline_is_reminded(org, failing):
    counts = run_filings(DEADLINE + timedelta(minutes=5))
    assert counts["reminded"] == 3
    reminder = FilingReminder.objects.get(branch=org.unit("HQ"))
    assert reminder.week_start == WEEK and reminder.to_role == "case_officer"
    assert reminder.day == shanghai(2026, 11, 23).date()


def test_a_missing_filing_is_reminded_once_a_day(org, failing):
    run_filings(DEADLINE + timedelta(minutes=5))
    later_same_day = run_filings(DEADLINE + timedelta(hours=6))
    assert later_same_day["reminded"] == 0
    next_day = run_filings(DEADLINE + timedelta(days=1))
    assert next_day["reminded"] == 3
    assert FilingReminder.objects.filter(branch=org.unit("HQ")).count() == 2


def test_the_failure_does_not_stop_the_other_branches(org, monkeypatch):
    real = services._generate

    def hq_fails(branch, week_start):
        if branch.code == "HQ":
            raise RuntimeError("ledger generation failed")
        return real(branch, week_start)

    monkeypatch.setattr(services, "_generate", hq_fails)
    counts = run_filings(MONDAY_OPENING)
    assert counts["filed"] == 2 and counts["failed"] == 1
    assert sorted(WeeklyFiling.objects.values_list("branch__code", flat=True)) == ["HN", "HP"]


def test_the_command_runs_the_filing_at_a_given_time(org, capsys):
    call_command("filing", "run", "--at", "2026-11-23T09:00")
    assert '"filed": 3' in capsys.readouterr().out
    assert WeeklyFiling.objects.count() == 3


def test_the_command_dry_run_writes_nothing(org, capsys):
    call_command("filing", "run", "--at", "2026-11-23T09:00", "--dry-run")
    assert capsys.readouterr().out.startswith("dry-run ")
    assert not WeeklyFiling.objects.exists()


def test_the_check_command_fails_when_a_branch_is_late(org, capsys):
    file_week(org.unit("HQ"), WEEK, now=MONDAY_OPENING)
    with pytest.raises(CommandError):
        call_command("filing", "check", "--at", "2026-11-24T09:00")
    out = capsys.readouterr().out
    assert f"{WEEK.isoformat()} HQ on_time" in out and f"{WEEK.isoformat()} HP missing" in out
