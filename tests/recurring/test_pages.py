"""The recurring-problem pages as each role: the office, customer service and leaders see the groups and
the cases behind them with the requesters masked; the office and customer service act; everyone else is
refused (403), never a 500."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bancheng.recurring.models import RecurringGroup
from bancheng.recurring.services import detect_week
from tests.recurring.conftest import MONDAY_W48, W47
from tests.recurring.test_detect import RULE

REFUSED = ["officer", "handler", "unithead", "auditor", "admin"]


@pytest.fixture
def group(weeks):
    detect_week(W47, now=MONDAY_W48, rule=RULE)
    return RecurringGroup.objects.get()


@pytest.fixture
def as_user(client, org):
    def sign_in(username):
        client.force_login(org.people[username])
        return client

    return sign_in


@pytest.mark.parametrize("who", REFUSED)
def test_other_roles_are_refused_the_groups(as_user, group, who):
    client = as_user(who)
    assert client.get("/recurring/").status_code == 403
    assert client.get(f"/recurring/{group.pk}/").status_code == 403
    assert client.post(f"/recurring/{group.pk}/dismiss/", {"version": 1, "reason": "x"}).status_code == 403
    assert RecurringGroup.objects.get().status == "new"


def test_anonymous_visitors_are_sent_to_sign_in(client, group):
    assert client.get("/recurring/").status_code == 302


@pytest.mark.parametrize("who", ["office", "service", "leader"])
def test_readers_see_the_groups_with_terms_counts_and_trend(as_user, group, who):
    page = as_user(who).get("/recurring/").content.decode()
    assert group.label in page and f'data-group="{group.pk}"' in page
    assert '<span data-week="2026-W47">3</span>' in page
    assert "最近一次汇总：2026年第47周" in page


def test_the_cases_behind_a_group_are_listed_with_the_requesters_masked(as_user, group, weeks):
    _, cases = weeks
    page = as_user("office").get(f"/recurring/{group.pk}/").content.decode()
    for i in range(4):
        assert cases[f"leaving{i}"].number in page
    assert cases["house0"].number not in page
    assert "林* 139****0001" in page and "周* 139****0002" in page
    assert "13900000001" not in page and "林晓" not in page and "周强" not in page
    assert f'href="/cases/{cases["leaving0"].pk}/"' in page


def test_leaders_read_a_group_but_get_no_actions(as_user, group):
    page = as_user("leader").get(f"/recurring/{group.pk}/").content.decode()
    assert "不作处理原因" not in page and "开始溯源分析" not in page


def test_the_list_filters_by_status_and_costs_a_fixed_number_of_queries(as_user, group):
    client = as_user("office")
    assert group.label not in client.get("/recurring/?status=dismissed").content.decode()
    assert group.label in client.get("/recurring/?status=new").content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/recurring/").status_code == 200
    assert len(queries) <= 12


def test_the_office_starts_the_analysis_from_the_page(as_user, group):
    client = as_user("office")
    response = client.post(
        f"/recurring/{group.pk}/analyse/", {"version": 1, "notes": "原单位注销，需明确替代材料"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == "analysing" and group.notes == "原单位注销，需明确替代材料"
    page = client.get(f"/recurring/{group.pk}/", follow=True).content.decode()
    assert "溯源分析中" in page and "保存分析记录" in page


def test_dismissing_without_a_reason_is_a_clear_chinese_error(as_user, group):
    response = as_user("service").post(f"/recurring/{group.pk}/dismiss/", {"version": 1, "reason": ""})
    assert response.status_code == 400 and "此项为必填项" in response.content.decode()
    assert RecurringGroup.objects.get().status == "new"


def test_a_stale_dismissal_is_a_conflict_page_not_an_error(as_user, group):
    client = as_user("service")
    client.post(f"/recurring/{group.pk}/analyse/", {"version": 1, "notes": "先分析"})
    response = client.post(f"/recurring/{group.pk}/dismiss/", {"version": 1, "reason": "重复"})
    assert response.status_code == 409 and "已被他人处理" in response.content.decode()


def test_a_bad_version_or_case_is_refused_without_a_500(as_user, group, weeks):
    _, cases = weeks
    client = as_user("office")
    assert client.post(f"/recurring/{group.pk}/analyse/", {"version": "x"}).status_code == 400
    response = client.post(f"/recurring/{group.pk}/article/", {"version": 1, "case": cases["house0"].pk})
    assert response.status_code == 400
    assert client.get("/recurring/99999/").status_code == 404


def test_the_group_page_costs_a_fixed_number_of_queries_whatever_its_cases(as_user, group, weeks):
    org, _ = weeks
    client = as_user("office")
    client.get(f"/recurring/{group.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/recurring/{group.pk}/")
    from bancheng.recurring.models import RecurringMember

    for i in range(6):
        case = org.register(MONDAY_W48, requester_name="甲", requester_phone=f"1370000000{i}")
        RecurringMember.objects.create(group=group, case=case, last_week=W47)
    with CaptureQueriesContext(connection) as more:
        client.get(f"/recurring/{group.pk}/")
    assert len(more) == len(few)


def test_personal_data_written_into_the_problem_is_removed_from_the_excerpt(as_user, group, weeks):
    org, _ = weeks
    from bancheng.recurring.models import RecurringMember

    case = org.register(
        MONDAY_W48, requester_name="郑和", requester_phone="13900000005", business="离职提取",
        problem="我是郑和，电话13900000005，身份证110101199003071234，单位注销开不了离职证明",
    )  # fmt: skip
    RecurringMember.objects.create(group=group, case=case, last_week=W47)
    page = as_user("office").get(f"/recurring/{group.pk}/").content.decode()
    assert case.number in page and "单位注销开不了离职证明" in page
    assert "郑和" not in page and "13900000005" not in page and "110101199003071234" not in page
