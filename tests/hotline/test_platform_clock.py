"""A hotline case carries the 12345 platform's own clock (kind ``platform``) next to its class deadline:
opened at registration from the policy's limit for its 诉求类型, shown on the case page, marked by the
periodic sweep on the right working day (real holidays), met with the feedback."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bancheng.cases.recompute import mark_deadlines
from bancheng.domain.calendar import TZ
from bancheng.domain.hotline import DEFAULT_MAPPING
from bancheng.domain.policy import HOTLINE_LIMITS, policy_from_dict, policy_to_dict, preset
from bancheng.hotline.services import import_orders
from tests.hotline.conftest import GOOD, HEADINGS, give_feedback
from tests.support import shanghai

# Wednesday before the National Day holidays (2026-10-01..07 off; 10-08 and 10-09 are working days).
T0 = shanghai(2026, 9, 30, 10, 0)


def _register(demo, kind):
    order = dict(zip(HEADINGS, GOOD[0], strict=True))
    order["诉求类型"] = kind
    report = import_orders([order], actor=demo["officer"], mapping=DEFAULT_MAPPING, now=T0)
    from bancheng.cases.models import Case

    return Case.objects.get(number=report.rows[0].case_number)


def test_default_platform_limits_per_request_type():
    assert dict(HOTLINE_LIMITS) == {"咨询": 2, "求助": 10, "建议": 10, "投诉": 15, "举报": 15}


def test_hotline_limits_survive_policy_serialization():
    policy = replace(preset("shenyang"), hotline_limits=(("咨询", 3), ("投诉", 20)))
    assert policy_from_dict(policy_to_dict(policy)) == policy


def test_consultation_gets_a_two_working_day_platform_deadline_skipping_the_holidays(demo):
    case = _register(demo, "咨询")
    platform = case.deadlines.get(kind="platform")
    assert platform.limit_amount == 2
    assert platform.due_at.astimezone(TZ).date() == date(2026, 10, 9)


def test_complaint_gets_fifteen_working_days(demo):
    case = _register(demo, "投诉")
    assert case.deadlines.get(kind="platform").limit_amount == 15


def test_the_sweep_warns_then_marks_the_platform_deadline_overdue(demo):
    case = _register(demo, "咨询")
    mark_deadlines(now=shanghai(2026, 10, 7, 16, 0))  # still the holidays
    assert case.deadlines.get(kind="platform").status == "on_track"
    mark_deadlines(now=shanghai(2026, 10, 9, 16, 0))
    assert case.deadlines.get(kind="platform").status == "due_soon"
    mark_deadlines(now=shanghai(2026, 10, 10, 9, 0))  # Saturday, a make-up working day
    assert case.deadlines.get(kind="platform").status == "overdue"


def test_feedback_meets_the_platform_deadline(demo):
    case = _register(demo, "求助")
    give_feedback(case, demo, shanghai(2026, 10, 9, 9, 0))
    platform = case.deadlines.get(kind="platform")
    assert platform.met_at == shanghai(2026, 10, 9, 9, 0) and platform.cancelled_at is None
    assert case.deadlines.get(kind="feedback").met_at == platform.met_at


def test_case_page_shows_the_platform_clock(client, demo):
    case = _register(demo, "咨询")
    client.force_login(demo["officer"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "12345平台时限" in page
    assert "QY12345-2026-0001" in page


def test_case_page_shows_the_request_type_beside_both_clocks(client, demo):
    from bancheng.cases import actions as act
    from bancheng.policies.services import policy_of

    case = _register(demo, "投诉")
    p = policy_of(None)
    act.assess_case(
        case,
        actor=demo["officer"],
        category=p.categories[0].code,
        nature=p.natures[0].code,
        case_class=p.classes[0].code,
        disposal="transfer",
        now=T0,
    )
    assert case.events.get(action="register").data["request_type"] == "投诉"
    client.force_login(demo["officer"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "诉求类型：<strong>投诉</strong>" in page
    assert "12345平台时限（投诉）" in page and "反馈时限" in page


def test_the_request_type_of_an_older_case_is_read_from_its_problem_text(demo):
    """Cases registered before the type was kept in the event: the order details in the problem text."""
    from types import SimpleNamespace

    from bancheng.audit.models import Event
    from bancheng.cases import selectors as sel

    problem = "材料被退回\n【12345工单 QY-1｜举报】；所属区域：清城区"
    older = SimpleNamespace(channel="hotline", problem=problem, events=Event.objects.none())
    assert sel.hotline_request_type(older) == "举报"
    assert sel.hotline_request_type(SimpleNamespace(channel="online", problem=problem)) == ""
