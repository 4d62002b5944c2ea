import os
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connections

from bancheng.audit.models import Event
from bancheng.cases import actions as act
from bancheng.cases import chase
from bancheng.cases.models import SupervisionNotice
from bancheng.notifications.models import Message
from tests.support import make_org, shanghai

T0 = shanghai(2026, 3, 2, 9, 0)
on_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row locks across connections need PostgreSQL",
)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_issue_one_notice_and_one_escalation_per_case():
    org = make_org("shenyang")
    cases = []
    for _ in range(6):
        case = org.in_handling(T0)
        act.sign_for_assignment(case.assignments.get(), actor=org.handler, now=T0)
        cases.append(case)
    late = cases[0].deadlines.get(kind="assignment").due_at + timedelta(days=3)

    def sweep(when):
        try:
            return chase.run_sweep(now=when)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(sweep, [late, late]))
    assert sum(r["notices"] for r in runs) == 6
    assert [SupervisionNotice.objects.filter(case=c).count() for c in cases] == [1] * 6
    assert Message.objects.filter(template_code="deadline_due_soon").count() == 0  # straight to overdue

    answer_late = cases[0].deadlines.get(kind="notice_answer").due_at + timedelta(days=1)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(sweep, [answer_late, answer_late]))
    assert sum(r["escalations"] for r in runs) == 6
    assert Event.objects.filter(action="escalate_unanswered").count() == 6
