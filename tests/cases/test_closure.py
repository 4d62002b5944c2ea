import pytest

from bancheng.audit.models import Event
from bancheng.cases import actions as act
from bancheng.domain.errors import DomainError
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)
T1 = shanghai(2026, 3, 3, 15, 0)


def answered(org, solved=True):
    case = org.in_handling(T0)
    assignment = case.assignments.get()
    act.sign_for_assignment(assignment, actor=org.handler, now=T0)
    act.record_resolution(assignment, actor=org.handler, resolution="已更正数据", now=T1)
    act.give_feedback(
        case, actor=org.officer, feedback="已告知结果", solved=solved, basis="" if solved else "条例", now=T1
    )
    return case


def visited(org, satisfaction):
    case = answered(org)
    act.record_visit(case, actor=org.officer, contacted=True, solved=True, satisfaction=satisfaction, now=T1)
    return case


def test_a_case_walks_from_registration_to_archive_with_one_event_per_action(org):
    case = visited(org, "satisfied")
    act.close_case(case, actor=org.officer, now=T1)
    act.archive_case(case, actor=org.officer, now=T1)
    actions = list(Event.objects.filter(case=case).order_by("seq").values_list("action", flat=True))
    assert actions == [
        "register",
        "assess",
        "transfer",
        "sign_for",
        "record_resolution",
        "give_feedback",
        "record_visit",
        "close",
        "archive",
    ]
    case.refresh_from_db()
    assert case.state == "archived" and case.version == len(actions)
    assert case.deadlines.get(kind="feedback").status == "met_on_time"


def test_feedback_takes_the_resolutions_of_the_units(org):
    case = answered(org)
    case.refresh_from_db()
    assert "已更正数据" in case.resolution and case.state == "answered"


def test_a_no_without_its_policy_basis_is_refused(org):
    case = org.in_handling(T0)
    act.return_assignment(case.assignments.get(), actor=org.handler, reason="非本部门", now=T0)
    with pytest.raises(DomainError) as refused:
        act.give_feedback(case, actor=org.officer, feedback="不能办理", solved=False, now=T0)
    assert refused.value.code == "case.feedback_needs_basis"


def test_closing_an_unsatisfied_case_without_the_compliance_reason_is_refused_and_writes_nothing(org):
    case = visited(org, "unsatisfied")
    case.refresh_from_db()
    version, events = case.version, Event.objects.count()
    with pytest.raises(DomainError) as refused:
        act.close_case(case, actor=org.officer, now=T1)
    assert refused.value.code == "case.closing_rule"
    case.refresh_from_db()
    assert (case.state, case.version, Event.objects.count()) == ("visited", version, events)


def test_an_unsatisfied_case_closes_when_the_answer_complies_with_policy(org):
    case = visited(org, "unsatisfied")
    act.close_case(case, actor=org.officer, compliance_reason="答复符合《住房公积金管理条例》", now=T1)
    case.refresh_from_db()
    assert case.state == "closed" and case.close_reason.startswith("答复符合")


def test_a_satisfaction_outside_the_policy_scale_is_refused(org):
    case = answered(org)
    with pytest.raises(DomainError):
        act.record_visit(
            case, actor=org.officer, contacted=True, solved=True, satisfaction="very_satisfied", now=T1
        )


def test_reopening_sends_the_case_back_with_a_new_feedback_deadline(org):
    case = visited(org, "unsatisfied")
    act.reopen_case(case, actor=org.officer, reason="答复不完整", now=T1)
    case.refresh_from_db()
    feedbacks = case.deadlines.filter(kind="feedback").order_by("pk")
    assert case.state == "handling" and case.reopen_count == 1
    assert [d.status for d in feedbacks] == ["met_on_time", "on_track"]
    assert feedbacks.last().started_at == T1


def test_a_satisfied_case_cannot_be_reopened(org):
    case = visited(org, "satisfied")
    with pytest.raises(DomainError) as refused:
        act.reopen_case(case, actor=org.officer, reason="再办", now=T1)
    assert refused.value.code == "case.reopen_satisfied"


def test_negative_filing_records_the_legal_basis_and_answers_the_requester(org):
    case = org.assessed(T0)
    filing = act.file_negative(
        case, actor=org.officer, legal_basis="条例第二十四条", explanation="确无政策依据，已当面解释", now=T0
    )
    case.refresh_from_db()
    assert case.state == "answered" and case.outcome == "negative_filing"
    assert filing.legal_basis == case.feedback_basis == "条例第二十四条"


def test_a_referral_is_recorded_without_moving_the_case(org):
    case = org.in_handling(T0)
    referral = act.refer_case(case, actor=org.officer, content="经办人员吃拿卡要", now=T0)
    case.refresh_from_db()
    assert case.state == "handling" and referral.body == "纪检监察部门"


def test_withdrawing_cancels_open_assignments_and_stops_the_clocks(org):
    case = org.in_handling(T0)
    act.withdraw_case(case, actor=org.officer, reason="诉求人已自行办理", now=T0)
    assert list(case.assignments.values_list("state", flat=True)) == ["cancelled"]
    assert not case.deadlines.filter(met_at=None, cancelled_at=None).exists()


def test_an_archived_case_refuses_every_change(org):
    case = visited(org, "satisfied")
    act.close_case(case, actor=org.officer, now=T1)
    act.archive_case(case, actor=org.officer, now=T1)
    with pytest.raises(DomainError) as refused:
        act.reopen_case(case, actor=org.officer, reason="再办", now=T1)
    assert refused.value.code == "case.action_not_allowed"


def test_a_backup_officer_acting_for_an_absent_officer_is_recorded(org):
    from bancheng.org.models import Staff

    case = org.register(T0)
    Staff.objects.filter(pk=org.officer.pk).update(absent=True)
    act.assess_case(
        case,
        actor=org.officer2,
        category="withdrawal",
        nature="service",
        case_class="general",
        disposal="transfer",
    )
    event = Event.objects.filter(case=case).latest("seq")
    assert (event.actor_name, event.acting_for_name) == ("李静", "王敏")
