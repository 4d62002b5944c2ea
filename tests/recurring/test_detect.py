"""The weekly detection: groups of similar cases from several requesters, stored once per week, continued
from one week to the next, flagged to the center office once."""

from __future__ import annotations

from datetime import datetime

import pytest

from bancheng.audit.models import Event
from bancheng.domain.calendar import TZ
from bancheng.domain.recurring import Rule
from bancheng.jobs.registry import jobs
from bancheng.notifications.models import Message
from bancheng.recurring.models import RecurringGroup, RecurringMember, RecurringRun
from bancheng.recurring.services import detect_week, due_week, run_weekly
from tests.recurring.conftest import MONDAY_W48, MONDAY_W49, W47, W48, at

RULE = Rule(lookback_weeks=4, min_requesters=3, similarity=0.4)


def test_similar_cases_from_three_requesters_make_one_group_and_one_requester_five_times_does_not(weeks):
    _, cases = weeks
    found = detect_week(W47, now=MONDAY_W48, rule=RULE)
    assert (found.case_count, len(found.groups), found.new_groups) == (11, 1, 1)
    (group,) = RecurringGroup.objects.all()
    members = set(RecurringMember.objects.filter(group=group).values_list("case_id", flat=True))
    assert members == {cases[f"leaving{i}"].pk for i in range(4)}
    # four cases, three people: 林晓 asked twice with her phone written two ways
    assert (group.case_count, group.requester_count, group.status) == (4, 3, "new")
    assert {"离职", "证明"} <= set(group.terms) and group.label == "、".join(group.terms)
    assert group.trend == [0, 0, 1, 3] and group.first_week == group.week_start == W47


def test_the_group_row_keeps_no_phone_or_name(weeks):
    detect_week(W47, now=MONDAY_W48, rule=RULE)
    group = RecurringGroup.objects.values().get()
    stored = str(group) + str(list(RecurringRun.objects.values()))
    assert "1390000000" not in stored and "林晓" not in stored


def test_a_week_is_detected_once(weeks):
    first = detect_week(W47, now=MONDAY_W48, rule=RULE)
    again = detect_week(W47, now=MONDAY_W48, rule=RULE)
    assert not first.already and again.already
    assert RecurringRun.objects.count() == 1 and RecurringGroup.objects.count() == 1
    assert RecurringMember.objects.count() == 4
    assert Event.objects.filter(stream="recurring", action="detect_recurring").count() == 1


def test_a_dry_run_writes_nothing(weeks):
    found = detect_week(W47, now=MONDAY_W48, rule=RULE, dry_run=True)
    assert len(found.groups) == 1 and found.new_groups == 1
    assert not RecurringRun.objects.exists() and not RecurringGroup.objects.exists()
    assert not Message.objects.filter(template_code="recurring_groups_found").exists()


def test_the_center_office_is_told_once_about_new_groups(weeks):
    org, _ = weeks
    detect_week(W47, now=MONDAY_W48, rule=RULE)
    detect_week(W47, now=MONDAY_W48, rule=RULE)
    (message,) = Message.objects.filter(template_code="recurring_groups_found")
    assert message.recipient == org.office and message.channel == "in_app"
    assert message.subject == "新发现同类问题 2026年第47周（11月16日—22日）"
    assert "新发现1个同类问题" in message.body
    assert RecurringRun.objects.get().notified == 1


def test_a_group_found_again_the_next_week_is_updated_not_duplicated(weeks):
    org, _ = weeks
    detect_week(W47, now=MONDAY_W48, rule=RULE)
    group = RecurringGroup.objects.get()
    fifth = org.register(
        at(W48, 9), requester_name="郑和", requester_phone="13900000005", business="离职提取",
        problem="原单位注销了，离职证明开不出来，离职提取办不了",
    )  # fmt: skip
    found = detect_week(W48, now=MONDAY_W49, rule=RULE)
    assert (found.new_groups, found.continued_groups) == (0, 1)
    again = RecurringGroup.objects.get()
    assert again.pk == group.pk and again.week_start == W48 and again.first_week == W47
    assert (again.case_count, again.requester_count) == (5, 4)
    assert [h["week"] for h in again.history] == ["2026-W47", "2026-W48"]
    assert again.trend == [0, 1, 3, 1]
    assert RecurringMember.objects.filter(group=again).count() == 5
    assert RecurringMember.objects.get(group=again, case=fifth).last_week == W48
    # nothing new: no second message
    assert Message.objects.filter(template_code="recurring_groups_found").count() == 1


def test_a_dismissed_group_stays_dismissed_when_found_again(weeks):
    org, _ = weeks
    from bancheng.recurring.actions import dismiss_group

    detect_week(W47, now=MONDAY_W48, rule=RULE)
    dismiss_group(RecurringGroup.objects.get(), "政策已调整，无需处理", actor=org.office, now=MONDAY_W48)
    detect_week(W48, now=MONDAY_W49, rule=RULE)
    group = RecurringGroup.objects.get()
    assert group.status == "dismissed" and group.week_start == W48


def test_the_job_waits_for_monday_morning_then_detects_last_week_once(weeks):
    assert due_week(datetime(2026, 11, 23, 6, 59, tzinfo=TZ)) is None
    assert due_week(MONDAY_W48) == W47
    assert due_week(datetime(2026, 11, 26, 15, 0, tzinfo=TZ)) == W47
    job = jobs()["recurring_problems"]
    first = job.fn(MONDAY_W48)
    second = job.fn(datetime(2026, 11, 23, 8, 30, tzinfo=TZ))
    assert first["groups"] == 1 and first["new"] == 1 and first["already_detected"] == 0
    assert second["already_detected"] == 1
    assert RecurringRun.objects.get().week_start == W47


def test_the_job_dry_run_writes_nothing(weeks):
    counts = run_weekly(MONDAY_W48, dry_run=True)
    assert counts["groups"] == 1 and not RecurringRun.objects.exists()


@pytest.mark.django_db
def test_an_empty_window_records_a_run_without_groups():
    found = detect_week(W47, now=MONDAY_W48, rule=RULE)
    assert found.groups == [] and RecurringRun.objects.get().group_count == 0
