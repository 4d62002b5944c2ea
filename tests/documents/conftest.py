"""A demo case with every form's data: registered, assessed, transferred to two units (one of them
signed, supervised, resolved), paused with a one-time notice, fed back, visited, closed."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "documents"


def build_full_case(org, *, archive: bool = False):
    from bancheng.cases import actions as act
    from tests.support import shanghai

    policy_classes = {"shenyang": "difficult", "shanting": "general"}
    preset = _preset()
    klass = policy_classes[preset]
    case = org.register(
        shanghai(2026, 3, 2, 9, 30),
        requester_name="欧阳娜娜",
        requester_phone="13912340001",
        business="住房公积金提取",
        problem="提取申请被退回三次，每次说法不同",
        special_needs="需要老花镜",
    )
    act.assess_case(
        case,
        actor=org.officer,
        category=org.policy.categories[0].code,
        nature="service",
        case_class=klass,
        disposal="transfer",
        now=shanghai(2026, 3, 2, 9, 40),
    )
    act.pause_case(
        case,
        actor=org.officer,
        missing_materials=["身份证复印件", "银行卡"],
        note="容缺受理，材料补齐后继续办理",
        now=shanghai(2026, 3, 2, 9, 45),
    )
    act.resume_case(case, actor=org.officer, now=shanghai(2026, 3, 3, 9, 0))
    first, second = act.transfer_case(
        case,
        actor=org.officer,
        to=[
            act.TransferTo(org.unit("DEP-1").pk, "请核实退件原因并答复"),
            act.TransferTo(org.unit("EXT-TAX").pk, "请协助核对纳税记录"),
        ],
        now=shanghai(2026, 3, 3, 10, 0),
    )
    act.sign_for_assignment(first, actor=org.handler, now=shanghai(2026, 3, 3, 11, 0))
    act.sign_for_assignment(second, actor=org.handler2, now=shanghai(2026, 3, 3, 11, 30))
    notice = act.issue_supervision_notice(
        first,
        actor=org.office,
        content="该事项办理进度缓慢",
        requirement="请加快办理并书面答复",
        now=shanghai(2026, 3, 4, 9, 0),
    )
    act.answer_supervision_notice(
        notice, actor=org.handler, answer="已安排专人办理", now=shanghai(2026, 3, 4, 15, 0)
    )
    act.record_resolution(
        first, actor=org.handler, resolution="已核实并更正单位信息", now=shanghai(2026, 3, 5, 10, 0)
    )
    act.record_resolution(
        second, actor=org.handler2, resolution="纳税记录无误", now=shanghai(2026, 3, 5, 11, 0)
    )
    act.give_feedback(
        case, actor=org.officer, feedback="已电话告知办理结果", solved=True, now=shanghai(2026, 3, 5, 15, 0)
    )
    act.record_visit(
        case,
        actor=org.officer,
        contacted=True,
        solved=True,
        satisfaction="satisfied",
        comment="满意",
        now=shanghai(2026, 3, 6, 10, 0),
    )
    act.close_case(case, actor=org.officer, now=shanghai(2026, 3, 6, 10, 5))
    if archive:
        act.archive_case(case, actor=org.officer, now=shanghai(2026, 3, 9, 9, 0))
    case.refresh_from_db()
    return case


def _preset():
    from bancheng.policies.services import policy_of

    return policy_of(None).preset


@pytest.fixture(params=["shenyang", "shanting"])
def preset_org(request, db):
    """The demo organization under each preset whose forms the seeds give."""
    from bancheng.policies.services import policy_of
    from tests.support import make_org

    org = make_org(request.param)
    org.policy = policy_of(None)
    return org


@pytest.fixture
def full_case(preset_org):
    return build_full_case(preset_org)


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
