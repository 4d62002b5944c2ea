"""The SQL of bancheng.stats.queries gives the numbers of the definitions in bancheng.domain.kpi: random case
histories are built through the real actions, then every KPI under every grouping is computed both ways on
the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bancheng.calendars.services import get_calendar
from bancheng.cases import actions as act
from bancheng.cases.models import Case
from bancheng.domain.errors import DomainError
from bancheng.domain.kpi import (
    CaseFacts,
    DeadlineFacts,
    Grouping,
    Kpi,
    NoticeFacts,
    Period,
    PeriodKind,
    Ratio,
    VisitFacts,
    measure,
)
from bancheng.org.choices import Role
from bancheng.stats import queries
from tests.support import shanghai

BASE = shanghai(2026, 4, 20, 9)  # a Monday; histories run into July, around the periods measured
AS_OF = shanghai(2026, 6, 15, 12)
PERIODS = [Period.of(PeriodKind.MONTH, date(2026, 5, 1)), Period.of(PeriodKind.QUARTER, date(2026, 5, 1))]
SATISFIED = ("satisfied", "basically_satisfied")
UNITS = {"DEP-1": "handler", "EXT-TAX": "handler2", "EXT-BANK": "handler3"}


@dataclass(frozen=True)
class History:
    day: int
    hour: int
    officer: int
    channel: str
    path: str
    category: int
    nature: int
    case_class: str
    transfer_delay: int
    units: tuple[str, ...]
    sign_delay: int
    resolve_delays: tuple[int, ...]
    notice: bool
    feedback_delay: int
    visit: bool
    contacted: bool
    solved: bool
    satisfaction: str
    close: bool


histories = st.builds(
    History,
    day=st.integers(0, 70),
    hour=st.integers(9, 16),
    officer=st.integers(0, 2),
    channel=st.sampled_from(["onsite", "phone", "online", "hotline"]),
    path=st.sampled_from(
        ["transfer", "transfer", "transfer", "on_the_spot", "out_of_scope", "withdraw", "stop"]
    ),
    category=st.integers(0, 2),
    nature=st.integers(0, 1),
    case_class=st.sampled_from(["general", "difficult", "special"]),
    transfer_delay=st.integers(0, 2),
    units=st.lists(st.sampled_from(sorted(UNITS)), min_size=1, max_size=2, unique=True).map(tuple),
    sign_delay=st.integers(0, 2),
    resolve_delays=st.tuples(st.integers(0, 14), st.integers(0, 14)),
    notice=st.booleans(),
    feedback_delay=st.integers(0, 3),
    visit=st.booleans(),
    contacted=st.booleans(),
    solved=st.booleans(),
    satisfaction=st.sampled_from(["satisfied", "basically_satisfied", "unsatisfied"]),
    close=st.booleans(),
)


def attempt(step, *args, **kwargs):
    """A move the lifecycle refuses writes nothing; the history simply goes on without it."""
    try:
        return step(*args, **kwargs)
    except DomainError:
        return None


def build(org, officers, h: History) -> int:
    officer = officers[h.officer]
    at = BASE + timedelta(days=h.day, hours=h.hour - 9)
    case = act.register_case(
        actor=officer,
        now=at,
        channel=h.channel,
        requester_name="张三",
        requester_phone="13812345678",
        business="住房公积金提取",
        problem="提取申请被退回",
    )
    if h.path == "out_of_scope":
        act.rule_out_of_scope(case, actor=officer, reason="petition", guidance="请到信访部门反映", now=at)
        return case.pk
    if h.path == "stop":
        return case.pk
    policy_categories = ["deposit", "withdrawal", "loan"]
    act.assess_case(
        case,
        actor=officer,
        category=policy_categories[h.category],
        nature=["service", "policy"][h.nature],
        case_class=h.case_class,
        disposal="on_the_spot" if h.path == "on_the_spot" else "transfer",
        now=at,
    )
    if h.path == "on_the_spot":
        act.resolve_on_the_spot(case, actor=officer, resolution="当场办结", now=at + timedelta(minutes=30))
        at += timedelta(minutes=30)
    else:
        at += timedelta(days=h.transfer_delay, minutes=5)
        assignments = act.transfer_case(
            case, actor=officer, to=[act.TransferTo(org.unit(u).pk, "请核实并答复") for u in h.units], now=at
        )
        if h.path == "withdraw":
            act.withdraw_case(case, actor=officer, reason="诉求人撤回", now=at + timedelta(hours=1))
            return case.pk
        done = at
        for assignment, unit, delay in zip(assignments, h.units, h.resolve_delays, strict=False):
            handler = org.people[UNITS[unit]]
            signed = at + timedelta(days=h.sign_delay)
            act.sign_for_assignment(assignment, actor=handler, now=signed)
            if h.notice:
                act.issue_supervision_notice(
                    assignment, actor=org.office, content="请按期办结", requirement="两日内答复", now=signed
                )
            resolved = signed + timedelta(days=delay)
            act.record_resolution(assignment, actor=handler, resolution="已办理", now=resolved)
            done = max(done, resolved)
        at = done + timedelta(days=h.feedback_delay)
        act.give_feedback(case, actor=officer, feedback="已告知结果", solved=True, now=at)
    if h.visit:
        at += timedelta(days=1)
        act.record_visit(
            case,
            actor=officer,
            contacted=h.contacted,
            solved=h.solved,
            satisfaction=h.satisfaction,
            now=at,
        )
        if h.close:
            attempt(act.close_case, case, actor=officer, compliance_reason="答复符合政策", now=at)
    return case.pk


def facts_of(ids: list[int]) -> list[CaseFacts]:
    """The definitions' facts, read row by row from the same records the SQL aggregates."""
    found = Case.objects.filter(pk__in=ids).prefetch_related("deadlines", "assignments", "visits", "notices")
    return [
        CaseFacts(
            registered_at=c.registered_at,
            state=c.state,
            branch=c.branch_id,
            officer=c.officer_id,
            channel=c.channel,
            category=c.category,
            nature=c.nature,
            case_class=c.case_class,
            out_of_scope=bool(c.out_of_scope_reason),
            feedback_at=c.feedback_at,
            visited_at=c.visited_at,
            closed_at=c.closed_at,
            units=frozenset(a.unit_id for a in c.assignments.all()),
            deadlines=tuple(
                DeadlineFacts(
                    d.kind,
                    d.due_at,
                    d.met_at,
                    d.cancelled_at is not None,
                    d.assignment.unit_id if d.assignment_id else None,
                )
                for d in c.deadlines.all()
            ),
            visits=tuple(
                VisitFacts(v.visited_at, v.contacted, v.solved, v.satisfaction) for v in c.visits.all()
            ),
            notices=tuple(NoticeFacts(n.issued_at, n.unit_id) for n in c.notices.all()),
        )
        for c in found
    ]


@pytest.fixture
def officers(org):
    from bancheng.org.models import Staff

    other = Staff.objects.create_user(
        username="officer-hp", password="x", role=Role.CASE_OFFICER, unit=org.unit("HP"), full_name="和平专员"
    )
    return [org.officer, org.officer2, other]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(histories, min_size=1, max_size=5))
def test_every_kpi_in_sql_equals_its_definition_on_random_case_histories(org, officers, histories):
    ids = [build(org, officers, h) for h in histories]
    scope = Case.objects.filter(pk__in=ids)
    facts = facts_of(ids)
    days = get_calendar().working_days_between
    for period in PERIODS:
        for kpi in Kpi:
            for grouping in Grouping:
                options = {"as_of": AS_OF, "grouping": grouping, "satisfied": SATISFIED, "working_days": days}
                expected = measure(kpi, facts, period, **options)
                assert queries.measure(kpi, scope, period, **options) == expected, (kpi, grouping, period)


def test_the_property_test_sees_every_kind_of_item(org, officers):
    """A guard on the generator: one fixed history holds every kind of item the KPIs count."""
    h = History(
        day=16, hour=10, officer=2, channel="hotline", path="transfer", category=1, nature=0,
        case_class="general", transfer_delay=1, units=("DEP-1", "EXT-TAX"), sign_delay=0,
        resolve_delays=(0, 3), notice=True, feedback_delay=0, visit=True, contacted=True, solved=False,
        satisfaction="satisfied", close=True,
    )  # fmt: skip
    ids = [build(org, officers, h)]
    (fact,) = facts_of(ids)
    assert fact.state == "closed" and len(fact.units) == 2 and fact.notices and fact.visits
    assert {d.kind for d in fact.deadlines} >= {"prompt_transfer", "feedback", "assignment"}
    period = PERIODS[0]
    on_time = queries.measure(Kpi.PROMPT_TRANSFER, Case.objects.filter(pk__in=ids), period, as_of=AS_OF)
    assert on_time == measure(Kpi.PROMPT_TRANSFER, [fact], period, as_of=AS_OF)
    assert on_time[None] == Ratio(0, 1)  # registered Wednesday 6 May, transferred the next day: late
