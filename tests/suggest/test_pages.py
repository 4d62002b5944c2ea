"""The registration page's suggestion panel, and the suggestion offered at assessment and transfer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bancheng.domain.masking import mask_phone
from tests.support import shanghai

pytestmark = pytest.mark.django_db
NOW = shanghai(2026, 11, 16, 10, 0)
PANEL = reverse("suggest:panel")


def test_the_panel_shows_the_suggested_category_and_unit_with_confidence_and_words(client, org, trained):
    client.force_login(org.officer)
    response = client.get(PANEL, {"business": "租房提取", "problem": "租房提取被退回，说材料不全"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "建议分类" in html and "提取" in html and "置信度" in html and "依据：" in html
    assert "建议承办单位" in html


def test_the_panel_says_there_is_too_little_history_without_a_model(client, org, fresh_cache):
    client.force_login(org.officer)
    html = client.get(PANEL, {"business": "租房提取", "problem": "被退回"}).content.decode()
    assert "样本不足，暂无建议" in html
    assert "输入所办事项" in client.get(PANEL, {"business": "提"}).content.decode()


def test_only_roles_that_register_may_open_the_panel(client, org, trained):
    client.force_login(org.handler)
    assert client.get(PANEL, {"business": "租房提取"}).status_code == 403
    client.logout()
    assert client.get(PANEL, {"business": "租房提取"}).status_code == 302


def test_the_panel_shows_no_personal_data_of_other_cases(client, org, trained):
    org.register(
        NOW,
        requester_name="欧阳娜娜",
        requester_phone="13900001111",
        business="租房提取",
        problem="租房提取被退回",
    )
    client.force_login(org.officer2)
    html = client.get(PANEL, {"business": "租房提取", "problem": "租房提取被退回"}).content.decode()
    assert "欧阳娜娜" not in html and "13900001111" not in html and "00001111" not in html
    assert mask_phone("13900001111") not in html


def test_the_panel_lists_no_case_of_a_branch_the_officer_may_not_see(
    client, org, trained, django_capture_on_commit_callbacks
):
    from bancheng.org.choices import Role
    from bancheng.org.models import Staff

    with django_capture_on_commit_callbacks(execute=True):
        case = org.register(NOW, business="租房提取", problem="租房提取被退回")
    elsewhere = Staff.objects.create(
        username="hp-officer", full_name="何平", role=Role.CASE_OFFICER, unit=org.unit("HP")
    )
    client.force_login(elsewhere)
    html = client.get(PANEL, {"business": "租房提取", "problem": "租房提取被退回"}).content.decode()
    assert "建议分类" in html and case.number not in html
    client.force_login(org.officer2)
    assert (
        case.number
        in client.get(PANEL, {"business": "租房提取", "problem": "租房提取被退回"}).content.decode()
    )


def test_the_panel_reads_the_same_few_queries_however_many_cases_match(
    client, org, trained, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PANEL, {"business": "公积金贷款", "problem": "贷款放款慢"}).status_code == 200
        return len(captured)

    client.force_login(org.officer)
    client.get(PANEL, {"business": "租房提取", "problem": "预热"})
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):  # a full first page of similar cases
            org.register(NOW, business="公积金贷款", problem="贷款放款慢，等了一个月")
    five = count()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(10):
            org.register(NOW, business="公积金贷款", problem="贷款放款慢，等了两个月")
    # ours: session, user, newest models, policy, unit names; the rest is the search, a few per kind
    assert count() == five <= 24


def test_assessment_preselects_the_suggested_category_with_a_note(client, org, trained):
    case = org.register(NOW, business="公积金贷款", problem="贷款审批超过承诺时限仍无结果")
    client.force_login(org.officer)
    html = client.get(reverse("cases:act", args=[case.pk, "assess"])).content.decode()
    assert "系统建议：贷款（置信度" in html
    assert '<option value="loan" selected>' in html


def test_transfer_offers_the_suggested_unit_first(client, org, trained):
    case = org.assessed(NOW)
    client.force_login(org.officer)
    html = client.get(reverse("cases:act", args=[case.pk, "transfer"])).content.decode()
    assert "系统建议：" in html and "（系统建议）" in html
    first_row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "（系统建议）" in first_row
