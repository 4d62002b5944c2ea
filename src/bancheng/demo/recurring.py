"""Demo of the recurring-problem groups (seed 002's guide card for a question several people ask, told with
公积金): four people from four phones could not withdraw their housing fund after leaving a company that has
since been deregistered; the first case is closed, so the office can draft a knowledge article from it. The
cases go through the real actions, all in the week that ended before the demo's day and the weeks before it;
then that week's detection runs as the Monday job would, flagging the group to the center office."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from bancheng.cases import actions as act
from bancheng.domain import recurring as rules
from bancheng.domain.calendar import TZ
from bancheng.recurring.services import detect_week

if TYPE_CHECKING:
    from bancheng.demo.stories import Demo

# (working days before the last working day of last week, name, phone, business, problem)
SIMILAR = (
    (8, "林晓", "13912345661", "离职提取", "原单位已经注销，开不出离职证明，离职提取公积金被退回"),
    (6, "周强", "13912345662", "住房公积金提取", "离职后提取公积金，窗口要离职证明，单位注销了开不了"),
    (3, "吴敏", "13912345663", "离职提取", "单位注销了没法开离职证明，无法办理离职提取"),
    (0, "郭亮", "13912345664", "公积金离职提取", "公司已注销，离职证明开不出来，提取申请被拒"),
)


def _at(day: object, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=TZ)  # type: ignore[arg-type]


def build_recurring(d: Demo) -> int:
    """Register the similar cases, close the first, detect last week's groups; returns the cases added."""
    week = rules.monday_of(d.today) - timedelta(days=7)
    last_day = d.cal.previous_working_day(week + timedelta(days=7))
    days = [d.cal.add_working_days(last_day, -ago) if ago else last_day for ago, *_ in SIMILAR]
    cases = [
        d.register(_at(day, 14, 0), name, phone, business, problem)
        for day, (_, name, phone, business, problem) in zip(days, SIMILAR, strict=True)
    ]
    first, officer = cases[0], d.people["officer"]
    d.assess(first, _at(days[0], 14, 20), d.easy, disposal="on_the_spot", cat=1)
    act.resolve_on_the_spot(
        first,
        actor=officer,
        resolution="单位已注销的，凭市场监管部门的注销证明和本人解除劳动关系的说明办理离职提取，无需离职证明",
        now=_at(days[0], 14, 40),
    )
    act.record_visit(
        first, actor=officer, contacted=True, solved=True, satisfaction=d.satisfied, now=_at(days[1], 10, 0)
    )
    act.close_case(first, actor=officer, now=_at(days[1], 10, 10))
    detect_week(week, now=_at(week + timedelta(days=7), 7, 30), rule=d.policy.recurring_rule())
    return len(cases)
