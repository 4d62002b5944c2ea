"""Which case event sends which message to whom — data, read by ``listeners.on_event``.

The rating link goes out with the feedback: the requester rates right after learning the result, before the
follow-up visit (回访) asks the same question by phone; a closed case without feedback sends none."""

from __future__ import annotations

from dataclasses import dataclass

from bancheng.notifications.choices import Channel


@dataclass(frozen=True)
class Rule:
    action: str  # CaseAction value of the event
    template_code: str
    audience: str  # a key of listeners.AUDIENCES
    channels: tuple[Channel, ...]
    # Rules on the sweep's ``mark_deadlines`` event fire once per deadline that changed to ``deadline_to``
    # (and is of one of ``deadline_kinds``): one message per deadline, however many events mention it.
    deadline_to: str = ""
    deadline_kinds: tuple[str, ...] = ()


REQUESTER_SMS = (Channel.SMS,)
STAFF_ALERT = (Channel.IN_APP, Channel.SMS)  # SMS to the staff member's phone, when one is on file

RULES: tuple[Rule, ...] = (
    Rule("register", "case_registered", "requester", REQUESTER_SMS),
    Rule("pause", "materials_missing", "requester", REQUESTER_SMS),
    Rule("give_feedback", "feedback_given", "requester", REQUESTER_SMS),
    Rule("give_feedback", "rating_link", "requester", REQUESTER_SMS),
    Rule("file_negative", "feedback_given", "requester", REQUESTER_SMS),
    Rule("file_negative", "rating_link", "requester", REQUESTER_SMS),
    Rule("transfer", "case_transferred", "receiving_units", (Channel.IN_APP,)),
    Rule("issue_supervision_notice", "notice_issued", "notice_unit_heads", (Channel.IN_APP, Channel.EMAIL)),
    Rule("request_extension", "extension_requested", "extension_approvers", (Channel.IN_APP,)),
    Rule("supervise_overdue", "notice_issued", "notice_unit_heads", (Channel.IN_APP, Channel.EMAIL)),
    # a confirmed bad rating handed to a unit to rectify (bancheng.ratings); the event names the unit's code
    Rule("assign_rectification", "rectification_assigned", "notice_unit_heads", (Channel.IN_APP,)),
    Rule(
        "mark_deadlines",
        "deadline_due_soon",
        "deadline_owners",
        STAFF_ALERT,
        deadline_to="due_soon",
        deadline_kinds=("feedback", "prompt_transfer", "assignment", "notice_answer"),
    ),
    Rule(
        "mark_deadlines",
        "response_overdue",
        "summoned_unit",
        STAFF_ALERT,
        deadline_to="overdue",
        deadline_kinds=("response",),
    ),
    Rule("escalate_unanswered", "notice_unanswered_escalated", "case_officer", (Channel.IN_APP,)),
    Rule("escalate_unanswered", "notice_unanswered_escalated", "notice_unit_heads", (Channel.IN_APP,)),
)


def rules_for(action: str) -> list[Rule]:
    return [r for r in RULES if r.action == action]
