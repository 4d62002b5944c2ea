import pytest

from bancheng.audit.models import Event
from bancheng.cases import actions as act
from bancheng.cases.models import Case
from bancheng.domain.errors import DomainError, PermissionDenied
from tests.support import shanghai

T0 = shanghai(2026, 9, 29, 10, 0)  # a Tuesday, the day before the National Day holidays


def test_registering_gives_the_next_number_of_the_branch_and_year(org):
    first = org.register(T0)
    second = org.register(T0)
    assert (first.number, second.number) == ("SY-HQ-2026-00001", "SY-HQ-2026-00002")


def test_numbers_restart_each_year_and_differ_per_branch(org):
    org.register(shanghai(2025, 12, 31, 10, 0))
    other_branch = act.register_case(
        actor=org.officer,
        branch=org.unit("HP"),
        channel="phone",
        requester_name="李四",
        requester_phone="13900001111",
        business="贷款",
        problem="审批超时",
        now=T0,
    )
    assert org.register(T0).number == "SY-HQ-2026-00001"
    assert other_branch.number == "SY-HP-2026-00001"


def test_registration_records_the_first_contact_officer_and_a_register_event(org):
    case = org.register(T0)
    assert case.state == "registered"
    assert case.officer == org.officer
    event = Event.objects.get(case=case)
    assert (event.action, event.actor, event.seq) == ("register", org.officer, 1)
    assert event.after["number"] == case.number


def test_incomplete_registration_is_refused_field_by_field_and_writes_nothing(org):
    with pytest.raises(DomainError) as refused:
        org.register(T0, requester_phone="12", problem=" ")
    assert refused.value.code == "case.invalid"
    assert set(refused.value.details["fields"]) == {"requester_phone", "problem"}
    assert Case.objects.count() == 0 and not Event.objects.exclude(stream="system").exists()


def test_a_handler_may_not_register_a_case(org):
    with pytest.raises(PermissionDenied) as refused:
        act.register_case(
            actor=org.handler,
            channel="onsite",
            requester_name="张三",
            requester_phone="13812345678",
            business="提取",
            problem="退回",
            now=T0,
        )
    assert refused.value.code == "auth.forbidden"


def test_assessing_a_difficult_problem_gives_five_working_days_from_registration(org):
    """Seed 000: 困难问题……5个工作日内向诉求人反馈办理结果. Registered Tuesday 2026-09-29: the five
    working days are 09-30, 10-08, 10-09, 10-10 (a make-up Saturday) and 10-12."""
    case = org.assessed(T0, "difficult")
    feedback = case.deadlines.get(kind="feedback")
    assert feedback.due_at == shanghai(2026, 10, 12, 17, 0)
    assert feedback.status == "on_track" and not feedback.provisional
    assert case.case_class == "difficult" and case.state == "assessed"


def test_a_case_keeps_the_policy_version_it_was_assessed_under(org):
    from bancheng.domain.policy import preset
    from bancheng.policies.services import active_policy_version, publish_policy

    case = org.assessed(T0)
    version_at_assessment = case.policy_version_id
    publish_policy(preset("shenyang"), actor=org.admin, note="新版本")
    case.refresh_from_db()
    assert case.policy_version_id == version_at_assessment != active_policy_version().pk


def test_assessing_a_transfer_opens_the_prompt_transfer_deadline(org):
    case = org.assessed(T0, "general", disposal="transfer")
    assert set(case.deadlines.values_list("kind", flat=True)) == {"feedback", "prompt_transfer"}


def test_an_unknown_class_is_refused(org):
    case = org.register(T0)
    with pytest.raises(DomainError) as refused:
        act.assess_case(
            case,
            actor=org.officer,
            category="withdrawal",
            nature="service",
            case_class="urgent",
            disposal="transfer",
        )
    assert refused.value.code == "policy.unknown_class"
    case.refresh_from_db()
    assert case.state == "registered" and case.deadlines.count() == 0


def test_out_of_scope_is_recorded_with_the_reason_and_where_to_go(org):
    """Seed 000 二: 涉及信访、纪检监察、涉法涉诉等非政务服务范围的问题……不在受理范围."""
    case = org.register(T0)
    act.rule_out_of_scope(case, actor=org.officer, reason="petition", guidance="请到市信访局反映", now=T0)
    case.refresh_from_db()
    assert (case.state, case.out_of_scope_reason, case.guidance) == (
        "out_of_scope",
        "petition",
        "请到市信访局反映",
    )


def test_out_of_scope_without_guidance_is_refused(org):
    case = org.register(T0)
    with pytest.raises(DomainError) as refused:
        act.rule_out_of_scope(case, actor=org.officer, reason="petition", guidance="", now=T0)
    assert refused.value.code == "case.guidance_required"


def test_resolving_on_the_spot_answers_the_requester_within_the_deadline(org):
    """Seed 000 四(一): 能够现场沟通化解的，应当即处理，当场办结."""
    case = org.assessed(T0, "general", disposal="on_the_spot")
    act.resolve_on_the_spot(case, actor=org.officer, resolution="当场协调打印证明", now=T0)
    case.refresh_from_db()
    assert case.state == "answered" and case.outcome == "solved"
    assert case.deadlines.get(kind="feedback").status == "met_on_time"
