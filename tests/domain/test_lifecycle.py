import pytest

from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import (
    AssignmentState,
    CaseAction,
    CaseState,
    allowed_actions,
    check_closing_rule,
    check_escalation,
    check_feedback_basis,
    check_feedback_ready,
    next_assignment_state,
    next_state,
)

S, A = CaseState, CaseAction
THREE_LEVELS = frozenset({"satisfied", "basically_satisfied"})


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        (S.REGISTERED, A.ASSESS, S.ASSESSED),
        (S.REGISTERED, A.RULE_OUT_OF_SCOPE, S.OUT_OF_SCOPE),
        (S.ASSESSED, A.RESOLVE_ON_THE_SPOT, S.ANSWERED),
        (S.ASSESSED, A.TRANSFER, S.HANDLING),
        (S.HANDLING, A.TRANSFER, S.HANDLING),
        (S.HANDLING, A.GIVE_FEEDBACK, S.ANSWERED),
        (S.HANDLING, A.FILE_NEGATIVE, S.ANSWERED),
        (S.ANSWERED, A.RECORD_VISIT, S.VISITED),
        (S.VISITED, A.CLOSE, S.CLOSED),
        (S.VISITED, A.REOPEN, S.HANDLING),
        (S.CLOSED, A.REOPEN, S.HANDLING),
        (S.CLOSED, A.ARCHIVE, S.ARCHIVED),
        (S.OUT_OF_SCOPE, A.ARCHIVE, S.ARCHIVED),
        (S.WITHDRAWN, A.ARCHIVE, S.ARCHIVED),
        (S.HANDLING, A.WITHDRAW, S.WITHDRAWN),
        (S.HANDLING, A.ESCALATE, S.HANDLING),
    ],
)
def test_the_table_moves_a_case_along_the_lifecycle(state, action, expected):
    assert next_state(action, state) is expected


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (S.REGISTERED, A.TRANSFER),
        (S.REGISTERED, A.GIVE_FEEDBACK),
        (S.ASSESSED, A.CLOSE),
        (S.HANDLING, A.CLOSE),
        (S.ANSWERED, A.CLOSE),
        (S.CLOSED, A.TRANSFER),
        (S.ARCHIVED, A.REOPEN),
        (S.ARCHIVED, A.REFER),
        (S.OUT_OF_SCOPE, A.TRANSFER),
        (S.HANDLING, A.ARCHIVE),
    ],
)
def test_an_impossible_move_is_refused_with_a_stable_code_and_a_chinese_message(state, action):
    with pytest.raises(DomainError) as refused:
        next_state(action, state)
    assert refused.value.code == "case.action_not_allowed"
    assert state.label in refused.value.message


def test_registering_twice_is_refused():
    with pytest.raises(DomainError):
        next_state(A.REGISTER, S.REGISTERED)


def test_nothing_but_resume_withdraw_refer_and_escalation_moves_a_paused_case():
    allowed = set(allowed_actions(S.HANDLING, paused=True))
    assert A.RESUME in allowed and A.WITHDRAW in allowed and A.ESCALATE in allowed
    assert A.TRANSFER not in allowed and A.GIVE_FEEDBACK not in allowed and A.PAUSE not in allowed
    with pytest.raises(DomainError) as refused:
        next_state(A.GIVE_FEEDBACK, S.HANDLING, paused=True)
    assert refused.value.code == "case.paused"


def test_resuming_a_case_that_is_not_paused_is_refused():
    with pytest.raises(DomainError) as refused:
        next_state(A.RESUME, S.HANDLING, paused=False)
    assert refused.value.code == "case.not_paused"


def test_an_archived_case_allows_no_action_at_all():
    assert allowed_actions(S.ARCHIVED) == []


def test_a_unit_signs_for_a_pending_assignment_and_then_records_its_resolution():
    signed = next_assignment_state(A.SIGN_FOR, AssignmentState.PENDING)
    assert signed is AssignmentState.SIGNED
    assert next_assignment_state(A.RECORD_RESOLUTION, signed) is AssignmentState.RESOLVED


def test_a_resolution_before_signing_is_refused():
    with pytest.raises(DomainError) as refused:
        next_assignment_state(A.RECORD_RESOLUTION, AssignmentState.PENDING)
    assert refused.value.code == "assignment.action_not_allowed"


def test_a_resolved_assignment_cannot_be_returned():
    with pytest.raises(DomainError):
        next_assignment_state(A.RETURN_ASSIGNMENT, AssignmentState.RESOLVED)


def test_feedback_waits_for_every_assignment():
    check_feedback_ready(0)
    with pytest.raises(DomainError) as refused:
        check_feedback_ready(2)
    assert refused.value.details == {"open_assignments": 2}


def test_a_no_answer_needs_its_policy_basis():
    """Seed 000: 确因政策法规等规定办理不了的，应出具相关政策法规或依据反馈至诉求人."""
    check_feedback_basis(True, "")
    check_feedback_basis(False, "《住房公积金管理条例》第二十四条")
    with pytest.raises(DomainError) as refused:
        check_feedback_basis(False, "  ")
    assert refused.value.code == "case.feedback_needs_basis"


@pytest.mark.parametrize("level", ["satisfied", "basically_satisfied"])
def test_satisfied_or_basically_satisfied_closes(level):
    """Seed 000 销号办结: 诉求人对诉求事项办理结果和服务过程满意或基本满意，该事项确认办结."""
    check_closing_rule(level, THREE_LEVELS, "")


def test_unsatisfied_closes_only_with_the_reason_the_answer_complies():
    """Seed 000: 仍不满意，但答复内容符合法律法规、政策规定的，该事项确认办结."""
    check_closing_rule("unsatisfied", THREE_LEVELS, "答复符合《住房公积金管理条例》")
    with pytest.raises(DomainError) as refused:
        check_closing_rule("unsatisfied", THREE_LEVELS, "")
    assert refused.value.code == "case.closing_rule"


def test_closing_without_a_visit_is_refused():
    with pytest.raises(DomainError) as refused:
        check_closing_rule(None, THREE_LEVELS, "")
    assert refused.value.code == "case.not_visited"


def test_escalation_moves_one_level_at_a_time_within_the_policy():
    assert check_escalation(0, up=True, max_level=3) == 1
    assert check_escalation(3, up=False, max_level=3) == 2
    with pytest.raises(DomainError):
        check_escalation(3, up=True, max_level=3)
    with pytest.raises(DomainError):
        check_escalation(0, up=False, max_level=3)
