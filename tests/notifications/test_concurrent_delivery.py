"""Two delivery runs at once never send one message twice (row locks with SKIP LOCKED on PostgreSQL)."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections, transaction

from bancheng.notifications.jobs import deliver_messages
from bancheng.notifications.models import Message, MessageAttempt
from tests.support import make_org, shanghai

T0 = shanghai(2026, 3, 2, 9, 0)
on_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row locks across connections need PostgreSQL",
)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_message_locked_by_another_run_is_skipped_not_sent_again():
    org = make_org("shenyang")
    first, second = org.register(T0), org.register(T0, requester_phone="13900001111")
    locked, release = threading.Event(), threading.Event()

    def hold_first():
        try:
            with transaction.atomic():
                Message.objects.select_for_update().get(case=first)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_first)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        counts = deliver_messages(T0)
    finally:
        release.set()
        holder.join()
    assert (counts["due"], counts["sent"]) == (2, 1)
    assert Message.objects.get(case=second).state == "sent"
    assert Message.objects.get(case=first).state == "pending"


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_runs_send_every_message_exactly_once():
    org = make_org("shenyang")
    for i in range(20):
        org.register(T0, requester_name=f"诉求人{i}")

    def run(_):
        try:
            return deliver_messages(T0)["sent"]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        sent = sum(pool.map(run, range(4)))
    assert sent == 20
    assert MessageAttempt.objects.count() == 20
    assert not Message.objects.exclude(state="sent").exists()
