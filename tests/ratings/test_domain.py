"""The loop's rules without a database (bancheng.domain.ratings)."""

import pytest

from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import CaseAction as A
from bancheng.domain.lifecycle import CaseState, next_state
from bancheng.domain.policy import PRESETS, Policy
from bancheng.domain.ratings import (
    OPEN_REVIEW_STATES,
    AppealState,
    ReviewOutcome,
    ReviewState,
    check_appeal_allowed,
    check_appeal_decision,
    check_loop_ended,
    is_bad_rating,
    next_review_state,
    reopen_flagged,
    review_actions,
)

R = ReviewState
LOOP = [
    (A.VERIFY_BAD_RATING, R.VERIFYING, R.VERIFIED),
    (A.ASSIGN_RECTIFICATION, R.VERIFIED, R.RECTIFYING),
    (A.RECORD_RECTIFICATION, R.RECTIFYING, R.FEEDBACK),
    (A.GIVE_RECTIFICATION_FEEDBACK, R.FEEDBACK, R.REVISIT),
    (A.REVISIT_BAD_RATING, R.REVISIT, R.CLOSED),
]


@pytest.mark.parametrize(("action", "source", "target"), LOOP)
def test_each_step_moves_the_loop_one_state_on(action, source, target):
    assert next_review_state(action, source) is target
    assert review_actions(source) == [action]


@pytest.mark.parametrize(("action", "source", "target"), LOOP)
def test_each_step_is_refused_from_any_other_state(action, source, target):
    for state in ReviewState:
        if state is not source:
            with pytest.raises(DomainError) as refused:
                next_review_state(action, state)
            assert refused.value.code == "rating.action_not_allowed"


def test_a_closed_loop_allows_no_step_and_every_other_state_is_open():
    assert review_actions(R.CLOSED) == []
    assert frozenset(ReviewState) - {R.CLOSED} == OPEN_REVIEW_STATES


def test_each_presets_bad_ratings_are_the_lowest_levels_of_its_scale():
    assert {code: p.bad_rating for code, p in PRESETS.items()} == {
        "shenyang": ("unsatisfied",),
        "shanting": ("unsatisfied",),
        "putuo": ("unsatisfied", "very_unsatisfied"),
    }
    assert is_bad_rating("very_unsatisfied", PRESETS["putuo"].bad_rating)
    assert not is_bad_rating("basically_satisfied", PRESETS["putuo"].bad_rating)


def test_every_preset_rectifies_within_five_working_days_and_flags_three_reopens():
    for policy in PRESETS.values():
        assert (policy.rectify_limit.amount, policy.rectify_limit.unit.value) == (5, "working_days")
        assert policy.reopen_flag_threshold == 3


def test_a_reopen_flag_threshold_below_one_is_a_policy_problem():
    from dataclasses import replace

    policy: Policy = replace(PRESETS["shenyang"], reopen_flag_threshold=0)
    assert "重办标记次数须至少为 1" in policy.problems()


def test_one_appeal_per_rating_while_the_loop_is_open():
    check_appeal_allowed(R.RECTIFYING, 0)
    with pytest.raises(DomainError) as refused:
        check_appeal_allowed(R.RECTIFYING, 1)
    assert refused.value.code == "rating.already_appealed"
    with pytest.raises(DomainError) as refused:
        check_appeal_allowed(R.CLOSED, 0)
    assert refused.value.code == "rating.review_closed"


def test_an_appeal_is_decided_once_with_a_note():
    assert check_appeal_decision(AppealState.PENDING, True, "系误评") is AppealState.APPROVED
    assert check_appeal_decision(AppealState.PENDING, False, "驳回") is AppealState.REJECTED
    with pytest.raises(DomainError) as refused:
        check_appeal_decision(AppealState.PENDING, True, "  ")
    assert refused.value.code == "rating.decision_note_required"
    with pytest.raises(DomainError) as refused:
        check_appeal_decision(AppealState.REJECTED, True, "改判")
    assert refused.value.code == "rating.appeal_decided"


def test_archiving_waits_for_every_loop_to_end():
    check_loop_ended(0)
    with pytest.raises(DomainError) as refused:
        check_loop_ended(2)
    assert refused.value.code == "case.rating_review_open"


def test_three_reopens_flag_a_case_by_default():
    assert [reopen_flagged(n, 3) for n in (0, 2, 3, 4)] == [False, False, True, True]


def test_the_loops_steps_are_open_in_every_case_state_but_archived_and_change_no_state():
    for action, _, _ in LOOP:
        for state in CaseState:
            if state is CaseState.ARCHIVED:
                with pytest.raises(DomainError):
                    next_state(action, state)
            else:
                assert next_state(action, state) is state


def test_every_state_outcome_and_appeal_state_has_a_chinese_label():
    labels = (
        [s.label for s in ReviewState] + [o.label for o in ReviewOutcome] + [a.label for a in AppealState]
    )
    assert all(labels) and len(set(labels)) == len(labels)
