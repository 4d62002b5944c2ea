"""The grouping settings are policy fields: edited on the policy page, published as a new version, checked."""

from bancheng.domain.recurring import Rule
from bancheng.policies.services import active_policy_version, policy_of
from tests.setup_pages.test_policy_pages import edit_post


def test_the_administrator_sets_the_grouping_on_the_policy_page(client, org):
    assert policy_of(None).recurring_rule() == Rule(4, 3, 0.4)
    client.force_login(org.admin)
    page = client.get("/setup/policy/edit/").content.decode()
    assert "同类问题回看周数" in page and 'value="40"' in page
    changes = {
        "recurring_lookback_weeks": 6,
        "recurring_min_requesters": 4,
        "recurring_similarity_percent": 55,
    }
    assert client.post("/setup/policy/edit/", edit_post(**changes)).status_code == 302
    assert policy_of(active_policy_version().pk).recurring_rule() == Rule(6, 4, 0.55)


def test_settings_out_of_range_are_refused_on_their_fields(client, org):
    client.force_login(org.admin)
    before = active_policy_version().pk
    response = client.post(
        "/setup/policy/edit/", edit_post(recurring_similarity_percent=120, recurring_min_requesters=1)
    )
    page = response.content.decode()
    assert response.status_code in (200, 400) and "不能超过 99" in page and "至少为 2" in page
    assert active_policy_version().pk == before
