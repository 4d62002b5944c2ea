import pytest

from bancheng.cases import actions as act
from bancheng.domain.errors import DomainError, PermissionDenied
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)


def test_the_office_issues_a_numbered_notice_that_the_unit_answers(org):
    """Seed 000 四(三): 未按规定时限办结的事项，将由中心办公室向相关部门下达《问题督办单》."""
    case = org.in_handling(T0)
    assignment = case.assignments.get()
    notice = act.issue_supervision_notice(
        assignment, actor=org.office, content="超期未办结", requirement="两个工作日内书面答复", now=T0
    )
    assert notice.number == "DB-2026-0001" and notice.unit.code == "DEP-GJ"
    answer_deadline = case.deadlines.get(kind="notice_answer")
    act.answer_supervision_notice(notice, actor=org.unithead, answer="已安排专人办理", now=T0)
    notice.refresh_from_db()
    answer_deadline.refresh_from_db()
    assert notice.state == "answered" and answer_deadline.status == "met_on_time"


def test_only_the_office_or_customer_service_issues_notices(org):
    case = org.in_handling(T0)
    with pytest.raises(PermissionDenied):
        act.issue_supervision_notice(
            case.assignments.get(), actor=org.officer, content="x", requirement="y", now=T0
        )


def test_notice_numbers_follow_each_other_within_a_year(org):
    first = org.in_handling(T0)
    second = org.in_handling(T0)
    numbers = [
        act.issue_supervision_notice(
            c.assignments.get(), actor=org.office, content="超期", requirement="答复"
        ).number
        for c in (first, second)
    ]
    assert numbers[1][-4:] == "0002"


def test_escalation_climbs_to_the_directors_meeting_and_no_further(org):
    """Seed 000 五(三): 客户服务部逐级上报至领导小组副组长、组长."""
    case = org.in_handling(T0, case_class="general")
    for _ in range(3):
        act.escalate_case(case, actor=org.officer, reason="无法协调解决", now=T0)
    case.refresh_from_db()
    assert case.escalation_level == 3
    with pytest.raises(DomainError) as refused:
        act.escalate_case(case, actor=org.officer, reason="再提级", now=T0)
    assert refused.value.code == "case.escalation_top"


def test_a_special_problem_starts_at_customer_service(org):
    """Seed 000: 特殊问题……上报至领导小组办公室和客户服务部."""
    case = org.assessed(T0, "special")
    assert case.escalation_level == 2
