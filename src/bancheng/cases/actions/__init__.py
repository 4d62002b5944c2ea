"""Every write to a case: one function per user action (STYLE.md "Writes: actions only")."""

from bancheng.cases.actions.clock import (
    approve_extension,
    pause_case,
    reject_extension,
    request_extension,
    resume_case,
)
from bancheng.cases.actions.closure import (
    archive_case,
    close_case,
    file_negative,
    give_feedback,
    record_visit,
    refer_case,
    reopen_case,
    withdraw_case,
)
from bancheng.cases.actions.documents import attach_document
from bancheng.cases.actions.imports import import_case
from bancheng.cases.actions.registration import (
    assess_case,
    register_case,
    resolve_on_the_spot,
    rule_out_of_scope,
)
from bancheng.cases.actions.response import record_arrival, summon_to_window
from bancheng.cases.actions.supervision import (
    answer_supervision_notice,
    deescalate_case,
    escalate_case,
    issue_supervision_notice,
)
from bancheng.cases.actions.transfers import (
    TransferTo,
    record_resolution,
    return_assignment,
    sign_for_assignment,
    transfer_case,
    urge_unit,
)

__all__ = [
    "TransferTo",
    "answer_supervision_notice",
    "approve_extension",
    "archive_case",
    "assess_case",
    "attach_document",
    "close_case",
    "deescalate_case",
    "escalate_case",
    "file_negative",
    "give_feedback",
    "import_case",
    "issue_supervision_notice",
    "pause_case",
    "record_arrival",
    "record_resolution",
    "record_visit",
    "refer_case",
    "register_case",
    "reject_extension",
    "reopen_case",
    "request_extension",
    "resolve_on_the_spot",
    "resume_case",
    "return_assignment",
    "rule_out_of_scope",
    "sign_for_assignment",
    "summon_to_window",
    "transfer_case",
    "urge_unit",
    "withdraw_case",
]
