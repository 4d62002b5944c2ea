"""The policy editor edits the 12345 platform's limits per 诉求类型 into a new version, refusing bad figures in
Chinese; new hotline work orders get the new platform clock."""

import pytest

from bancheng.domain.hotline import REQUEST_TYPES
from bancheng.policies.models import PolicyVersion
from bancheng.policies.services import active_policy_version, policy_of
from tests.setup_pages.test_policy_pages import edit_post

FIELD = {kind: f"hotline-days_{i}" for i, kind in enumerate(REQUEST_TYPES)}


def test_the_editor_shows_each_request_types_limit(as_user):
    page = as_user("admin").get("/setup/policy/edit/").content.decode()
    assert "12345 平台办理时限" in page
    assert "12345投诉：平台办理时限（工作日）" in page
    assert f'name="{FIELD["咨询"]}" value="2"' in page


def test_saving_the_limits_publishes_a_new_version(as_user, demo):
    before = active_policy_version().version
    response = as_user("admin").post(
        "/setup/policy/edit/", edit_post(**{FIELD["投诉"]: "12", FIELD["咨询"]: "3"})
    )
    assert response.status_code == 302
    version = active_policy_version()
    assert version.version == before + 1
    policy = policy_of(version.pk)
    assert dict(policy.hotline_limits) == {"咨询": 3, "求助": 10, "建议": 10, "投诉": 12, "举报": 15}
    assert policy.hotline_limit("投诉").amount == 12
    assert "投诉 12 个工作日" in as_user("admin").get("/setup/policy/").content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "须至少为 1 个工作日"),
        ("61", "不能超过 60 个工作日"),
        ("", "此项为必填项"),
        ("两天", "请填写整数"),
    ],
)
def test_bad_limits_are_refused_in_chinese_and_nothing_is_published(as_user, value, message):
    before = PolicyVersion.objects.count()
    response = as_user("admin").post("/setup/policy/edit/", edit_post(**{FIELD["求助"]: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert PolicyVersion.objects.count() == before


def test_a_new_hotline_order_runs_the_edited_platform_clock(as_user, demo):
    from bancheng.cases.models import Deadline
    from bancheng.domain.hotline import DEFAULT_MAPPING
    from bancheng.hotline.services import import_orders
    from tests.hotline.conftest import GOOD, HEADINGS
    from tests.support import shanghai

    as_user("admin").post("/setup/policy/edit/", edit_post(**{FIELD["咨询"]: "4"}))
    order = dict(zip(HEADINGS, GOOD[1], strict=True))  # a 咨询
    report = import_orders(
        [order], actor=demo["officer"], mapping=DEFAULT_MAPPING, now=shanghai(2026, 10, 12, 10)
    )
    clock = Deadline.objects.get(case__number=report.rows[0].case_number, kind="platform")
    assert (clock.limit_amount, clock.limit_unit) == (4, "working_days")
