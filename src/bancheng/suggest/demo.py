"""The suggestions in the demo: train once after the demo cases are made (``train_after_demo``, hooked into
``bancheng demo``), and, for a demo that shows suggestions while registering, ``build_history``: closed
cases of the last months made through the real actions (register, assess, transfer, sign for, resolve,
feedback, visit, close) from the phrase banks of ``samples`` (shenyang preset only)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from bancheng.calendars.services import get_calendar
from bancheng.cases import actions as act
from bancheng.domain.calendar import TZ
from bancheng.org.choices import Role
from bancheng.org.models import Staff, Unit
from bancheng.policies.services import policy_of
from bancheng.suggest import samples, selectors
from bancheng.suggest.actions import train_models

HISTORY_MARK = "LS-"  # external number prefix of the history cases: loading twice adds nothing
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国志强"


def train_after_demo(out: Callable[[str], object] | None = None) -> None:
    """Train on what the demo holds; too little history only says so."""
    for result in train_models():
        if out is not None:
            out(result.message)


def _handler(unit: Unit) -> Staff:
    """The demo's handler of a unit the demo people do not cover (an account that cannot sign in)."""
    staff = Staff.objects.filter(unit=unit, role=Role.HANDLER).order_by("pk").first()
    if staff is None:
        staff = Staff(
            username=f"hist-{unit.code.lower()}", full_name=f"{unit.name}承办人", role=Role.HANDLER, unit=unit
        )
        staff.set_unusable_password()
        staff.save()
    return staff


def build_history(*, count: int = 120, seed: int = 11, out: Callable[[str], object] | None = None) -> int:
    """``count`` closed cases spread over the last six months, through the actions; nothing when they exist
    already or the units of the shenyang demo are missing."""
    if selectors.cases_with_external_prefix(HISTORY_MARK):
        return 0
    units = {u.code: u for u in Unit.objects.filter(code__in=samples.UNITS, active=True)}
    policy = policy_of(None)
    if set(units) != set(samples.UNITS) or not set(samples.CATEGORIES) <= {c.code for c in policy.categories}:
        if out is not None:
            out("历史诉求件只适用于沈阳演示（shenyang preset），未添加")
        return 0
    officer = Staff.objects.get(username="officer")
    cal = get_calendar()
    rng = random.Random(seed)
    today = cal.previous_working_day(timezone.now().astimezone(TZ).date())
    klass = policy.classes[-1].code
    satisfied = next(c.code for c in policy.satisfaction_scale if c.code in policy.closing_satisfaction)
    handlers = {code: _handler(unit) for code, unit in units.items()}
    made = 0
    for index, sample in enumerate(samples.generate(count, seed=seed)):
        day = cal.add_working_days(today, -rng.randint(25, 130))
        start = datetime.combine(day, time(9, rng.randint(0, 50)), tzinfo=TZ)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        with transaction.atomic():
            case = act.register_case(
                actor=officer,
                channel=rng.choice(["onsite", "onsite", "phone", "online"]),
                requester_name=name,
                requester_phone=f"139{rng.randint(10_000_000, 99_999_999)}",
                business=sample.business,
                problem=sample.problem,
                external_number=f"{HISTORY_MARK}{index + 1:04d}",
                now=start,
            )
            act.assess_case(
                case,
                actor=officer,
                category=sample.category,
                nature="service",
                case_class=klass,
                disposal="transfer",
                now=start + timedelta(minutes=20),
            )
            (assignment,) = act.transfer_case(
                case,
                actor=officer,
                to=[act.TransferTo(units[sample.unit].pk, "请核实情况并按期答复")],
                now=start + timedelta(minutes=40),
            )
            handler = handlers[sample.unit]
            act.sign_for_assignment(assignment, actor=handler, now=start + timedelta(hours=2))
            done = datetime.combine(cal.add_working_days(day, 2), time(15, 0), tzinfo=TZ)
            act.record_resolution(assignment, actor=handler, resolution="已核实并办理完毕", now=done)
            act.give_feedback(
                case, actor=officer, feedback="已电话告知办理结果", solved=True, now=done + timedelta(hours=1)
            )
            visit = done + timedelta(days=1)
            act.record_visit(
                case, actor=officer, contacted=True, solved=True, satisfaction=satisfied, now=visit
            )
            act.close_case(case, actor=officer, now=visit + timedelta(minutes=10))
        made += 1
    return made
