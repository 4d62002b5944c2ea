"""Demo cases in every state, made only through the actions, at realistic times: among them the long
social-insurance story of seed 002 (2022-12 to 2025-06) with its pauses and several submissions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from bancheng.calendars.services import get_calendar
from bancheng.cases import actions as act
from bancheng.cases.models import Case
from bancheng.catalog.demo import build_catalog
from bancheng.demo.recurring import build_recurring
from bancheng.domain.calendar import TZ
from bancheng.domain.deadlines import Limit, LimitUnit
from bancheng.domain.policy import Policy
from bancheng.knowledge.demo import build_articles
from bancheng.org.models import Staff, Unit
from bancheng.search.demo import build_search_index

__all__ = ["Demo", "build_cases"]


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=TZ)


@dataclass
class Demo:
    policy: Policy
    people: dict[str, Staff]
    units: dict[str, Unit]
    today: date
    items: dict[str, Any] = field(default_factory=dict)  # the demo catalog's service items by code

    def __post_init__(self) -> None:
        self.cal = get_calendar()
        scale = [c.code for c in self.policy.satisfaction_scale]
        self.satisfied = next(c for c in scale if c in self.policy.closing_satisfaction)
        self.unsatisfied = next(c for c in reversed(scale) if c not in self.policy.closing_satisfaction)
        self.easy = self.policy.classes[0].code
        self.hard = self.policy.classes[-1].code

    def day(self, working_days_ago: int) -> date:
        """``today`` is the last working day before the demo was loaded, so every demo event is past."""
        return self.cal.add_working_days(self.today, -working_days_ago) if working_days_ago else self.today

    def category(self, index: int) -> str:
        return self.policy.categories[index % len(self.policy.categories)].code

    def register(
        self, when: datetime, name: str, phone: str, business: str, problem: str, **extra: Any
    ) -> Case:
        return act.register_case(
            actor=self.people["officer"],
            channel=extra.pop("channel", "onsite"),
            requester_name=name,
            requester_phone=phone,
            business=business,
            problem=problem,
            now=when,
            **extra,
        )

    def assess(
        self, case: Case, when: datetime, klass: str, disposal: str = "transfer", cat: int = 0
    ) -> None:
        act.assess_case(
            case,
            actor=self.people["officer"],
            category=self.category(cat),
            nature="service",
            case_class=klass,
            disposal=disposal,
            now=when,
        )

    def transfer(
        self, case: Case, when: datetime, *units: str, instructions: str = "请核实情况并按期答复"
    ) -> list:
        return act.transfer_case(
            case,
            actor=self.people["officer"],
            to=[act.TransferTo(self.units[u].pk, instructions) for u in units],
            now=when,
        )


def _story_registered(d: Demo) -> None:
    d.register(
        at(d.day(0), 9, 5),
        "钱多多",
        "13912345601",
        "住房公积金提取",
        "租房提取被系统退回，窗口说材料不全但说不清缺什么",
        channel="phone",
        service_item=d.items.get("GJJ-TQ-01"),
    )


def _story_assessed(d: Demo) -> None:
    c = d.register(at(d.day(0), 9, 20), "孙小美", "13912345602", "公积金贷款", "贷款审批超过承诺时限仍无结果")
    d.assess(c, at(d.day(0), 9, 40), d.hard, cat=2)


def _story_transferred(d: Demo) -> None:
    c = d.register(at(d.day(1), 10, 0), "周大福", "13912345603", "单位缴存登记", "单位开户材料被三次退回")
    d.assess(c, at(d.day(1), 10, 15), d.hard, cat=0)
    d.transfer(c, at(d.day(1), 10, 30), "DEP-1", "DEP-2")
    a = c.assignments.get(unit__code=d.units["DEP-1"].code)
    act.sign_for_assignment(a, actor=d.people["handler"], now=at(d.day(1), 14, 0))


def _story_overdue_with_notice(d: Demo) -> None:
    c = d.register(at(d.day(8), 9, 30), "吴敏", "13912345604", "异地转移接续", "转入申请提交两个月未到账")
    d.assess(c, at(d.day(8), 9, 50), d.easy, cat=3)
    (a,) = d.transfer(c, at(d.day(8), 10, 0), "DEP-1")
    act.sign_for_assignment(a, actor=d.people["handler"], now=at(d.day(8), 11, 0))
    act.urge_unit(a, actor=d.people["officer"], note="电话催办", now=at(d.day(6), 9, 0))
    from bancheng.cases.recompute import mark_deadlines

    mark_deadlines(now=at(d.day(4), 9, 0))
    act.issue_supervision_notice(
        a,
        actor=d.people["office"],
        content="该事项已超过办理时限未办结",
        requirement="请于收到督办单后按时限落实并书面答复",
        now=at(d.day(4), 9, 30),
    )


def _story_paused(d: Demo) -> None:
    c = d.register(
        at(d.day(2), 15, 0),
        "郑和平",
        "13912345605",
        "退休提取",
        "账户未封存无法销户提取",
        service_item=d.items.get("GJJ-TQ-03"),
    )
    d.assess(c, at(d.day(2), 15, 20), d.hard, cat=1)
    act.pause_case(
        c,
        actor=d.people["officer"],
        missing_materials=["单位出具的封存证明", "退休证原件及复印件", "本人银行卡"],
        note="容缺受理，材料补齐后继续办理",
        now=at(d.day(2), 15, 40),
    )


def _story_escalated_with_extension(d: Demo) -> None:
    c = d.register(
        at(d.day(3), 9, 0),
        "冯志远",
        "13912345606",
        "二手房公积金贷款",
        "评估价与成交价不一致，贷款额度核定争议",
    )
    d.assess(c, at(d.day(3), 9, 30), d.hard, cat=2)
    (a,) = d.transfer(c, at(d.day(3), 10, 0), "DEP-1")
    act.escalate_case(
        c, actor=d.people["officer"], reason="涉及跨部门政策口径，需提级协调", now=at(d.day(3), 10, 30)
    )
    act.sign_for_assignment(a, actor=d.people["handler"], now=at(d.day(3), 11, 0))
    act.request_extension(
        a.deadlines.get(),
        actor=d.people["handler"],
        extra=Limit(3, LimitUnit.WORKING_DAYS),
        reason="需调取房产交易数据核实",
        now=at(d.day(2), 9, 0),
    )


def _story_on_the_spot(d: Demo) -> None:
    c = d.register(at(d.day(0), 10, 0), "陈一", "13912345607", "缴存证明打印", "自助机无法打印缴存证明")
    d.assess(c, at(d.day(0), 10, 5), d.easy, disposal="on_the_spot", cat=0)
    act.resolve_on_the_spot(
        c, actor=d.people["officer"], resolution="协调大厅首席代表当场打印并盖章", now=at(d.day(0), 10, 20)
    )


def _answered_case(d: Demo, ago: int, name: str, phone: str, business: str, problem: str) -> Case:
    c = d.register(at(d.day(ago), 9, 0), name, phone, business, problem)
    d.assess(c, at(d.day(ago), 9, 20), d.hard, cat=1)
    (a,) = d.transfer(c, at(d.day(ago), 9, 40), "DEP-1")
    act.sign_for_assignment(a, actor=d.people["handler"], now=at(d.day(ago), 10, 0))
    act.record_resolution(
        a, actor=d.people["handler"], resolution="已核实并更正系统数据", now=at(d.day(ago - 1), 15, 0)
    )
    act.give_feedback(
        c,
        actor=d.people["officer"],
        feedback="已电话告知办理结果",
        solved=True,
        now=at(d.day(ago - 1), 16, 0),
    )
    return c


def _story_visited_unsatisfied(d: Demo) -> None:
    c = _answered_case(d, 6, "蒋文", "13912345608", "提取额度", "提取额度计算与政策不符")
    act.record_visit(
        c,
        actor=d.people["officer"],
        contacted=True,
        solved=False,
        satisfaction=d.unsatisfied,
        comment="认为额度仍然偏低",
        now=at(d.day(4), 10, 0),
    )


def _story_closed(d: Demo) -> None:
    c = _answered_case(d, 10, "沈清", "13912345609", "缴存基数调整", "基数调整申请被退回")
    act.record_visit(
        c,
        actor=d.people["officer"],
        contacted=True,
        solved=True,
        satisfaction=d.satisfied,
        now=at(d.day(8), 10, 0),
    )
    act.close_case(c, actor=d.people["officer"], now=at(d.day(8), 10, 10))


def _story_closed_compliant(d: Demo) -> None:
    c = _answered_case(d, 12, "韩梅", "13912345610", "购房提取", "外地购房提取被拒")
    act.record_visit(
        c,
        actor=d.people["officer"],
        contacted=True,
        solved=False,
        satisfaction=d.unsatisfied,
        now=at(d.day(10), 10, 0),
    )
    act.close_case(
        c,
        actor=d.people["officer"],
        compliance_reason="答复符合《住房公积金管理条例》第二十四条及本市提取政策，已向诉求人出具政策依据",
        now=at(d.day(10), 10, 30),
    )


def _story_out_of_scope(d: Demo) -> None:
    c = d.register(at(d.day(1), 11, 0), "杜峰", "13912345611", "劳动争议", "要求窗口裁决与原单位的工资纠纷")
    act.rule_out_of_scope(
        c,
        actor=d.people["officer"],
        reason=d.policy.out_of_scope_reasons[-1].code,
        guidance="属涉法涉诉事项，不在“办不成事”受理范围；已告知可向劳动人事争议仲裁委员会申请仲裁",
        now=at(d.day(1), 11, 20),
    )


def _story_withdrawn(d: Demo) -> None:
    c = d.register(at(d.day(5), 14, 0), "曹操", "13912345612", "账户合并", "两个个人账户无法合并")
    d.assess(c, at(d.day(5), 14, 20), d.easy, cat=4)
    act.withdraw_case(
        c, actor=d.people["officer"], reason="诉求人已通过网厅自行办理，申请撤回", now=at(d.day(4), 9, 0)
    )


def _story_negative_filing(d: Demo) -> None:
    c = d.register(at(d.day(9), 9, 0), "许仙", "13912345613", "提前支取", "要求提前支取公积金用于经营")
    d.assess(c, at(d.day(9), 9, 30), d.hard, cat=1)
    act.escalate_case(c, actor=d.people["officer"], reason="政策无依据，需提级研究", now=at(d.day(9), 10, 0))
    act.file_negative(
        c,
        actor=d.people["service"],
        legal_basis="《住房公积金管理条例》第二十四条：提取情形限定，经营用途不属可提取情形",
        explanation="经中心主任办公会研究，该诉求确无政策依据办理，已向诉求人当面解释说明",
        now=at(d.day(7), 15, 0),
    )


def _story_reopened(d: Demo) -> None:
    c = _answered_case(d, 7, "林木", "13912345614", "贷款结清", "贷款结清后抵押未解除")
    act.record_visit(
        c,
        actor=d.people["officer"],
        contacted=True,
        solved=False,
        satisfaction=d.unsatisfied,
        now=at(d.day(5), 10, 0),
    )
    act.reopen_case(
        c, actor=d.people["officer"], reason="经核实答复不完整，抵押解除手续仍未办理", now=at(d.day(5), 11, 0)
    )
    act.refer_case(
        c,
        actor=d.people["officer"],
        content="经办人员多次推诿，存在慢作为问题",
        now=at(d.day(5), 11, 30),
    )


def _story_archived(d: Demo) -> None:
    c = _answered_case(d, 15, "马兰", "13912345615", "缴存证明", "缴存证明单位名称错误")
    act.record_visit(
        c,
        actor=d.people["officer"],
        contacted=True,
        solved=True,
        satisfaction=d.satisfied,
        now=at(d.day(13), 10, 0),
    )
    act.close_case(c, actor=d.people["officer"], now=at(d.day(13), 10, 5))
    act.archive_case(c, actor=d.people["officer"], now=at(d.day(12), 9, 0))


def _story_social_insurance(d: Demo) -> None:
    """Seed 002: 杨女士 asked the window in 2022-12 to recover social-insurance payments her former
    employer never made (2009-04-10 to 2012-05); she had 152 of the 180 months needed to retire."""
    o, tax, bank, leader = d.people["officer"], d.people["handler2"], d.people["handler3"], d.people["leader"]
    c = d.register(
        at(date(2022, 12, 5), 10, 0),
        "杨桂芳",
        "13800135678",
        "追缴社保费（社保投诉）",
        "已到退休年龄，仅缴纳152个月社保，未满180个月退休条件；原公司2009年4月10日至2012年5月未依法为其购买职工社会保险，"
        "需向税务局提出追缴投诉，但收集十多年前的申请材料非常困难。",
        special_needs="识字能力欠缺，需要帮办代办",
    )
    d.assess(c, at(date(2022, 12, 5), 10, 30), d.hard, cat=5)
    act.pause_case(
        c,
        actor=o,
        missing_materials=["原单位劳动合同或工作证明", "显示对方账户名称的银行工资流水", "身份证复印件"],
        note="多次电话沟通，协助杨女士收集材料",
        now=at(date(2022, 12, 6), 9, 30),
    )
    act.resume_case(c, actor=o, note="收集到杨女士所能提供的材料", now=at(date(2023, 3, 31), 9, 0))
    (first,) = d.transfer(
        c, at(date(2023, 3, 31), 9, 30), "EXT-TAX", instructions="首次提交追缴社保材料，请初审"
    )
    act.sign_for_assignment(first, actor=tax, now=at(date(2023, 3, 31), 14, 0))
    act.record_resolution(
        first,
        actor=tax,
        resolution="初审：按最新文件要求，缺少工作证明材料和有效的银行流水账单，暂时无法提单",
        now=at(date(2023, 4, 3), 16, 0),
    )
    act.pause_case(
        c,
        actor=o,
        missing_materials=["工作证明材料（劳动合同等）", "显示对方账户名称的有效银行工资流水账单"],
        now=at(date(2023, 4, 4), 10, 0),
    )
    act.resume_case(
        c, actor=o, note="杨女士整理物品时发现劳动合同并移交窗口", now=at(date(2024, 1, 15), 9, 0)
    )
    (second,) = d.transfer(
        c, at(date(2024, 1, 15), 9, 30), "EXT-TAX", instructions="请初审劳动合同是否符合投诉要求"
    )
    act.sign_for_assignment(second, actor=tax, now=at(date(2024, 1, 15), 15, 0))
    act.record_resolution(
        second,
        actor=tax,
        resolution="劳动合同符合投诉要求；银行流水未显示对方账号名称，需通过银行途径解决",
        now=at(date(2024, 1, 17), 11, 0),
    )
    (bank_part,) = d.transfer(
        c, at(date(2024, 1, 18), 9, 0), "EXT-BANK", instructions="协助出具显示对方账户名称的工资流水账单"
    )
    act.sign_for_assignment(bank_part, actor=bank, now=at(date(2024, 1, 18), 10, 0))
    act.pause_case(
        c,
        actor=o,
        missing_materials=["两家银行出具的工资流水账单（显示对方账户名称）"],
        note="引导杨女士到银行及银保监会清远监管分局提出申请",
        now=at(date(2024, 1, 19), 9, 0),
    )
    act.resume_case(c, actor=o, note="已领取符合要求的银行工资流水账单", now=at(date(2024, 12, 20), 9, 0))
    act.record_resolution(
        bank_part, actor=bank, resolution="已出具符合要求的工资流水账单", now=at(date(2024, 12, 20), 10, 0)
    )
    (third,) = d.transfer(
        c, at(date(2025, 1, 23), 9, 30), "EXT-TAX", instructions="再次提交修改后的追缴社保投诉申请"
    )
    act.sign_for_assignment(third, actor=tax, now=at(date(2025, 1, 23), 10, 0))
    ext = act.request_extension(
        third.deadlines.get(),
        actor=tax,
        extra=Limit(30, LimitUnit.WORKING_DAYS),
        reason="需联合人社局和相关企业约谈，申请材料需针对性修改",
        now=at(date(2025, 1, 24), 9, 0),
    )
    act.approve_extension(ext, actor=leader, note="同意延期", now=at(date(2025, 1, 24), 11, 0))
    act.record_resolution(
        third,
        actor=tax,
        resolution="2025年3月初正式受理，经审批完成补缴手续，社保账号已完成补缴",
        now=at(date(2025, 6, 10), 10, 0),
    )
    act.give_feedback(
        c,
        actor=o,
        feedback="税务局来电告知审批已完成，杨女士到社保局查实补缴手续已完成，可办理退休",
        solved=True,
        now=at(date(2025, 6, 11), 9, 0),
    )
    act.record_visit(
        c,
        actor=o,
        contacted=True,
        solved=True,
        satisfaction=d.satisfied,
        comment="送来锦旗表示感谢",
        now=at(date(2025, 6, 16), 10, 0),
    )
    act.close_case(c, actor=o, now=at(date(2025, 6, 16), 10, 30))
    act.archive_case(c, actor=o, now=at(date(2025, 6, 20), 9, 0))


STORIES: list[Callable[[Demo], None]] = [
    _story_social_insurance,
    _story_archived,
    _story_closed_compliant,
    _story_closed,
    _story_negative_filing,
    _story_overdue_with_notice,
    _story_reopened,
    _story_visited_unsatisfied,
    _story_withdrawn,
    _story_escalated_with_extension,
    _story_paused,
    _story_transferred,
    _story_out_of_scope,
    _story_assessed,
    _story_on_the_spot,
    _story_registered,
]


def build_cases(demo: Demo) -> int:
    demo.items = build_catalog(demo.policy.preset, actor=demo.people["admin"], now=at(demo.day(60), 8, 30))
    for story in STORIES:
        story(demo)
    build_recurring(demo)  # bancheng.recurring: similar cases from several requesters, last week's groups
    build_articles(demo)  # bancheng.knowledge: the social-insurance case drafted into a published article
    build_search_index(demo)  # bancheng.search: index what the demo built (last: after articles and items)
    return len(STORIES)
