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


REQUESTER_SMS = (Channel.SMS,)

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
)


def rules_for(action: str) -> list[Rule]:
    return [r for r in RULES if r.action == action]
