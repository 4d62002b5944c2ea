import pytest

from bancheng.cases import actions as act
from bancheng.domain.deadlines import Limit, LimitUnit
from bancheng.domain.errors import DomainError, PermissionDenied
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)  # Monday
THREE_DAYS = Limit(3, LimitUnit.WORKING_DAYS)


def signed(org, now=T0):
    case = org.in_handling(now)
    assignment = case.assignments.get()
    act.sign_for_assignment(assignment, actor=org.handler, now=now)
    return case, assignment.deadlines.get()


def test_an_approved_extension_sets_a_new_deadline_and_keeps_the_old_one(org):
    _case, deadline = signed(org)
    old_due = deadline.due_at
    ext = act.request_extension(deadline, actor=org.handler, extra=THREE_DAYS, reason="需调取档案", now=T0)
    act.approve_extension(ext, actor=org.unithead, note="同意", now=T0)
    deadline.refresh_from_db()
    ext.refresh_from_db()
    assert old_due == shanghai(2026, 3, 9, 17, 0)
    assert deadline.due_at == shanghai(2026, 3, 12, 17, 0)
    assert (ext.state, ext.old_due_at, ext.new_due_at) == ("approved", old_due, deadline.due_at)
    assert deadline.original_due_at == old_due


def test_an_extension_can_only_be_requested_before_the_deadline(org):
    _, deadline = signed(org)
    with pytest.raises(DomainError) as refused:
        act.request_extension(
            deadline, actor=org.handler, extra=THREE_DAYS, reason="晚了", now=shanghai(2026, 3, 10, 9)
        )
    assert refused.value.code == "extension.too_late"


def test_a_handler_may_not_approve_an_extension(org):
    _, deadline = signed(org)
    ext = act.request_extension(deadline, actor=org.handler, extra=THREE_DAYS, reason="需调取档案", now=T0)
    with pytest.raises(PermissionDenied):
        act.approve_extension(ext, actor=org.handler, now=T0)


def test_a_rejected_extension_leaves_the_deadline(org):
    _, deadline = signed(org)
    ext = act.request_extension(deadline, actor=org.handler, extra=THREE_DAYS, reason="需调取档案", now=T0)
    act.reject_extension(ext, actor=org.unithead, note="时限内可以办结", now=T0)
    deadline.refresh_from_db()
    assert deadline.due_at == shanghai(2026, 3, 9, 17, 0) and deadline.extensions == []


def test_a_pause_needs_the_full_list_of_missing_materials(org):
    case = org.assessed(T0)
    with pytest.raises(DomainError) as refused:
        act.pause_case(case, actor=org.officer, missing_materials=[" "], now=T0)
    assert refused.value.code == "pause.materials_required"


def test_resuming_extends_the_deadline_by_the_working_time_the_pause_covered(org):
    """Shenyang keeps the period and adds the paused working time: paused Monday 09:00, resumed
    Wednesday 09:00 covers two working days (780 business minutes)."""
    case = org.assessed(T0)
    due_before = case.deadlines.get(kind="feedback").due_at
    act.pause_case(case, actor=org.officer, missing_materials=["身份证复印件"], now=T0)
    act.resume_case(case, actor=org.officer, now=shanghai(2026, 3, 4, 9, 0))
    deadline = case.deadlines.get(kind="feedback")
    assert due_before == shanghai(2026, 3, 9, 17, 0)
    assert deadline.pause_minutes == 780
    assert deadline.due_at == shanghai(2026, 3, 11, 17, 0)


def test_putuo_restarts_the_period_when_the_materials_are_complete(putuo_org):
    """Seed 004: 需在补齐相关材料或手续后，重新计算办理时间."""
    case = putuo_org.assessed(T0, "general")
    act.pause_case(case, actor=putuo_org.officer, missing_materials=["户口簿"], now=T0)
    act.resume_case(case, actor=putuo_org.officer, now=shanghai(2026, 3, 16, 10, 0))
    deadline = case.deadlines.get(kind="feedback")
    assert deadline.started_at == shanghai(2026, 3, 16, 10, 0)
    assert deadline.due_at == shanghai(2026, 3, 26, 17, 0)  # ten service days after Monday 03-16 (5+2 hall)


def test_a_paused_case_refuses_feedback(org):
    case = org.assessed(T0)
    act.pause_case(case, actor=org.officer, missing_materials=["身份证复印件"], now=T0)
    with pytest.raises(DomainError) as refused:
        act.give_feedback(case, actor=org.officer, feedback="已办", solved=True, now=T0)
    assert refused.value.code == "case.paused"
