"""Policy is data (DESIGN.md): the three presets carry exactly the rules of their source documents, a
policy survives its stored form, and a policy that cannot work says why."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bancheng.domain.deadlines import IMMEDIATELY, Limit, LimitUnit, PauseMode
from bancheng.domain.errors import DomainError
from bancheng.domain.policy import (
    PRESETS,
    CaseClass,
    Choice,
    EscalationLevel,
    Policy,
    policy_from_dict,
    policy_to_dict,
    preset,
)


def days(n: int) -> Limit:
    return Limit(n, LimitUnit.WORKING_DAYS)


def limits_by_class(policy: Policy) -> list[tuple[str, Limit]]:
    return [(c.label, c.feedback_limit) for c in policy.classes]


def labels(choices: tuple[Choice, ...]) -> list[str]:
    return [c.label for c in choices]


# ---- shenyang (seed 000) --------------------------------------------------------------------------

SHENYANG = preset("shenyang")


def test_shenyang_gives_feedback_in_1_5_and_10_working_days():
    """三(三)：一般问题…1个工作日内向诉求人反馈办理结果；困难问题…5个工作日内…；特殊问题…10个工作日内…"""
    assert limits_by_class(SHENYANG) == [("一般问题", days(1)), ("困难问题", days(5)), ("特殊问题", days(10))]


def test_shenyang_hands_a_special_problem_to_customer_service():
    """三(三)3：特殊问题…上报至“办不成事”反映窗口工作领导小组办公室和客户服务部."""
    special = SHENYANG.case_class("special")
    assert special.handled_at_level == 2
    assert "客户服务部" in SHENYANG.escalation_level(2).label


def test_shenyang_reports_a_difficult_problem_to_the_unit_head():
    """三(三)2：困难问题…办理专员需上报本部门负责人."""
    assert SHENYANG.escalation_level(SHENYANG.case_class("difficult").handled_at_level).label == "部门负责人"


def test_shenyang_keeps_the_12_column_ledger_in_its_order():
    """三(一)2：序号、日期、承办人、事项分类、诉求人、联系方式、反映内容、协调部门及人员、解决方案、办结时间，
    回访、备注等12个要素."""
    assert [c.label for c in SHENYANG.ledger_layout] == [
        "序号",
        "日期",
        "承办人",
        "事项分类",
        "诉求人",
        "联系方式",
        "反映内容",
        "协调部门及人员",
        "解决方案",
        "办结时间",
        "回访",
        "备注",
    ]


def test_shenyang_groups_the_ledger_under_its_part_headings():
    """三(一)2：按照登记受理、申请情况、办理情况、回访情况、备注等…部分."""
    groups = {c.label: c.group for c in SHENYANG.ledger_layout}
    assert list(dict.fromkeys(groups.values())) == ["登记受理", "申请情况", "办理情况", "回访情况", "备注"]
    assert [label for label, group in groups.items() if group == "申请情况"] == [
        "诉求人",
        "联系方式",
        "反映内容",
    ]


def test_shenyang_files_an_intake_form_a_supervision_notice_and_a_transfer_slip():
    """三(一)2：建立窗口受理单、问题督办单、部门分转单三项清单."""
    forms = labels(SHENYANG.forms)
    assert len(forms) == 3
    assert [f for f in forms if f.endswith(("受理单", "问题督办单", "分转单"))] == forms


def test_shenyang_summons_the_unit_within_ten_business_minutes():
    """三(五)4：办理专员在10分钟内将相关部门人员召集至窗口协调办理."""
    assert SHENYANG.response_limit == Limit(10, LimitUnit.BUSINESS_MINUTES)


def test_shenyang_closes_a_case_when_the_requester_is_satisfied_or_basically_satisfied():
    """三(四)6：诉求人对…办理结果和服务过程满意或基本满意，该事项确认办结."""
    assert [SHENYANG.satisfaction(code).label for code in SHENYANG.closing_satisfaction] == [
        "满意",
        "基本满意",
    ]


def test_shenyang_rules_out_petitions_discipline_and_litigation():
    """二：涉及信访、纪检监察、涉法涉诉等非政务服务范围的问题…不在受理范围."""
    assert [SHENYANG.out_of_scope_reason(c).label for c in ("petition", "discipline", "litigation")] == [
        "信访事项",
        "纪检监察事项",
        "涉法涉诉事项",
    ]


# ---- shanting (seed 001) --------------------------------------------------------------------------

SHANTING = preset("shanting")


def test_shanting_settles_simple_matters_at_once_and_others_in_2_or_5_working_days():
    """三(三)：能够立即解决的事项…即时办结；一般事项…2个工作日内落实反馈；涉及多部门、流程复杂的事项…
    5个工作日内反馈."""
    assert limits_by_class(SHANTING) == [
        ("简单事项", IMMEDIATELY),
        ("一般事项", days(2)),
        ("复杂事项", days(5)),
    ]


def test_shanting_keeps_the_10_column_ledger_of_annex_3():
    """附件3：编号 反映人 联系电话 反映事项 受理时间 问题类型及办理时限 承办单位 办理结果 实际办结时间 备注."""
    assert [c.label for c in SHANTING.ledger_layout] == [
        "编号",
        "反映人",
        "联系电话",
        "反映事项",
        "受理时间",
        "问题类型及办理时限",
        "承办单位",
        "办理结果",
        "实际办结时间",
        "备注",
    ]
    assert {c.group for c in SHANTING.ledger_layout} == {""}  # annex 3 has no part headings


def test_shanting_files_an_intake_form_and_a_transfer_slip():
    """附件：1.“办不成事”登记窗口受理单 2.“办不成事”登记窗口转办单."""
    assert labels(SHANTING.forms) == ["“办不成事”登记窗口受理单", "“办不成事”登记窗口转办单"]


def test_shanting_asks_only_satisfied_or_not_and_closes_on_satisfied():
    """附件2：结果反馈 当事人：满意 不满意."""
    assert labels(SHANTING.satisfaction_scale) == ["满意", "不满意"]
    assert SHANTING.closing_satisfaction == ("satisfied",)


def test_shanting_extends_a_deadline_only_with_approval():
    """三(三)：对确实在规定时间内无法办结的，经批准可适当延期."""
    assert SHANTING.extension_requires_approval


def test_shanting_rules_out_litigation_and_petitions():
    """二(三)：对于涉法、涉诉、涉访以及法律法规文件明确规定不予办理的事项…不予受理."""
    assert {"litigation", "petition", "forbidden"} <= {c.code for c in SHANTING.out_of_scope_reasons}


# ---- putuo (seed 004) -----------------------------------------------------------------------------

PUTUO = preset("putuo")


def test_putuo_settles_within_10_working_days_and_never_past_60_days():
    """限时办结制度 三：未有明确时限要求的受理项目，一般在10个工作日内办结，最多不超过60天."""
    assert limits_by_class(PUTUO) == [("一般事项", days(10))]
    assert PUTUO.calendar_cap_days == 60


def test_putuo_restarts_the_period_once_the_materials_are_complete():
    """限时办结制度 四：需在补齐相关材料或手续后，重新计算办理时间."""
    assert PUTUO.pause_mode is PauseMode.RESTART


def test_putuo_serves_on_weekends():
    """八4：坚持5+2工作制度。开设双休日服务窗口."""
    assert PUTUO.weekend_service


def test_putuo_extends_a_deadline_only_with_a_leaders_consent():
    """限时办结制度 五：报“受理中心”领导同意后，延长办结时间."""
    assert PUTUO.extension_requires_approval and PUTUO.extension_approver_roles == ("leader",)


def test_putuo_rates_on_the_five_level_good_bad_scale():
    """好差评: the national five-level rating of government services."""
    assert labels(PUTUO.satisfaction_scale) == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert PUTUO.bad_rating == ("unsatisfied", "very_unsatisfied")


# ---- lookups --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lookup", "code"),
    [
        (Policy.case_class, "policy.unknown_class"),
        (Policy.category, "policy.unknown_category"),
        (Policy.nature, "policy.unknown_nature"),
        (Policy.out_of_scope_reason, "policy.unknown_out_of_scope_reason"),
        (Policy.satisfaction, "policy.unknown_satisfaction"),
    ],
)
def test_a_code_the_policy_does_not_know_is_refused(lookup, code):
    with pytest.raises(DomainError) as refused:
        lookup(SHENYANG, "nope")
    assert refused.value.code == code and refused.value.details == {"code": "nope"}


def test_a_level_the_policy_does_not_have_is_refused():
    with pytest.raises(DomainError) as refused:
        SHENYANG.escalation_level(SHENYANG.max_escalation_level + 1)
    assert refused.value.code == "policy.unknown_level"


def test_a_known_code_gives_its_entry():
    assert SHENYANG.category("loan").label == "贷款"
    assert SHENYANG.nature("service").label == "服务类"
    assert SHENYANG.max_escalation_level == 3


def test_an_unknown_preset_is_refused():
    with pytest.raises(DomainError) as refused:
        preset("nope")
    assert refused.value.code == "policy.unknown_preset"


# ---- the stored form ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", PRESETS)
def test_a_preset_survives_its_stored_json_form(code):
    stored = json.loads(json.dumps(policy_to_dict(preset(code))))
    assert policy_from_dict(stored) == preset(code)


@pytest.mark.parametrize(
    "change",
    [
        {"colour": "red"},
        {"pause_mode": "sometimes"},
        {"classes": [{"code": "general", "label": "一般"}]},
        {"classes": [{"code": "general", "label": "一般", "feedback_limit": {"amount": -1}}]},
        {"response_limit": "ten minutes"},
        {"categories": ["loan"]},
    ],
    ids=[
        "unknown field",
        "unknown pause mode",
        "class without limit",
        "negative limit",
        "bad limit",
        "bare code",
    ],
)
def test_a_malformed_stored_policy_is_refused(change):
    with pytest.raises(DomainError) as refused:
        policy_from_dict({**policy_to_dict(SHENYANG), **change})
    assert refused.value.code == "policy.invalid"


def test_a_stored_policy_that_is_not_a_mapping_is_refused():
    with pytest.raises(DomainError) as refused:
        policy_from_dict([])  # type: ignore[arg-type]
    assert refused.value.code == "policy.invalid"


def test_a_stored_policy_missing_a_field_is_refused():
    stored = policy_to_dict(SHENYANG)
    del stored["classes"]
    with pytest.raises(DomainError) as refused:
        policy_from_dict(stored)
    assert refused.value.code == "policy.invalid"


# ---- problems -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", PRESETS)
def test_a_preset_has_no_problems(code):
    assert preset(code).problems() == []


GENERAL = CaseClass("general", "一般", days(1))
LEVEL_5 = EscalationLevel(5, "ministry", "部委")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"classes": ()}, "问题类型不能为空"),
        ({"classes": (GENERAL, GENERAL)}, "问题类型的代码不能重复"),
        ({"closing_satisfaction": ("delighted",)}, "可办结的满意度和差评须取自满意度等级"),
        ({"bad_rating": ("furious",)}, "可办结的满意度和差评须取自满意度等级"),
        ({"escalation_levels": (*SHENYANG.escalation_levels[:3], LEVEL_5)}, "处理层级须从 0 起连续编号"),
        ({"classes": (replace(GENERAL, handled_at_level=7),)}, "问题类型的起始处理层级不存在"),
        ({"calendar_cap_days": 0}, "自然日上限须大于 0"),
        ({"due_soon_minutes": -1}, "预警时间不能为负数"),
        ({"disposals": (Choice("transfer", "转办"),)}, "处理方式须包含当场办结和转办"),
    ],
)
def test_a_policy_that_cannot_work_names_its_problem(change, problem):
    assert replace(SHENYANG, **change).problems() == [problem]
