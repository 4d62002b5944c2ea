"""Case events write their messages into the outbox in the same transaction; the job delivers them once."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction

from bancheng.cases import actions as act
from bancheng.cases.models import Case
from bancheng.domain.deadlines import Limit, LimitUnit
from bancheng.domain.errors import DomainError
from bancheng.notifications.jobs import deliver_messages
from bancheng.notifications.models import Message, MessageAttempt, RatingInvitation, hash_token
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)  # Monday


def sms(template_code):
    return Message.objects.filter(channel="sms", template_code=template_code)


def test_registering_a_case_enqueues_one_sms_with_the_case_number(org):
    case = org.register(T0)
    (message,) = Message.objects.all()
    assert (message.channel, message.template_code, message.state) == ("sms", "case_registered", "pending")
    assert message.to_phone == "13812345678" and message.case_id == case.pk
    assert case.number in message.body and "张三" in message.body
    assert message.next_attempt_at == T0


def test_a_rolled_back_registration_enqueues_nothing(org):
    with pytest.raises(RuntimeError), transaction.atomic():
        org.register(T0)
        assert Message.objects.count() == 1
        raise RuntimeError("the caller's transaction fails after the action")
    assert not Case.objects.exists() and not Message.objects.exists()


def test_a_refused_action_enqueues_nothing(org):
    case = org.assessed(T0)
    with pytest.raises(DomainError) as refused:
        act.pause_case(case, actor=org.officer, missing_materials=[" "], now=T0)
    assert refused.value.code == "pause.materials_required"
    assert not sms("materials_missing").exists()


def test_the_job_sends_a_due_sms_through_the_logging_gateway_and_marks_it_sent(org, caplog):
    org.register(T0)
    with caplog.at_level("INFO", logger="bancheng.notifications"):
        counts = deliver_messages(T0 + timedelta(seconds=10))
    message = Message.objects.get()
    assert counts == {"due": 1, "sent": 1, "failed": 0, "dead": 0}
    assert (message.state, message.attempts, message.sent_at) == ("sent", 1, T0 + timedelta(seconds=10))
    assert message.provider_id.startswith("log-")
    assert "138****5678" in caplog.text and "13812345678" not in caplog.text
    assert message.case.requester_name not in caplog.text and message.body not in caplog.text
    assert MessageAttempt.objects.get(message=message).ok


def test_running_the_job_again_sends_nothing(org, caplog):
    org.register(T0)
    later = T0 + timedelta(seconds=10)
    deliver_messages(later)
    caplog.clear()
    with caplog.at_level("INFO", logger="bancheng.notifications"):
        again = deliver_messages(later)
    assert again == {"due": 0, "sent": 0, "failed": 0, "dead": 0}
    assert "sms to" not in caplog.text
    assert MessageAttempt.objects.count() == 1


def test_a_dry_run_counts_the_due_messages_and_sends_nothing(org):
    org.register(T0)
    assert deliver_messages(T0, dry_run=True)["due"] == 1
    assert Message.objects.get().state == "pending" and not MessageAttempt.objects.exists()


def test_a_message_not_yet_due_waits(org):
    org.register(T0)
    assert deliver_messages(T0 - timedelta(minutes=1))["due"] == 0


def test_pausing_sends_the_requester_every_missing_material_at_once(org):
    case = org.assessed(T0)
    act.pause_case(case, actor=org.officer, missing_materials=["身份证复印件", "购房合同"], now=T0)
    message = sms("materials_missing").get()
    assert "身份证复印件、购房合同" in message.body and case.number in message.body


def _answered(org):
    case = org.in_handling(T0)
    assignment = case.assignments.get()
    act.sign_for_assignment(assignment, actor=org.handler, now=T0)
    act.record_resolution(assignment, actor=org.handler, resolution="已重新审核并办结提取", now=T0)
    act.give_feedback(
        case, actor=org.officer, feedback="您的提取申请已办结，款项三日内到账", solved=True, now=T0
    )
    return case


def test_feedback_sends_the_result_and_a_one_time_rating_link(org, settings):
    settings.BANCHENG_PUBLIC_URL = "https://bancheng.example.cn"
    case = _answered(org)
    result = sms("feedback_given").get()
    rating = sms("rating_link").get()
    invitation = RatingInvitation.objects.get(case=case)
    assert "款项三日内到账" in result.body
    token = rating.body.split("https://bancheng.example.cn/rate/")[1].split("/")[0]
    assert len(token) >= 30
    assert invitation.token_hash == hash_token(token)


def test_the_stored_rating_invitation_holds_only_the_hash_of_the_token(org, settings):
    settings.BANCHENG_PUBLIC_URL = "https://bancheng.example.cn"
    case = _answered(org)
    token = sms("rating_link").get().body.split("/rate/")[1].split("/")[0]
    stored = RatingInvitation.objects.filter(case=case).values().get()
    assert all(token not in str(value) for value in stored.values())
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert not RatingInvitation.objects.filter(token_hash=token).exists()


def test_a_transfer_tells_the_receiving_units_handlers_and_head_in_the_app(org):
    case = org.in_handling(T0, "DEP-GJ")
    messages = Message.objects.filter(template_code="case_transferred")
    recipients = {m.recipient.username for m in messages}
    assert {"handler", "unithead"} <= recipients
    assert all(m.recipient.unit.code == "DEP-GJ" for m in messages)
    assert all((m.channel, m.state, m.read_at) == ("in_app", "sent", None) for m in messages)
    assert all(case.number in m.subject for m in messages)


def test_a_supervision_notice_reaches_the_unit_head_in_the_app_and_by_email(org):
    org.unithead.email = "head@example.cn"
    org.unithead.save(update_fields=["email"])
    case = org.in_handling(T0)
    notice = act.issue_supervision_notice(
        case.assignments.get(),
        actor=org.office,
        content="超期未办结",
        requirement="两个工作日内书面答复",
        now=T0,
    )
    messages = Message.objects.filter(template_code="notice_issued")
    assert {(m.channel, m.recipient.username) for m in messages} == {
        ("in_app", "unithead"),
        ("email", "unithead"),
    }
    email = messages.get(channel="email")
    assert email.to_email == "head@example.cn" and notice.number in email.subject
    deliver_messages(T0 + timedelta(seconds=10))
    assert [m.to for m in mail.outbox if notice.number in m.subject] == [["head@example.cn"]]
    assert messages.get(channel="email").state == "sent"


def test_an_extension_request_asks_its_approvers_in_the_app(org):
    case = org.in_handling(T0)
    assignment = case.assignments.get()
    act.sign_for_assignment(assignment, actor=org.handler, now=T0)
    act.request_extension(
        assignment.deadlines.get(),
        actor=org.handler,
        extra=Limit(3, LimitUnit.WORKING_DAYS),
        reason="需调取档案",
        now=T0,
    )
    recipients = {m.recipient.username for m in Message.objects.filter(template_code="extension_requested")}
    assert "unithead" in recipients and "handler" not in recipients
    assert "unithead2" not in recipients
