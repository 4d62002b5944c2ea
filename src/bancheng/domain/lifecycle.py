"""The case lifecycle: states, actions, and which action may move a case from which state.

registered → assessed → handling → answered → visited → closed → archived, plus out_of_scope and
withdrawn as ends that can be archived. A pause (容缺, waiting for the requester's materials) is a flag
on an open case, not a state: while paused only the moves in ``ALLOWED_WHILE_PAUSED`` are possible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bancheng.domain.errors import DomainError


class CaseState(StrEnum):
    REGISTERED = "registered"
    ASSESSED = "assessed"
    HANDLING = "handling"
    ANSWERED = "answered"
    VISITED = "visited"
    CLOSED = "closed"
    OUT_OF_SCOPE = "out_of_scope"
    WITHDRAWN = "withdrawn"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    CaseState.REGISTERED: "已受理",
    CaseState.ASSESSED: "已研判",
    CaseState.HANDLING: "办理中",
    CaseState.ANSWERED: "已反馈",
    CaseState.VISITED: "已回访",
    CaseState.CLOSED: "已办结",
    CaseState.OUT_OF_SCOPE: "不予受理",
    CaseState.WITHDRAWN: "已撤回",
    CaseState.ARCHIVED: "已归档",
}

OPEN_STATES = frozenset(
    {CaseState.REGISTERED, CaseState.ASSESSED, CaseState.HANDLING, CaseState.ANSWERED, CaseState.VISITED}
)
ENDED_STATES = frozenset({CaseState.CLOSED, CaseState.OUT_OF_SCOPE, CaseState.WITHDRAWN})


class CaseAction(StrEnum):
    REGISTER = "register"
    ASSESS = "assess"
    RULE_OUT_OF_SCOPE = "rule_out_of_scope"
    RESOLVE_ON_THE_SPOT = "resolve_on_the_spot"
    SUMMON = "summon"
    RECORD_ARRIVAL = "record_arrival"
    TRANSFER = "transfer"
    SIGN_FOR = "sign_for"
    RETURN_ASSIGNMENT = "return_assignment"
    RECORD_RESOLUTION = "record_resolution"
    URGE = "urge"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REJECT_EXTENSION = "reject_extension"
    PAUSE = "pause"
    RESUME = "resume"
    ESCALATE = "escalate"
    DEESCALATE = "deescalate"
    ISSUE_SUPERVISION_NOTICE = "issue_supervision_notice"
    ANSWER_SUPERVISION_NOTICE = "answer_supervision_notice"
    GIVE_FEEDBACK = "give_feedback"
    FILE_NEGATIVE = "file_negative"
    RECORD_VISIT = "record_visit"
    CLOSE = "close"
    REOPEN = "reopen"
    REFER = "refer"
    WITHDRAW = "withdraw"
    ARCHIVE = "archive"
    ATTACH = "attach"
    RECOMPUTE_DEADLINES = "recompute_deadlines"
    MARK_DEADLINES = "mark_deadlines"
    SUPERVISE_OVERDUE = "supervise_overdue"  # the sweep's automatic supervision notice
    ESCALATE_UNANSWERED = "escalate_unanswered"  # the sweep escalates a notice left unanswered
    IMPORT = "import"  # a case from a ledger kept before the system, created with its history
    # The bad-rating loop (差评核实整改), which runs beside the case's own closure (bancheng.ratings).
    VERIFY_BAD_RATING = "verify_bad_rating"
    ASSIGN_RECTIFICATION = "assign_rectification"
    RECORD_RECTIFICATION = "record_rectification"
    GIVE_RECTIFICATION_FEEDBACK = "give_rectification_feedback"
    REVISIT_BAD_RATING = "revisit_bad_rating"
    APPEAL_RATING = "appeal_rating"
    DECIDE_APPEAL = "decide_appeal"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    CaseAction.REGISTER: "受理登记",
    CaseAction.ASSESS: "研判",
    CaseAction.RULE_OUT_OF_SCOPE: "不予受理",
    CaseAction.RESOLVE_ON_THE_SPOT: "当场办结",
    CaseAction.SUMMON: "召集部门人员到窗口",
    CaseAction.RECORD_ARRIVAL: "登记部门人员到场",
    CaseAction.TRANSFER: "转办",
    CaseAction.SIGN_FOR: "签收",
    CaseAction.RETURN_ASSIGNMENT: "退单",
    CaseAction.RECORD_RESOLUTION: "登记办理结果",
    CaseAction.URGE: "催办",
    CaseAction.REQUEST_EXTENSION: "申请延期",
    CaseAction.APPROVE_EXTENSION: "批准延期",
    CaseAction.REJECT_EXTENSION: "驳回延期",
    CaseAction.PAUSE: "挂起（容缺受理）",
    CaseAction.RESUME: "恢复办理",
    CaseAction.ESCALATE: "提级办理",
    CaseAction.DEESCALATE: "降级办理",
    CaseAction.ISSUE_SUPERVISION_NOTICE: "下达督办单",
    CaseAction.ANSWER_SUPERVISION_NOTICE: "答复督办单",
    CaseAction.GIVE_FEEDBACK: "结果反馈",
    CaseAction.FILE_NEGATIVE: "否定备案",
    CaseAction.RECORD_VISIT: "回访",
    CaseAction.CLOSE: "销号办结",
    CaseAction.REOPEN: "重办",
    CaseAction.REFER: "线索移送",
    CaseAction.WITHDRAW: "撤回",
    CaseAction.ARCHIVE: "归档",
    CaseAction.ATTACH: "上传附件",
    CaseAction.RECOMPUTE_DEADLINES: "重新计算时限",
    CaseAction.MARK_DEADLINES: "时限状态更新",
    CaseAction.SUPERVISE_OVERDUE: "超时自动督办",
    CaseAction.ESCALATE_UNANSWERED: "督办单逾期未答复提级",
    CaseAction.IMPORT: "导入（历史台账）",
    CaseAction.VERIFY_BAD_RATING: "差评核实",
    CaseAction.ASSIGN_RECTIFICATION: "交办差评整改",
    CaseAction.RECORD_RECTIFICATION: "登记整改结果",
    CaseAction.GIVE_RECTIFICATION_FEEDBACK: "整改结果反馈",
    CaseAction.REVISIT_BAD_RATING: "差评整改回访",
    CaseAction.APPEAL_RATING: "差评申诉",
    CaseAction.DECIDE_APPEAL: "差评申诉复核",
}


@dataclass(frozen=True)
class Move:
    sources: frozenset[CaseState]
    target: CaseState | None  # None: the state does not change


def _move(sources: Iterable[CaseState], target: CaseState | None = None) -> Move:
    return Move(frozenset(sources), target)


S = CaseState
_WORKING = (S.ASSESSED, S.HANDLING)
_NOT_ARCHIVED = tuple(s for s in CaseState if s is not S.ARCHIVED)

MOVES: dict[CaseAction, Move] = {
    CaseAction.REGISTER: _move((), S.REGISTERED),
    CaseAction.ASSESS: _move((S.REGISTERED,), S.ASSESSED),
    CaseAction.RULE_OUT_OF_SCOPE: _move((S.REGISTERED,), S.OUT_OF_SCOPE),
    CaseAction.RESOLVE_ON_THE_SPOT: _move((S.ASSESSED,), S.ANSWERED),
    CaseAction.SUMMON: _move((S.REGISTERED, *_WORKING)),
    CaseAction.RECORD_ARRIVAL: _move((S.REGISTERED, *_WORKING)),
    CaseAction.TRANSFER: _move(_WORKING, S.HANDLING),
    CaseAction.SIGN_FOR: _move((S.HANDLING,)),
    CaseAction.RETURN_ASSIGNMENT: _move((S.HANDLING,)),
    CaseAction.RECORD_RESOLUTION: _move((S.HANDLING,)),
    CaseAction.URGE: _move((S.HANDLING,)),
    CaseAction.REQUEST_EXTENSION: _move(_WORKING),
    CaseAction.APPROVE_EXTENSION: _move(_WORKING),
    CaseAction.REJECT_EXTENSION: _move(_WORKING),
    CaseAction.PAUSE: _move(_WORKING),
    CaseAction.RESUME: _move(_WORKING),
    CaseAction.ESCALATE: _move(_WORKING),
    CaseAction.DEESCALATE: _move(_WORKING),
    CaseAction.ISSUE_SUPERVISION_NOTICE: _move((S.HANDLING,)),
    CaseAction.ANSWER_SUPERVISION_NOTICE: _move((S.HANDLING,)),
    CaseAction.GIVE_FEEDBACK: _move(_WORKING, S.ANSWERED),
    CaseAction.FILE_NEGATIVE: _move(_WORKING, S.ANSWERED),
    CaseAction.RECORD_VISIT: _move((S.ANSWERED,), S.VISITED),
    CaseAction.CLOSE: _move((S.VISITED,), S.CLOSED),
    CaseAction.REOPEN: _move((S.VISITED, S.CLOSED), S.HANDLING),
    CaseAction.REFER: _move(_NOT_ARCHIVED),
    CaseAction.WITHDRAW: _move((S.REGISTERED, S.ASSESSED, S.HANDLING), S.WITHDRAWN),
    CaseAction.ARCHIVE: _move(tuple(ENDED_STATES), S.ARCHIVED),
    CaseAction.ATTACH: _move(_NOT_ARCHIVED),
    CaseAction.RECOMPUTE_DEADLINES: _move(_NOT_ARCHIVED),
    CaseAction.MARK_DEADLINES: _move(_NOT_ARCHIVED),
    CaseAction.SUPERVISE_OVERDUE: _move((S.HANDLING,)),
    CaseAction.ESCALATE_UNANSWERED: _move(_WORKING),
    CaseAction.IMPORT: _move(()),  # creates a case in its final state; never a move of an existing one
    CaseAction.VERIFY_BAD_RATING: _move(_NOT_ARCHIVED),
    CaseAction.ASSIGN_RECTIFICATION: _move(_NOT_ARCHIVED),
    CaseAction.RECORD_RECTIFICATION: _move(_NOT_ARCHIVED),
    CaseAction.GIVE_RECTIFICATION_FEEDBACK: _move(_NOT_ARCHIVED),
    CaseAction.REVISIT_BAD_RATING: _move(_NOT_ARCHIVED),
    CaseAction.APPEAL_RATING: _move(_NOT_ARCHIVED),
    CaseAction.DECIDE_APPEAL: _move(_NOT_ARCHIVED),
}

ALLOWED_WHILE_PAUSED = frozenset(
    {
        CaseAction.RESUME,
        CaseAction.WITHDRAW,
        CaseAction.REFER,
        CaseAction.ESCALATE,
        CaseAction.DEESCALATE,
        CaseAction.URGE,
        CaseAction.ATTACH,  # the missing materials arrive while the case waits for them
        CaseAction.RECOMPUTE_DEADLINES,
        CaseAction.MARK_DEADLINES,
        CaseAction.ESCALATE_UNANSWERED,
        # the bad-rating loop is about an earlier answer, not the materials a reopened case waits for
        CaseAction.VERIFY_BAD_RATING,
        CaseAction.ASSIGN_RECTIFICATION,
        CaseAction.RECORD_RECTIFICATION,
        CaseAction.GIVE_RECTIFICATION_FEEDBACK,
        CaseAction.REVISIT_BAD_RATING,
        CaseAction.APPEAL_RATING,
        CaseAction.DECIDE_APPEAL,
    }
)


def next_state(action: CaseAction, state: CaseState | None, *, paused: bool = False) -> CaseState:
    """The state after ``action``; refuses with ``case.action_not_allowed`` when the table forbids it."""
    move = MOVES[action]
    if action is CaseAction.REGISTER:
        if state is not None:
            raise DomainError("case.action_not_allowed", "诉求件已受理，不能重复登记")
        return CaseState.REGISTERED
    if state is None or state not in move.sources:
        label = state.label if state is not None else "未登记"
        raise DomainError(
            "case.action_not_allowed",
            f"诉求件当前状态为“{label}”，不能{action.label}",
            {"state": str(state), "action": str(action)},
        )
    if paused and action not in ALLOWED_WHILE_PAUSED:
        raise DomainError(
            "case.paused",
            f"诉求件正在挂起（等待补齐材料），不能{action.label}；请先恢复办理",
            {"action": str(action)},
        )
    if action is CaseAction.PAUSE and paused:
        raise DomainError("case.already_paused", "诉求件已挂起")
    if action is CaseAction.RESUME and not paused:
        raise DomainError("case.not_paused", "诉求件未挂起，无需恢复")
    return move.target or state


def allowed_actions(state: CaseState, *, paused: bool = False) -> list[CaseAction]:
    """Every action the table allows now (before permissions and other guards)."""
    result = []
    for action in CaseAction:
        try:
            next_state(action, state, paused=paused)
        except DomainError:
            continue
        result.append(action)
    return result


class AssignmentState(StrEnum):
    PENDING = "pending"
    SIGNED = "signed"
    RESOLVED = "resolved"
    RETURNED = "returned"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            AssignmentState.PENDING: "待签收",
            AssignmentState.SIGNED: "办理中",
            AssignmentState.RESOLVED: "已办结",
            AssignmentState.RETURNED: "已退单",
            AssignmentState.CANCELLED: "已撤销",
        }[self]


ASSIGNMENT_MOVES: dict[CaseAction, tuple[frozenset[AssignmentState], AssignmentState | None]] = {
    CaseAction.SIGN_FOR: (frozenset({AssignmentState.PENDING}), AssignmentState.SIGNED),
    CaseAction.RETURN_ASSIGNMENT: (
        frozenset({AssignmentState.PENDING, AssignmentState.SIGNED}),
        AssignmentState.RETURNED,
    ),
    CaseAction.RECORD_RESOLUTION: (frozenset({AssignmentState.SIGNED}), AssignmentState.RESOLVED),
    CaseAction.URGE: (frozenset({AssignmentState.PENDING, AssignmentState.SIGNED}), None),
    CaseAction.REQUEST_EXTENSION: (frozenset({AssignmentState.SIGNED}), None),
    CaseAction.ISSUE_SUPERVISION_NOTICE: (frozenset({AssignmentState.PENDING, AssignmentState.SIGNED}), None),
    CaseAction.SUPERVISE_OVERDUE: (frozenset({AssignmentState.PENDING, AssignmentState.SIGNED}), None),
}

OPEN_ASSIGNMENT_STATES = frozenset({AssignmentState.PENDING, AssignmentState.SIGNED})


def next_assignment_state(action: CaseAction, state: AssignmentState) -> AssignmentState:
    sources, target = ASSIGNMENT_MOVES[action]
    if state not in sources:
        raise DomainError(
            "assignment.action_not_allowed",
            f"转办任务当前状态为“{state.label}”，不能{action.label}",
            {"state": str(state), "action": str(action)},
        )
    return target or state


def check_feedback_ready(open_assignments: int) -> None:
    """Feedback tells the requester the result: every assignment must be resolved or returned first."""
    if open_assignments:
        raise DomainError(
            "case.assignments_open",
            f"还有 {open_assignments} 个转办任务未办结，不能反馈结果",
            {"open_assignments": open_assignments},
        )


def check_feedback_basis(solved: bool, basis: str) -> None:
    """Seed 000: 确因政策法规等规定办理不了的，应出具相关政策法规或依据反馈至诉求人."""
    if not solved and not basis.strip():
        raise DomainError("case.feedback_needs_basis", "答复为不能办理时，必须注明政策法规依据")


def check_closing_rule(
    satisfaction: str | None, closing_levels: frozenset[str], compliance_reason: str
) -> None:
    """Seed 000 销号办结: satisfied or basically satisfied closes; still unsatisfied closes only when the
    answer complies with law and policy, and the reason is recorded."""
    if satisfaction is None:
        raise DomainError("case.not_visited", "尚未回访，不能销号办结")
    if satisfaction in closing_levels:
        return
    if not compliance_reason.strip():
        raise DomainError(
            "case.closing_rule",
            "诉求人不满意：只有答复内容符合法律法规、政策规定时才能销号，请填写依据；否则请重办",
            {"satisfaction": satisfaction},
        )


def check_escalation(level: int, *, up: bool, max_level: int) -> int:
    """Escalation moves one level at a time between 0 (the window) and the policy's top level."""
    target = level + 1 if up else level - 1
    if target > max_level:
        raise DomainError("case.escalation_top", "已是最高处理层级，不能再提级", {"level": level})
    if target < 0:
        raise DomainError("case.escalation_bottom", "已在窗口层级，不能再降级", {"level": level})
    return target
