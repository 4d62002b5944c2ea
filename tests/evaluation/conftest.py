from __future__ import annotations

from datetime import timedelta

import pytest

from bancheng.cases import actions as act
from tests.support import shanghai

MAY = "2026-05"
AS_OF = shanghai(2026, 6, 15, 12)


@pytest.fixture
def demo(db):
    """The demo organization and cases under the shenyang preset; returns the staff by username."""
    from django.core.management import call_command

    from bancheng.org.models import Staff

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {s.username: s for s in Staff.objects.all()}


@pytest.fixture
def as_user(client, demo):
    def sign_in(username):
        client.force_login(demo[username])
        return client

    return sign_in


def _transfer(org, case, unit, at):
    return act.transfer_case(
        case, actor=org.officer, to=[act.TransferTo(org.unit(unit).pk, "请核实并答复")], now=at
    )[0]


def _feedback_and_visit(org, case, at, satisfaction):
    act.give_feedback(case, actor=org.officer, feedback="已告知结果", solved=True, now=at)
    act.record_visit(
        case,
        actor=org.officer,
        contacted=True,
        solved=False,
        satisfaction=satisfaction,
        now=at + timedelta(hours=2),
    )


@pytest.fixture
def may(org):
    """A small known May 2026 under the shenyang preset:

    - A: DEP-1 signs on 05-11 and resolves on 06-05, long after its deadline: one late item;
    - B: EXT-TAX resolves the day it signs; the requester is unsatisfied on 05-14: one bad rating;
    - C: EXT-BANK returns it (non-cooperation), it goes to EXT-TAX, which resolves it; unsatisfied on 05-15:
      a second bad rating for EXT-TAX, none for EXT-BANK;
    - D: DEP-1 gets a supervision notice on 05-13 and never answers it (non-cooperation), resolves on time;
    - E: EXT-TAX gets a notice and answers it the same day: a notice, no non-cooperation.
    """
    day = lambda d, h=10: shanghai(2026, 5, d, h)  # noqa: E731
    a = _transfer(org, org.assessed(day(11, 9)), "DEP-1", day(11))
    act.sign_for_assignment(a, actor=org.handler, now=day(11, 11))
    act.record_resolution(a, actor=org.handler, resolution="已办理", now=shanghai(2026, 6, 5, 10))

    case_b = org.assessed(day(12, 9))
    b = _transfer(org, case_b, "EXT-TAX", day(12))
    act.sign_for_assignment(b, actor=org.handler2, now=day(12, 11))
    act.record_resolution(b, actor=org.handler2, resolution="已办理", now=day(12, 15))
    _feedback_and_visit(org, case_b, day(13), "unsatisfied")

    case_c = org.assessed(day(12, 9))
    c = _transfer(org, case_c, "EXT-BANK", day(12))
    act.return_assignment(c, actor=org.handler3, reason="不属于本单位职责", now=day(13))
    c2 = _transfer(org, case_c, "EXT-TAX", day(13, 14))
    act.sign_for_assignment(c2, actor=org.handler2, now=day(13, 15))
    act.record_resolution(c2, actor=org.handler2, resolution="已办理", now=day(13, 16))
    _feedback_and_visit(org, case_c, day(14), "unsatisfied")

    d = _transfer(org, org.assessed(day(12, 9)), "DEP-1", day(12))
    act.sign_for_assignment(d, actor=org.handler, now=day(12, 11))
    act.issue_supervision_notice(
        d, actor=org.office, content="请按期办结", requirement="两日内答复", now=day(13)
    )
    act.record_resolution(d, actor=org.handler, resolution="已办理", now=day(13, 15))

    e = _transfer(org, org.assessed(day(18, 9)), "EXT-TAX", day(18))
    act.sign_for_assignment(e, actor=org.handler2, now=day(18, 11))
    notice = act.issue_supervision_notice(
        e, actor=org.office, content="请加快", requirement="当日答复", now=day(18, 12)
    )
    act.answer_supervision_notice(notice, actor=org.handler2, answer="已落实", now=day(18, 15))
    act.record_resolution(e, actor=org.handler2, resolution="已办理", now=day(18, 16))
    return org
