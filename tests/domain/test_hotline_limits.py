from bancheng.domain.hotline import REQUEST_TYPES, limit_problems
from bancheng.domain.policy import HOTLINE_LIMITS


def test_the_default_limits_have_no_problems():
    assert limit_problems(HOTLINE_LIMITS) == []


def test_every_request_type_needs_one_limit_of_one_to_sixty_working_days():
    limits = [("咨询", 0), ("求助", 61), ("建议", 10), ("投诉", 15), ("投诉", 10), ("抱怨", 3)]
    assert limit_problems(limits) == [
        "12345“咨询”的办理时限须至少为 1 个工作日",
        "12345“求助”的办理时限不能超过 60 个工作日",
        "12345诉求类型“投诉”重复设置了办理时限",
        "12345诉求类型“抱怨”无效，应为咨询、求助、建议、投诉或举报",
        "请设置12345诉求类型举报的办理时限",
    ]


def test_no_limits_at_all_names_every_missing_type():
    assert limit_problems([]) == [f"请设置12345诉求类型{'、'.join(REQUEST_TYPES)}的办理时限"]


def test_a_policy_with_bad_hotline_limits_has_those_problems():
    from dataclasses import replace

    from bancheng.domain.policy import preset

    policy = replace(preset("shenyang"), hotline_limits=(("咨询", 0), *HOTLINE_LIMITS[1:]))
    assert "12345“咨询”的办理时限须至少为 1 个工作日" in policy.problems()
