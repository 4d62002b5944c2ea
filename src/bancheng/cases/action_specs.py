"""Which form each action asks for, what it acts on, and how a page calls it. The pages show a button only
when the lifecycle table, the user's role and unit, and the target's own state all allow the action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bancheng.cases import actions as act
from bancheng.cases import forms as f
from bancheng.cases import permissions
from bancheng.cases.models import Assignment, Case, Deadline, Extension, SupervisionNotice
from bancheng.domain.lifecycle import (
    ASSIGNMENT_MOVES,
    AssignmentState,
    CaseAction,
    CaseState,
    allowed_actions,
)
from bancheng.org.choices import Role
from bancheng.policies.services import policy_of

A = CaseAction
OPEN_ASSIGNMENTS = frozenset({AssignmentState.PENDING, AssignmentState.SIGNED})


@dataclass(frozen=True)
class ActionSpec:
    action: CaseAction
    target: str  # "case", "assignment", "extension" or "notice"
    form: type[f.VersionedForm]
    perform: Callable[..., Any]
    danger: bool = False
    intro: str = ""
    template: str = "cases/_form.html"

    @property
    def label(self) -> str:
        return self.action.label

    @property
    def code(self) -> str:
        return self.action.value


def _attach_to_case(case: Case, *, attachments: Any, kind: str, **kwargs: Any) -> Any:
    for upload in attachments:
        act.attach_document(case, upload=upload, kind=kind, **kwargs)
        kwargs["expected_version"] = None


def _attach_to_assignment(assignment: Assignment, *, attachments: Any, kind: str, **kwargs: Any) -> Any:
    for upload in attachments:
        act.attach_document(assignment.case_id, upload=upload, kind=kind, assignment=assignment, **kwargs)
        kwargs["expected_version"] = None


def _request_extension(assignment: Assignment, **kwargs: Any) -> Any:
    deadline = assignment.deadlines.filter(met_at=None, cancelled_at=None).order_by("due_at").first()
    if deadline is None:
        from bancheng.domain.errors import DomainError

        raise DomainError("deadline.none_open", "该转办任务没有未完成的时限，无需延期")
    return act.request_extension(deadline, **kwargs)


ALL_SPECS: list[ActionSpec] = [
    ActionSpec(
        A.ASSESS,
        "case",
        f.AssessForm,
        act.assess_case,
        intro="在范围内：确定分类、性质、类型和处理方式。",
    ),
    ActionSpec(A.RULE_OUT_OF_SCOPE, "case", f.OutOfScopeForm, act.rule_out_of_scope, danger=True),
    ActionSpec(A.RESOLVE_ON_THE_SPOT, "case", f.ResolutionForm, act.resolve_on_the_spot),
    ActionSpec(A.SUMMON, "case", f.SummonForm, act.summon_to_window),
    ActionSpec(A.RECORD_ARRIVAL, "case", f.ArrivalForm, act.record_arrival),
    ActionSpec(
        A.TRANSFER,
        "case",
        f.TransferForm,
        act.transfer_case,
        intro="可同时转给多个单位；每个单位的时限从其签收时起算。",
        template="cases/_transfer_form.html",
    ),
    ActionSpec(A.PAUSE, "case", f.PauseForm, act.pause_case),
    ActionSpec(A.RESUME, "case", f.NoteForm, act.resume_case),
    ActionSpec(A.ESCALATE, "case", f.ReasonForm, act.escalate_case),
    ActionSpec(A.DEESCALATE, "case", f.ReasonForm, act.deescalate_case),
    ActionSpec(A.GIVE_FEEDBACK, "case", f.FeedbackForm, act.give_feedback),
    ActionSpec(A.FILE_NEGATIVE, "case", f.NegativeFilingForm, act.file_negative),
    ActionSpec(A.RECORD_VISIT, "case", f.VisitForm, act.record_visit),
    ActionSpec(A.CLOSE, "case", f.CloseForm, act.close_case),
    ActionSpec(A.REOPEN, "case", f.ReasonForm, act.reopen_case),
    ActionSpec(A.REFER, "case", f.ReferForm, act.refer_case),
    ActionSpec(A.WITHDRAW, "case", f.ReasonForm, act.withdraw_case, danger=True),
    ActionSpec(A.ARCHIVE, "case", f.EmptyForm, act.archive_case),
    ActionSpec(A.ATTACH, "case", f.AttachForm, _attach_to_case),
    ActionSpec(A.SIGN_FOR, "assignment", f.EmptyForm, act.sign_for_assignment),
    ActionSpec(A.RETURN_ASSIGNMENT, "assignment", f.ReasonForm, act.return_assignment, danger=True),
    ActionSpec(A.RECORD_RESOLUTION, "assignment", f.ResolutionForm, act.record_resolution),
    ActionSpec(A.URGE, "assignment", f.NoteForm, act.urge_unit),
    ActionSpec(A.ISSUE_SUPERVISION_NOTICE, "assignment", f.NoticeForm, act.issue_supervision_notice),
    ActionSpec(A.REQUEST_EXTENSION, "assignment", f.ExtensionRequestForm, _request_extension),
    ActionSpec(A.ATTACH, "assignment", f.AttachForm, _attach_to_assignment),
    ActionSpec(A.APPROVE_EXTENSION, "extension", f.NoteForm, act.approve_extension),
    ActionSpec(A.REJECT_EXTENSION, "extension", f.RequiredNoteForm, act.reject_extension, danger=True),
    ActionSpec(A.ANSWER_SUPERVISION_NOTICE, "notice", f.AnswerForm, act.answer_supervision_notice),
]
SPECS: dict[tuple[str, str], ActionSpec] = {(s.code, s.target): s for s in ALL_SPECS}

CASE_SPECS = [s for s in ALL_SPECS if s.target == "case"]
ASSIGNMENT_SPECS = [s for s in ALL_SPECS if s.target == "assignment"]


def role_may(user: Any, action: CaseAction) -> bool:
    return user.is_active and user.role in permissions.ROLES_BY_ACTION.get(action, set())


def case_buttons(user: Any, case: Case) -> list[ActionSpec]:
    """The case-level actions this user may take on this case now."""
    allowed = set(allowed_actions(CaseState(case.state), paused=case.paused))
    return [s for s in CASE_SPECS if s.action in allowed and role_may(user, s.action)]


def assignment_buttons(user: Any, case: Case, assignment: Assignment) -> list[ActionSpec]:
    allowed = set(allowed_actions(CaseState(case.state), paused=case.paused))
    state = AssignmentState(assignment.state)
    result = []
    for s in ASSIGNMENT_SPECS:
        if s.action not in allowed or not role_may(user, s.action):
            continue
        sources = ASSIGNMENT_MOVES[s.action][0] if s.action in ASSIGNMENT_MOVES else OPEN_ASSIGNMENTS
        if state not in sources:
            continue
        if user.role in permissions.UNIT and assignment.unit_id != user.unit_id:
            continue
        result.append(s)
    return result


def extension_buttons(user: Any, case: Case, extension: Extension) -> list[ActionSpec]:
    if extension.state != "requested":
        return []
    allowed = set(allowed_actions(CaseState(case.state), paused=case.paused))
    specs = [SPECS[A.APPROVE_EXTENSION.value, "extension"], SPECS[A.REJECT_EXTENSION.value, "extension"]]
    approvers = policy_of(case.policy_version_id).extension_approver_roles
    if user.role not in approvers or extension.requested_by_id == user.pk:
        return []
    result = [s for s in specs if s.action in allowed and role_may(user, s.action)]
    deadline: Deadline = extension.deadline
    if user.role == Role.UNIT_HEAD and (
        deadline.assignment is None or deadline.assignment.unit_id != user.unit_id
    ):
        return []
    return result


def notice_buttons(user: Any, case: Case, notice: SupervisionNotice) -> list[ActionSpec]:
    if notice.state != "issued":
        return []
    spec = SPECS[A.ANSWER_SUPERVISION_NOTICE.value, "notice"]
    allowed = set(allowed_actions(CaseState(case.state), paused=case.paused))
    if spec.action not in allowed or not role_may(user, spec.action) or notice.unit_id != user.unit_id:
        return []
    return [spec]
