"""Only the administrator uses the setup pages; everyone else gets the 403 page. The absence board is also
open to the center office, who knows who is away this morning."""

import pytest

from bancheng.calendars.models import CalendarOverride
from bancheng.org.models import Unit

OTHERS = [
    "officer",
    "officer2",
    "handler",
    "unithead",
    "handler2",
    "handler3",
    "office",
    "service",
    "leader",
    "auditor",
]


def setup_pages(demo):
    unit = Unit.objects.get(code="HQ")
    person = demo["officer"]
    return [
        "/setup/org/",
        "/setup/org/units/new/",
        f"/setup/org/units/{unit.pk}/",
        "/setup/org/staff/",
        "/setup/org/staff/new/",
        f"/setup/org/staff/{person.pk}/",
        f"/setup/org/staff/{person.pk}/password/",
        "/setup/policy/",
        "/setup/policy/edit/",
        "/setup/policy/versions/1/",
        "/setup/calendar/",
    ]


def test_every_setup_page_answers_the_administrator(as_user, demo):
    client = as_user("admin")
    for url in [*setup_pages(demo), "/setup/org/absence/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "系统设置" in response.content.decode(), url


@pytest.mark.parametrize("username", OTHERS)
def test_every_other_role_is_refused_every_setup_page(as_user, demo, username):
    client = as_user(username)
    for url in setup_pages(demo):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "只有系统管理员" in response.content.decode(), url


@pytest.mark.parametrize("username", OTHERS)
def test_only_the_center_office_besides_the_administrator_may_mark_absence(as_user, demo, username):
    client = as_user(username)
    expected = 200 if username == "office" else 403
    assert client.get("/setup/org/absence/").status_code == expected
    response = client.post(f"/setup/org/absence/{demo['officer'].pk}/toggle/")
    assert response.status_code == (302 if username == "office" else 403)


@pytest.mark.parametrize("username", ["officer", "office", "leader"])
def test_a_refused_post_writes_nothing(as_user, username):
    client = as_user(username)
    response = client.post("/setup/calendar/overrides/", {"day": "2026-06-01", "kind": "closure"})
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()
    response = client.post("/setup/org/units/new/", {"code": "X1", "name": "新单位", "kind": "department"})
    assert response.status_code == 403
    assert not Unit.objects.filter(code="X1").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, demo):
    response = client.get("/setup/org/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_administrators_home_links_to_the_setup_pages(as_user):
    page = as_user("admin").get("/").content.decode()
    for url in ("/setup/org/", "/setup/org/staff/", "/setup/policy/", "/setup/calendar/"):
        assert f'href="{url}"' in page


def test_the_staff_list_and_unit_tree_cost_the_same_queries_however_many_rows(as_user, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bancheng.org import services

    client = as_user("admin")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first = {url: queries(url) for url in ("/setup/org/", "/setup/org/staff/", "/setup/org/absence/")}
    center = Unit.objects.get(code="CENTER")
    for n in range(5):
        unit = services.create_unit(
            actor=demo["admin"], code=f"NEW-{n}", name=f"新部门{n}", kind="department", parent=center
        )
        services.create_staff(
            actor=demo["admin"],
            password="x",
            username=f"new{n}",
            full_name=f"新人{n}",
            unit=unit,
            backup=demo["officer"],
        )
    assert {url: queries(url) for url in first} == first
