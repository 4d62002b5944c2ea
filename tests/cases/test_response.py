"""Seed 000 五(四) 及时响应机制: 办理专员在10分钟内将相关部门人员召集至窗口协调办理."""

import pytest

from bancheng.cases import actions as act
from bancheng.domain.errors import DomainError
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 11, 25)  # five minutes before the lunch break


def test_summoning_a_unit_gives_it_ten_business_minutes(org):
    case = org.register(T0)
    act.summon_to_window(
        case, actor=org.officer, unit_id=org.unit("DEP-GJ").pk, reason="需业务主管审批", now=T0
    )
    response = case.deadlines.get(kind="response")
    assert response.due_at == shanghai(2026, 3, 2, 13, 35)  # lunch does not count


def test_staff_arriving_in_time_meet_the_response_on_time(org):
    case = org.register(T0)
    act.summon_to_window(
        case, actor=org.officer, unit_id=org.unit("DEP-GJ").pk, reason="需业务主管审批", now=T0
    )
    act.record_arrival(case, actor=org.officer, arrived="业务主管王某", now=shanghai(2026, 3, 2, 13, 33))
    assert case.deadlines.get(kind="response").status == "met_on_time"


def test_staff_arriving_late_meet_the_response_late(org):
    case = org.register(T0)
    act.summon_to_window(
        case, actor=org.officer, unit_id=org.unit("DEP-GJ").pk, reason="需业务主管审批", now=T0
    )
    act.record_arrival(case, actor=org.officer, arrived="业务主管王某", now=shanghai(2026, 3, 2, 14, 0))
    assert case.deadlines.get(kind="response").status == "met_late"


def test_an_arrival_without_a_summons_is_refused(org):
    case = org.register(T0)
    with pytest.raises(DomainError) as refused:
        act.record_arrival(case, actor=org.officer, arrived="王某", now=T0)
    assert refused.value.code == "case.not_summoned"


def test_a_second_summons_while_one_is_open_is_refused(org):
    case = org.register(T0)
    act.summon_to_window(case, actor=org.officer, unit_id=org.unit("DEP-GJ").pk, reason="审批", now=T0)
    with pytest.raises(DomainError) as refused:
        act.summon_to_window(case, actor=org.officer, unit_id=org.unit("DEP-GJ").pk, reason="审批", now=T0)
    assert refused.value.code == "case.already_summoned"
