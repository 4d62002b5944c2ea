import pytest

from bancheng.cases.models import Case

ROLES = ["officer", "handler", "unithead", "office", "service", "leader", "auditor", "admin"]


@pytest.mark.parametrize("username", ROLES)
def test_every_role_sees_its_home_list_and_a_visible_case(as_user, username):
    client = as_user(username)
    assert client.get("/").status_code == 200
    assert client.get("/cases/").status_code == 200
    from bancheng.cases.selectors import cases_visible_to

    user = client.get("/").context["user"]
    for case in cases_visible_to(user)[:40]:
        response = client.get(f"/cases/{case.pk}/")
        assert response.status_code == 200, case.number


def test_demo_has_cases(demo):
    assert Case.objects.count() > 5


def test_pages_carry_a_content_security_policy_without_inline_code(as_user):
    response = as_user("officer").get("/cases/new/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page = response.content.decode()
    assert "<script>" not in page and 'style="' not in page and "onclick" not in page
