import pytest

from bancheng.audit.models import Event
from bancheng.cases import actions as act
from bancheng.domain.deadlines import Limit, LimitUnit
from bancheng.domain.errors import DomainError, PermissionDenied
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)  # Monday


def test_transfer_to_two_units_creates_an_assignment_per_unit_with_its_own_limit(org):
    case = org.assessed(T0)
    act.transfer_case(
        case,
        actor=org.officer,
        to=[
            act.TransferTo(org.unit("DEP-GJ").pk, "核实缴存记录"),
            act.TransferTo(org.unit("DEP-XD").pk, "说明贷款审批进度", Limit(2, LimitUnit.WORKING_DAYS)),
        ],
        now=T0,
    )
    case.refresh_from_db()
    limits = {a.unit.code: (a.limit_amount, a.state) for a in case.assignments.select_related("unit")}
    assert limits == {"DEP-GJ": (5, "pending"), "DEP-XD": (2, "pending")}
    assert case.state == "handling"
    event = Event.objects.filter(case=case).latest("seq")
    assert event.action == "transfer" and len(event.data["assignments"]) == 2


def test_the_first_transfer_meets_the_prompt_transfer_deadline(org):
    case = org.in_handling(T0)
    assert case.deadlines.get(kind="prompt_transfer").status == "met_on_time"


def test_the_assignment_clock_starts_when_the_unit_signs_for_it(org):
    case = org.in_handling(T0)
    assignment = case.assignments.get()
    assert assignment.deadlines.count() == 0
    act.sign_for_assignment(assignment, actor=org.handler, now=shanghai(2026, 3, 3, 10, 0))
    deadline = assignment.deadlines.get()
    assert deadline.started_at == shanghai(2026, 3, 3, 10, 0)
    assert deadline.due_at == shanghai(2026, 3, 10, 17, 0)  # five working days after Tuesday 03-03


def test_a_unit_may_not_sign_for_another_units_assignment(org):
    case = org.in_handling(T0, "DEP-XD")
    with pytest.raises(PermissionDenied) as refused:
        act.sign_for_assignment(case.assignments.get(), actor=org.handler, now=T0)
    assert refused.value.code == "auth.other_unit"


def test_a_returned_assignment_is_rerouted_by_a_new_transfer(org):
    case = org.in_handling(T0)
    assignment = case.assignments.get()
    act.return_assignment(assignment, actor=org.handler, reason="不属于本部门职责", now=T0)
    act.transfer_case(case, actor=org.officer, to=[act.TransferTo(org.unit("DEP-XD").pk, "请办理")], now=T0)
    states = dict(case.assignments.values_list("unit__code", "state"))
    assert states == {"DEP-GJ": "returned", "DEP-XD": "pending"}


def test_returning_without_a_reason_is_refused(org):
    case = org.in_handling(T0)
    with pytest.raises(DomainError) as refused:
        act.return_assignment(case.assignments.get(), actor=org.handler, reason=" ", now=T0)
    assert refused.value.code == "assignment.reason_required"


def test_a_unit_with_an_open_assignment_cannot_be_given_a_second_one(org):
    case = org.in_handling(T0)
    with pytest.raises(DomainError) as refused:
        act.transfer_case(case, actor=org.officer, to=[act.TransferTo(org.unit("DEP-GJ").pk, "再次")], now=T0)
    assert refused.value.code == "case.unit_already_assigned"


def test_a_resolution_meets_the_assignment_deadline_late_when_past_due(org):
    case = org.in_handling(T0, case_class="general")
    assignment = case.assignments.get()
    act.sign_for_assignment(assignment, actor=org.handler, now=T0)
    act.record_resolution(assignment, actor=org.handler, resolution="已更正", now=shanghai(2026, 3, 4, 9, 0))
    assert assignment.deadlines.get().status == "met_late"


def test_feedback_is_refused_while_an_assignment_is_open(org):
    case = org.in_handling(T0)
    with pytest.raises(DomainError) as refused:
        act.give_feedback(case, actor=org.officer, feedback="已办结", solved=True, now=T0)
    assert refused.value.code == "case.assignments_open"


def test_urging_counts_on_the_assignment_and_leaves_an_event(org):
    case = org.in_handling(T0)
    assignment = act.urge_unit(case.assignments.get(), actor=org.officer, note="电话催办", now=T0)
    assert assignment.urge_count == 1
    assert Event.objects.filter(case=case, action="urge").count() == 1
