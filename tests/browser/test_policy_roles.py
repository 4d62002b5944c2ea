"""Buttons follow the preset's policy, not only the role table: under putuo only the leadership approves an
extension, so the unit head must not be offered 批准延期 (the leader is, and it works)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.pages import act

pytestmark = pytest.mark.browser


def requested_extension(preset: str) -> int:
    """A case under ``preset`` whose DEP-1 assignment waits for an extension decision; returns its pk."""
    from bancheng.cases import actions
    from bancheng.cases.action_specs import _request_extension
    from bancheng.cases.models import Assignment
    from bancheng.domain.deadlines import Limit, LimitUnit
    from bancheng.org.models import Staff

    people = {s.username: s for s in Staff.objects.all()}
    case = actions.register_case(
        actor=people["officer"],
        channel="onsite",
        requester_name="张三",
        requester_phone="13900009999",
        business="医保报销",
        problem="材料齐全仍不予受理",
    )
    actions.assess_case(
        case,
        actor=people["officer"],
        category="withdrawal",
        nature="service",
        case_class="general",
        disposal="transfer",
    )
    actions.transfer_case(
        case, actor=people["officer"], to=[actions.TransferTo(people["handler"].unit_id, "请核实")]
    )
    assignment = Assignment.objects.get(case=case)
    actions.sign_for_assignment(assignment, actor=people["handler"])
    _request_extension(
        assignment, actor=people["handler"], extra=Limit(2, LimitUnit.WORKING_DAYS), reason="需要调取档案"
    )
    return case.pk


def test_under_putuo_the_unit_head_is_not_offered_to_approve_an_extension(page, load_demo):
    load_demo("putuo")
    pk = requested_extension("putuo")
    sign_in(page, "unithead")
    page.goto(f"/cases/{pk}/")
    expect(page.locator("#extensions")).to_contain_text("需要调取档案")
    assert page.locator("#extensions").get_by_role("link", name="批准延期").count() == 0


def test_under_putuo_the_leader_approves_an_extension(page, load_demo):
    load_demo("putuo")
    pk = requested_extension("putuo")
    sign_in(page, "leader")
    page.goto(f"/cases/{pk}/")
    act(page, "批准延期", {"说明": "同意"}, within=page.locator("#extensions"))
    expect(page.locator("#extensions")).to_contain_text("新到期")
