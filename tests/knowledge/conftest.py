"""A case of the shenyang demo organization that runs to closure, with the requester's data written into its
notes the way officers write (杨女士, her phone, her enterprise), so that drafting must remove it."""

from __future__ import annotations

from datetime import datetime

import pytest

from bancheng.cases import actions as act
from bancheng.domain.calendar import TZ

NAME, PHONE, ENTERPRISE = "杨桂芳", "13800135678", "沈阳华信科技有限公司"
AT = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=TZ)


def run_to_closure(org, case) -> None:
    officer = org.officer
    act.assess_case(
        case, actor=officer, category="withdrawal", nature="service", case_class="difficult",
        disposal="transfer", now=at(2, 10),
    )  # fmt: skip
    act.pause_case(
        case,
        actor=officer,
        missing_materials=["原单位劳动合同", "银行工资流水"],
        note=f"电话 {PHONE} 联系杨女士，协助收集材料",
        now=at(2, 11),
    )
    act.resume_case(case, actor=officer, note="杨女士补齐了劳动合同", now=at(3, 9))
    (first,) = act.transfer_case(
        case, actor=officer, to=[act.TransferTo(org.unit("DEP-GJ").pk, "请初审")], now=at(3, 10)
    )
    act.sign_for_assignment(first, actor=org.handler, now=at(3, 11))
    act.record_resolution(
        first, actor=org.handler, resolution="初审：缺少银行流水，暂时无法受理", now=at(3, 15)
    )
    (second,) = act.transfer_case(
        case, actor=officer, to=[act.TransferTo(org.unit("DEP-GJ").pk, "请再次审核")], now=at(4, 10)
    )
    act.sign_for_assignment(second, actor=org.handler, now=at(4, 11))
    act.record_resolution(
        second, actor=org.handler, resolution=f"{NAME}的提取申请已办结，款项已到账", now=at(4, 15)
    )
    act.give_feedback(
        case,
        actor=officer,
        feedback=f"已电话（{PHONE}）告知杨女士办理结果",
        solved=True,
        basis="《住房公积金管理条例》第二十四条",
        now=at(5, 9),
    )
    act.record_visit(
        case, actor=officer, contacted=True, solved=True, satisfaction="satisfied", now=at(5, 10)
    )
    act.close_case(case, actor=officer, now=at(5, 11))
    case.refresh_from_db()


@pytest.fixture
def open_case(org):
    return org.register(
        at(2, 9),
        requester_name=NAME,
        requester_phone=PHONE,
        requester_kind="enterprise",
        requester_enterprise=ENTERPRISE,
        business="离职提取住房公积金",
        problem=f"{NAME}（{PHONE}）离职后在{ENTERPRISE}的公积金提取被退回三次，身份证110101196504123021",
    )


@pytest.fixture
def closed_case(org, open_case):
    run_to_closure(org, open_case)
    return open_case


@pytest.fixture
def draft(org, closed_case):
    from bancheng.knowledge.actions import draft_article_from_case

    return draft_article_from_case(closed_case, actor=org.officer, now=at(6))
