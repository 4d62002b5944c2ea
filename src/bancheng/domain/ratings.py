"""The bad-rating loop (差评核实整改) and its appeal (申诉复核), as rules.

A follow-up visit whose satisfaction is one of the policy's bad ratings (``Policy.bad_rating``: 不满意, and
in the five-level 好差评 scale also 非常不满意) opens a review of that rating:

    verifying → verified → rectifying → feedback → revisit → closed

- verify (核实): the center office checks the rating with the requester. Where the answer was right and
  only needs explaining (缺乏法定依据的，做好解释说明) the loop ends at once with the outcome ``explained``;
  otherwise the rating is confirmed and waits for a rectification to be assigned;
- assign (交办整改): a unit is told what to rectify, within ``Policy.rectify_limit``;
- record (整改结果): the unit records what it changed; the rectification deadline is met;
- feedback (反馈): the window tells the requester what was rectified;
- revisit (回访): a second follow-up visit asks the requester again; the loop ends with ``revisited``.

A rating given by mistake (误评) may be appealed once per review while the loop is open; the center office
or a leader decides. An approved appeal ends the loop with ``appeal_approved`` and takes the rating out of
the visit-based statistics; a rejected one is recorded and the loop goes on.

The loop runs beside the case's own closure (seed 000 销号: an unsatisfied requester whose answer complies
with law and policy still closes), but a case is not archived while its loop is open: the case file must
hold the whole loop ("一事一档").
"""

from __future__ import annotations

from enum import StrEnum

from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import CaseAction


class ReviewState(StrEnum):
    VERIFYING = "verifying"
    VERIFIED = "verified"
    RECTIFYING = "rectifying"
    FEEDBACK = "feedback"
    REVISIT = "revisit"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ReviewState.VERIFYING: "待核实",
    ReviewState.VERIFIED: "待交办整改",
    ReviewState.RECTIFYING: "整改中",
    ReviewState.FEEDBACK: "待反馈整改结果",
    ReviewState.REVISIT: "待整改回访",
    ReviewState.CLOSED: "已结束",
}

OPEN_REVIEW_STATES = frozenset(s for s in ReviewState if s is not ReviewState.CLOSED)


class ReviewOutcome(StrEnum):
    EXPLAINED = "explained"
    REVISITED = "revisited"
    APPEAL_APPROVED = "appeal_approved"

    @property
    def label(self) -> str:
        return {
            ReviewOutcome.EXPLAINED: "核实后解释说明，无需整改",
            ReviewOutcome.REVISITED: "整改后已回访",
            ReviewOutcome.APPEAL_APPROVED: "申诉成立，差评不计入统计",
        }[self]


class AppealState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {
            AppealState.PENDING: "待复核",
            AppealState.APPROVED: "申诉成立",
            AppealState.REJECTED: "申诉驳回",
        }[self]


R = ReviewState
REVIEW_MOVES: dict[CaseAction, tuple[ReviewState, ReviewState]] = {
    CaseAction.VERIFY_BAD_RATING: (R.VERIFYING, R.VERIFIED),
    CaseAction.ASSIGN_RECTIFICATION: (R.VERIFIED, R.RECTIFYING),
    CaseAction.RECORD_RECTIFICATION: (R.RECTIFYING, R.FEEDBACK),
    CaseAction.GIVE_RECTIFICATION_FEEDBACK: (R.FEEDBACK, R.REVISIT),
    CaseAction.REVISIT_BAD_RATING: (R.REVISIT, R.CLOSED),
}


def is_bad_rating(satisfaction: str, bad_rating: tuple[str, ...]) -> bool:
    """Whether a visit's satisfaction opens the loop: one of the policy's bad ratings."""
    return satisfaction in bad_rating


def next_review_state(action: CaseAction, state: ReviewState) -> ReviewState:
    """The loop's state after ``action``; refuses with ``rating.action_not_allowed`` out of order."""
    source, target = REVIEW_MOVES[action]
    if state is not source:
        raise DomainError(
            "rating.action_not_allowed",
            f"差评处理当前为“{state.label}”，不能{action.label}",
            {"state": str(state), "action": str(action)},
        )
    return target


def review_actions(state: ReviewState) -> list[CaseAction]:
    """The loop actions possible in ``state`` (before roles and units)."""
    return [action for action, (source, _) in REVIEW_MOVES.items() if source is state]


def check_appeal_allowed(state: ReviewState, earlier_appeals: int) -> None:
    """One appeal per bad rating, while its loop is open."""
    if state is ReviewState.CLOSED:
        raise DomainError("rating.review_closed", "差评处理已结束，不能再申诉")
    if earlier_appeals:
        raise DomainError("rating.already_appealed", "该差评已申诉过，每条差评只能申诉一次")


def check_appeal_decision(state: AppealState, approved: bool, note: str) -> AppealState:
    """A pending appeal is approved or rejected, always with the reason recorded."""
    if state is not AppealState.PENDING:
        raise DomainError("rating.appeal_decided", f"该申诉已复核（{state.label}），不能重复复核")
    if not note.strip():
        raise DomainError("rating.decision_note_required", "请填写复核意见", {"field": "note"})
    return AppealState.APPROVED if approved else AppealState.REJECTED


def check_loop_ended(open_reviews: int) -> None:
    """A case is archived only once its bad-rating loop has ended (the case file holds the whole loop)."""
    if open_reviews:
        raise DomainError(
            "case.rating_review_open",
            "该诉求件的差评核实整改尚未结束，不能归档",
            {"open_reviews": open_reviews},
        )


def reopen_flagged(reopen_count: int, threshold: int) -> bool:
    """重办 three times or more (``Policy.reopen_flag_threshold``) flags the case."""
    return reopen_count >= threshold
