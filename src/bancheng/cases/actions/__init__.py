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
from bancheng.cases.actions.ratings import (
    appeal_rating,
    assign_rectification,
    decide_appeal,
    give_rectification_feedback,
    record_rectification,
    revisit_bad_rating,
    verify_bad_rating,
)
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
    "appeal_rating",
    "approve_extension",
    "archive_case",
    "assess_case",
    "assign_rectification",
    "attach_document",
    "close_case",
    "decide_appeal",
    "deescalate_case",
    "escalate_case",
    "file_negative",
    "give_feedback",
    "give_rectification_feedback",
    "import_case",
    "issue_supervision_notice",
    "pause_case",
    "record_arrival",
    "record_rectification",
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
    "revisit_bad_rating",
    "rule_out_of_scope",
    "sign_for_assignment",
    "summon_to_window",
    "transfer_case",
    "urge_unit",
    "verify_bad_rating",
    "withdraw_case",
]
