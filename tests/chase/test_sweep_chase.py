"""The sweep chases late cases by itself: reminders before a deadline, the automatic supervision notice, the
escalation of an unanswered notice, the alert of a missed 10-minute response. Every test drives the clock."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.management import call_command

from bancheng.audit.models import Event
from bancheng.cases import actions as act
from bancheng.cases import chase
from bancheng.cases.actions import chase as chase_actions
from bancheng.cases.models import Case, Deadline, SupervisionNotice
from bancheng.notifications.models import Message
from bancheng.policies.services import active_policy_version, policy_of, publish_policy
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)  # a Monday


def signed_case(org, now=T0) -> Case:
    case = org.in_handling(now)
    act.sign_for_assignment(case.assignments.get(), actor=org.handler, now=now)
    return case


def assignment_deadline(case: Case) -> Deadline:
    return case.deadlines.get(kind="assignment")


def late(case: Case):
    """A minute on the next working morning after the assignment deadline: it is overdue."""
    return assignment_deadline(case).due_at + timedelta(days=3)


def messages(template: str) -> list[tuple[str, str]]:
    rows = Message.objects.filter(template_code=template).select_related("recipient").order_by("pk")
    return [(m.channel, m.recipient.username if m.recipient else m.to_phone) for m in rows]


def test_a_deadline_going_due_soon_reminds_the_handler_and_the_officer_once(org):
    case = signed_case(org)
    soon = assignment_deadline(case).due_at - timedelta(hours=1)
    chase.run_sweep(now=soon)
    assert assignment_deadline(case).status == "due_soon"
    assert ("in_app", "handler") in messages("deadline_due_soon")
    assert ("in_app", "officer") in messages("deadline_due_soon")
    before = Message.objects.count()
    chase.run_sweep(now=soon + timedelta(minutes=30))
    assert Message.objects.count() == before


def test_a_reminder_also_goes_by_sms_to_a_handler_with_a_phone(org):
    org.handler.phone = "13900001111"
    org.handler.save(update_fields=["phone"])
    case = signed_case(org)
    chase.run_sweep(now=assignment_deadline(case).due_at - timedelta(hours=1))
    sms = Message.objects.get(template_code="deadline_due_soon", channel="sms")
    assert sms.to_phone == "13900001111" and case.number in sms.body


def test_an_unsigned_assignment_reminds_its_unit_handlers_and_head(org):
    case = org.in_handling(T0)  # not signed for: only the case's feedback deadline runs
    chase.run_sweep(now=case.deadlines.get(kind="feedback").due_at - timedelta(hours=1))
    assert messages("deadline_due_soon") == [("in_app", "officer")]


def test_an_overdue_assignment_gets_one_automatic_notice_from_the_center_office(org):
    case = signed_case(org)
    counts = chase.run_sweep(now=late(case))
    notice = SupervisionNotice.objects.get(case=case)
    assert counts["notices"] == 1
    assert notice.number == "DB-2026-0001" and notice.unit.code == "DEP-GJ"
    assert notice.issued_by is None and notice.overdue_deadline == assignment_deadline(case)
    event = Event.objects.get(case=case, action="supervise_overdue")
    assert event.actor is None and event.data["notice"] == notice.number and event.data["automatic"]
    assert case.deadlines.get(kind="notice_answer").status == "on_track"
    assert messages("notice_issued") == [("in_app", "unithead")]
    chase.run_sweep(now=late(case) + timedelta(days=1))
    assert SupervisionNotice.objects.filter(case=case).count() == 1


def test_no_automatic_notice_when_the_policy_says_not(org):
    publish_policy(replace(policy_of(active_policy_version().pk), supervision_after_overdue=False))
    case = signed_case(org)
    assert chase.run_sweep(now=late(case))["notices"] == 0
    assert assignment_deadline(case).status == "overdue"
    assert not SupervisionNotice.objects.exists()


def test_a_notice_the_office_issued_by_hand_after_the_deadline_is_not_doubled(org):
    case = signed_case(org)
    when = late(case)
    chase.run_sweep(now=assignment_deadline(case).due_at - timedelta(hours=1))
    act.issue_supervision_notice(
        case.assignments.get(), actor=org.office, content="超期", requirement="答复", now=when
    )
    chase.run_sweep(now=when + timedelta(minutes=1))
    assert SupervisionNotice.objects.filter(case=case).count() == 1


def test_an_unanswered_notice_escalates_the_case_once(org):
    case = signed_case(org)
    level = case.escalation_level
    chase.run_sweep(now=late(case))
    answer_due = case.deadlines.get(kind="notice_answer").due_at
    counts = chase.run_sweep(now=answer_due + timedelta(days=1))
    case.refresh_from_db()
    assert counts["escalations"] == 1 and case.escalation_level == level + 1
    event = Event.objects.get(case=case, action="escalate_unanswered")
    assert event.data["reason"] == "督办单逾期未答复" and event.after == {"escalation_level": level + 1}
    assert SupervisionNotice.objects.get(case=case).escalated_at is not None
    assert messages("notice_unanswered_escalated") == [("in_app", "officer"), ("in_app", "unithead")]
    assert chase.run_sweep(now=answer_due + timedelta(days=2))["escalations"] == 0
    case.refresh_from_db()
    assert case.escalation_level == level + 1


def test_an_answered_notice_does_not_escalate(org):
    case = signed_case(org)
    chase.run_sweep(now=late(case))
    notice = SupervisionNotice.objects.get(case=case)
    act.answer_supervision_notice(notice, actor=org.unithead, answer="已落实", now=late(case))
    chase.run_sweep(now=late(case) + timedelta(days=10))
    assert not Event.objects.filter(action="escalate_unanswered").exists()


def test_escalation_stops_at_the_top_level(org):
    case = signed_case(org)
    while case.escalation_level < 3:
        act.escalate_case(case, actor=org.officer, reason="无法协调", now=T0)
    chase.run_sweep(now=late(case))
    answer_due = case.deadlines.get(kind="notice_answer").due_at
    assert chase.run_sweep(now=answer_due + timedelta(days=1))["escalations"] == 0
    case.refresh_from_db()
    assert case.escalation_level == 3
    assert Event.objects.get(case=case, action="escalate_unanswered").data["capped"] is True
    assert SupervisionNotice.objects.get(case=case).escalated_at is not None


def test_a_missed_response_alerts_the_summoned_unit_once(org):
    case = org.assessed(T0)
    act.summon_to_window(case, actor=org.officer, unit_id=org.unit("DEP-GJ").pk, reason="需审批", now=T0)
    chase.run_sweep(now=T0 + timedelta(minutes=11))
    assert case.deadlines.get(kind="response").status == "overdue"
    assert messages("response_overdue") == [("in_app", "handler"), ("in_app", "unithead")]
    assert "DEP-GJ" not in Message.objects.filter(template_code="response_overdue").first().body
    chase.run_sweep(now=T0 + timedelta(minutes=30))
    assert len(messages("response_overdue")) == 2


def test_a_response_in_time_alerts_nobody(org):
    case = org.assessed(T0)
    act.summon_to_window(case, actor=org.officer, unit_id=org.unit("DEP-GJ").pk, reason="需审批", now=T0)
    act.record_arrival(case, actor=org.officer, arrived="王科长", now=T0 + timedelta(minutes=8))
    chase.run_sweep(now=T0 + timedelta(minutes=11))
    assert messages("response_overdue") == []


def test_a_case_going_late_gets_one_reminder_one_notice_one_escalation(org):
    case = signed_case(org)
    due = assignment_deadline(case).due_at
    minutes = [
        due - timedelta(hours=2),
        due - timedelta(hours=1),
        late(case),
        late(case) + timedelta(hours=1),
    ]
    for minute in minutes:
        chase.run_sweep(now=minute)
    answer_due = case.deadlines.get(kind="notice_answer").due_at
    for minute in (
        answer_due - timedelta(hours=1),
        answer_due + timedelta(days=1),
        answer_due + timedelta(days=2),
    ):
        chase.run_sweep(now=minute)
    reminders = Message.objects.filter(template_code="deadline_due_soon", case=case, recipient=org.handler)
    assert reminders.count() == 2  # the assignment's, and later the notice answer's
    assert SupervisionNotice.objects.filter(case=case).count() == 1
    assert Event.objects.filter(case=case, action="escalate_unanswered").count() == 1


def test_two_sweeps_for_the_same_minute_add_nothing(org):
    cases = [signed_case(org) for _ in range(3)]
    minute = late(cases[0])
    first = chase.run_sweep(now=minute)
    assert first["notices"] == 3
    events, notices, sent = Event.objects.count(), SupervisionNotice.objects.count(), Message.objects.count()
    second = chase.run_sweep(now=minute)
    assert second == {"cases": 0, "due_soon": 0, "overdue": 0, "notices": 0, "escalations": 0, "refused": 0}
    assert (Event.objects.count(), SupervisionNotice.objects.count(), Message.objects.count()) == (
        events,
        notices,
        sent,
    )


def dying_batch(n: int, step):
    calls = {"n": 0}

    def batch_that_dies(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise RuntimeError("the sweep process died")
        return step(*args, **kwargs)

    return batch_that_dies


def test_a_sweep_that_dies_half_way_is_finished_by_the_rerun(org, monkeypatch):
    real_supervise = chase_actions._supervise_batch
    cases = [signed_case(org) for _ in range(4)]
    minute = late(cases[0])
    monkeypatch.setattr(chase, "BATCH", 2)  # two cases per transaction: the second batch dies
    monkeypatch.setattr(chase_actions, "_supervise_batch", dying_batch(2, chase_actions._supervise_batch))
    with pytest.raises(RuntimeError):
        chase.run_sweep(now=minute)
    assert SupervisionNotice.objects.count() == 2
    monkeypatch.setattr(chase_actions, "_supervise_batch", real_supervise)
    assert chase.run_sweep(now=minute)["notices"] == 2
    assert [SupervisionNotice.objects.filter(case=c).count() for c in cases] == [1, 1, 1, 1]

    answer_due = cases[0].deadlines.get(kind="notice_answer").due_at + timedelta(days=1)
    monkeypatch.setattr(chase_actions, "_escalate_batch", dying_batch(2, chase_actions._escalate_batch))
    with pytest.raises(RuntimeError):
        chase.run_sweep(now=answer_due)
    assert Event.objects.filter(action="escalate_unanswered").count() == 2
    monkeypatch.undo()
    chase.run_sweep(now=answer_due)
    chase.run_sweep(now=answer_due)
    levels = Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("escalation_level", flat=True)
    assert list(levels) == [cases[0].escalation_level + 1] * 4
    assert Event.objects.filter(action="escalate_unanswered").count() == 4


def test_the_sweep_selects_with_a_fixed_number_of_queries_when_nothing_is_due(
    org, django_assert_max_num_queries
):
    for _ in range(5):
        signed_case(org)
    with django_assert_max_num_queries(12):
        assert chase.run_sweep(now=T0 + timedelta(minutes=5))["cases"] == 0
    for _ in range(20):
        signed_case(org)
    with django_assert_max_num_queries(12):
        assert chase.run_sweep(now=T0 + timedelta(minutes=5))["cases"] == 0


def test_the_sweep_command_prints_counts_and_a_second_run_prints_zeros(org, capsys):
    case = signed_case(org)
    at = late(case).isoformat()
    call_command("sweep", "--at", at)
    assert "1 notices" in capsys.readouterr().out
    call_command("sweep", "--at", at)
    assert "0 cases, 0 due soon, 0 overdue, 0 notices, 0 escalations" in capsys.readouterr().out


def test_due_soon_deadlines_are_not_revisited_until_they_fall_due(org, django_assert_max_num_queries):
    cases = [signed_case(org) for _ in range(5)]
    soon = assignment_deadline(cases[0]).due_at - timedelta(hours=2)
    assert chase.run_sweep(now=soon)["due_soon"] == 10  # each case's feedback and assignment deadlines
    with django_assert_max_num_queries(12):
        assert chase.run_sweep(now=soon + timedelta(minutes=30))["cases"] == 0
    assert chase.run_sweep(now=late(cases[0]))["overdue"] == 10


def test_the_automatic_notice_form_names_the_center_office_as_issuer(org):
    from bancheng.documents.fields import supervision_notice_fields

    case = signed_case(org)
    chase.run_sweep(now=late(case))
    notice = SupervisionNotice.objects.get(case=case)
    form = supervision_notice_fields(case, policy_of(case.policy_version_id), notice)
    assert form.values["issued_by"] == "中心办公室（系统自动督办）"


def test_the_jobs_dry_run_counts_the_notices_due_and_writes_nothing(org):
    from bancheng.cases.jobs import sweep_deadlines
    from bancheng.cases.recompute import mark_deadlines

    case = signed_case(org)
    mark_deadlines(now=late(case))  # overdue, the notice not issued yet
    events = Event.objects.count()
    assert sweep_deadlines(late(case), dry_run=True) == {"notices": 1, "escalations": 0}
    assert Event.objects.count() == events and not SupervisionNotice.objects.exists()


def test_a_supervised_late_assignment_is_not_a_candidate_of_the_next_sweep(org):
    case = signed_case(org)
    minute = late(case)
    chase.run_sweep(now=minute)
    assert assignment_deadline(case).supervised_at == minute
    assert list(chase.assignments_to_supervise()) == []


def test_each_batched_event_bumps_the_case_version_by_one(org):
    case = signed_case(org)
    chase.run_sweep(now=late(case))
    answer_due = case.deadlines.get(kind="notice_answer").due_at + timedelta(days=1)
    before, events = Case.objects.get(pk=case.pk).version, Event.objects.filter(case=case).count()
    chase.run_sweep(now=answer_due)
    added = Event.objects.filter(case=case).count() - events
    assert Event.objects.filter(case=case, action="escalate_unanswered").count() == 1
    assert Case.objects.get(pk=case.pk).version == before + added
