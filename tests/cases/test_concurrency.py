import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from bancheng.cases import actions as act
from bancheng.cases.models import Case
from bancheng.domain.errors import Conflict
from tests.support import make_org, shanghai

T0 = shanghai(2026, 3, 2, 9, 0)
on_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row locks across connections need PostgreSQL",
)


def test_a_stale_edit_is_refused_as_a_conflict_and_writes_nothing(org):
    case = org.register(T0)
    shown = case.version
    act.assess_case(
        case,
        actor=org.officer,
        category="withdrawal",
        nature="service",
        case_class="general",
        disposal="transfer",
        expected_version=shown,
    )
    with pytest.raises(Conflict) as refused:
        act.rule_out_of_scope(
            case.pk, actor=org.officer2, reason="petition", guidance="信访局", expected_version=shown
        )
    assert refused.value.code == "case.conflict" and refused.value.status == 409
    case.refresh_from_db()
    assert case.state == "assessed"


def _in_thread(fn):
    def run(*args):
        try:
            return fn(*args)
        finally:
            connections.close_all()

    return run


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_get_unique_gap_free_numbers():
    org = make_org("shenyang")

    @_in_thread
    def register(i):
        return org.register(T0, requester_name=f"诉求人{i}").number

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(register, range(40)))
    assert sorted(numbers) == [f"SY-HQ-2026-{n:05d}" for n in range(1, 41)]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_editing_the_same_version_one_wins_and_the_other_gets_a_conflict():
    org = make_org("shenyang")
    case = org.register(T0)
    shown = case.version

    @_in_thread
    def edit(reason):
        try:
            act.rule_out_of_scope(
                case.pk, actor=org.officer, reason="petition", guidance=reason, expected_version=shown
            )
            return "ok"
        except Conflict:
            return "conflict"

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(edit, ["甲", "乙"]))
    assert results == ["conflict", "ok"]
    assert Case.objects.get(pk=case.pk).version == shown + 1
    assert connection.vendor == "postgresql"
