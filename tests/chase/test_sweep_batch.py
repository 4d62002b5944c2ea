"""The sweep's marking step works on batches of cases (set-based), still one event per case."""

import os
import threading
from datetime import timedelta

import pytest
from django.db import connections, transaction

from bancheng.audit.chain import verify_chain
from bancheng.audit.models import Event
from bancheng.cases import actions as act
from bancheng.cases import chase
from bancheng.cases.actions.chase import mark_deadlines_batch
from bancheng.cases.models import Case, SupervisionNotice
from bancheng.domain.errors import Conflict
from bancheng.notifications.models import Message
from tests.chase.test_sweep_chase import assignment_deadline, late, signed_case

on_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row locks across connections need PostgreSQL",
)


def test_a_batch_of_cases_gets_one_event_per_case_and_the_chain_verifies(org):
    cases = [signed_case(org) for _ in range(5)]
    before = Event.objects.filter(action="mark_deadlines").count()
    counts = chase.run_sweep(now=late(cases[0]))
    assert counts["cases"] == 5
    marks = Event.objects.filter(action="mark_deadlines")
    assert marks.count() - before == 5
    assert sorted(marks.values_list("case_id", flat=True).distinct()) == sorted(c.pk for c in cases)
    assert verify_chain().breach is None


def test_small_batches_give_the_same_events_as_one_batch(org):
    cases = [signed_case(org) for _ in range(5)]
    candidates = {c.pk: [assignment_deadline(c).pk] for c in cases}
    counts = mark_deadlines_batch(candidates, now=late(cases[0]), batch_size=2)
    assert counts["cases"] == 5 and counts["overdue"] == 5
    for case in cases:
        event = Event.objects.filter(case=case, action="mark_deadlines").get()
        assert event.data["deadlines"] == [
            {"id": assignment_deadline(case).pk, "kind": "assignment", "from": "on_track", "to": "overdue"}
        ]
    assert verify_chain().breach is None


def test_batch_reminders_are_written_once_per_deadline(org):
    cases = [signed_case(org) for _ in range(3)]
    soon = assignment_deadline(cases[0]).due_at - timedelta(minutes=30)
    chase.run_sweep(now=soon)
    first = Message.objects.filter(template_code="deadline_due_soon").count()
    assert first > 0
    chase.run_sweep(now=soon)
    assert Message.objects.filter(template_code="deadline_due_soon").count() == first


def test_the_batch_bumps_the_version_so_a_stale_form_is_refused(org):
    case = signed_case(org)
    shown = Case.objects.get(pk=case.pk).version
    mark_deadlines_batch({case.pk: [assignment_deadline(case).pk]}, now=late(case))
    assert Case.objects.get(pk=case.pk).version == shown + 1
    with pytest.raises(Conflict):
        act.rule_out_of_scope(
            case.pk, actor=org.officer, reason="petition", guidance="信访局", expected_version=shown
        )


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_case_locked_by_a_user_is_skipped_and_marked_by_the_next_sweep():
    from tests.support import make_org

    org = make_org("shenyang")
    busy, free = signed_case(org), signed_case(org)
    when = late(busy)
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        try:
            with transaction.atomic():
                Case.objects.select_for_update().get(pk=busy.pk)
                locked.set()
                release.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    locked.wait(30)
    try:
        first = chase.run_sweep(now=when)
    finally:
        release.set()
        holder.join()
    assert first["cases"] == 1
    assert not Event.objects.filter(case_id=busy.pk, action="mark_deadlines").exists()
    second = chase.run_sweep(now=when)
    assert second["cases"] == 1
    assert Event.objects.filter(case_id=busy.pk, action="mark_deadlines").count() == 1
    assert Event.objects.filter(case_id=free.pk, action="mark_deadlines").count() == 1
    assert verify_chain().breach is None


def statements_per_step(org, n: int) -> list[int]:
    """The statements of the sweeps that take ``n`` fresh cases through a reminder, an automatic notice and
    an escalation; everything is rolled back afterwards."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    with transaction.atomic():
        cases = [signed_case(org) for _ in range(n)]
        due = assignment_deadline(cases[0]).due_at
        for minute in (due - timedelta(hours=1), late(cases[0]), late(cases[0]) + timedelta(days=10)):
            with CaptureQueriesContext(connection) as run:
                done = chase.run_sweep(now=minute)
            assert sum(done.values()) > 0
            counts.append(len(run))
        assert SupervisionNotice.objects.filter(escalated_at__isnull=False).count() == n
        transaction.set_rollback(True)
    return counts


def test_the_statements_of_a_sweep_do_not_grow_with_the_cases_that_change(org):
    statements_per_step(org, 1)  # the policy and calendar caches are warm after this
    few, many = statements_per_step(org, 2), statements_per_step(org, 7)
    assert many == few
    assert max(few) <= 45
