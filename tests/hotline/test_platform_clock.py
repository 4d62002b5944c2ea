"""A hotline case carries the 12345 platform's own clock (kind ``platform``) next to its class deadline:
opened at registration from the policy's limit for its 诉求类型, shown on the case page, marked by the
periodic sweep on the right working day (real holidays), met with the feedback."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bancheng.calendars.services import get_calendar
from bancheng.cases.actions.registration import meet_case_deadlines
from bancheng.cases.recompute import mark_deadlines
from bancheng.domain.calendar import TZ
from bancheng.domain.hotline import DEFAULT_MAPPING
from bancheng.domain.policy import HOTLINE_LIMITS, policy_from_dict, policy_to_dict, preset
from bancheng.hotline.services import import_orders
from tests.hotline.conftest import GOOD, HEADINGS
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
    meet_case_deadlines(get_calendar(), case, shanghai(2026, 10, 9, 9, 0))
    platform = case.deadlines.get(kind="platform")
    assert platform.met_at is not None and platform.cancelled_at is None


def test_case_page_shows_the_platform_clock(client, demo):
    case = _register(demo, "咨询")
    client.force_login(demo["officer"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "12345平台时限" in page
    assert "QY12345-2026-0001" in page
