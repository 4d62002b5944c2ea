"""The API names a registration's service item by its catalog code, and filters the list by the 12345
诉求类型 (request type) of hotline cases."""

import pytest

from bancheng.cases.models import Case
from tests.api.test_api import NEW_CASE, error_of
from tests.pages.test_lists import hotline_case

pytestmark = pytest.mark.django_db


def test_register_with_a_service_item_code_keeps_the_item_and_returns_its_code(api, token_for):
    created = api(
        "post", "/api/v1/cases", token_for("officer"), json={**NEW_CASE, "service_item": "GJJ-TQ-01"}
    )
    assert created.status_code == 201, created.content
    assert created.json()["service_item"] == "GJJ-TQ-01"
    assert Case.objects.get(pk=created.json()["id"]).service_item.code == "GJJ-TQ-01"
    again = api("get", f"/api/v1/cases/{created.json()['id']}", token_for("officer"))
    assert again.json()["service_item"] == "GJJ-TQ-01"


def test_register_with_a_service_item_and_no_business_takes_the_items_name(api, token_for, demo):
    body = {**NEW_CASE, "service_item": "GJJ-TQ-01", "business": ""}
    created = api("post", "/api/v1/cases", token_for("officer"), json=body)
    assert created.status_code == 201, created.content
    from bancheng.catalog.models import ServiceItem

    assert created.json()["business"] == ServiceItem.objects.get(code="GJJ-TQ-01").name


def test_register_without_a_service_item_returns_null(api, token_for):
    created = api("post", "/api/v1/cases", token_for("officer"), json=NEW_CASE)
    assert created.status_code == 201 and created.json()["service_item"] is None


def test_an_unknown_service_item_is_422_with_its_own_code_and_writes_nothing(api, token_for):
    before = Case.objects.count()
    response = api(
        "post", "/api/v1/cases", token_for("officer"), json={**NEW_CASE, "service_item": "NO-SUCH"}
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "case.unknown_service_item"
    assert "service_item" in error["details"]["fields"]
    assert Case.objects.count() == before


def test_a_retired_service_item_is_422_with_its_own_code_and_writes_nothing(api, token_for, demo):
    from bancheng.catalog.actions import deactivate_service_item
    from bancheng.catalog.models import ServiceItem

    deactivate_service_item(ServiceItem.objects.get(code="GJJ-TQ-01"), actor=demo["admin"])
    before = Case.objects.count()
    response = api(
        "post", "/api/v1/cases", token_for("officer"), json={**NEW_CASE, "service_item": "GJJ-TQ-01"}
    )
    assert response.status_code == 422
    assert error_of(response)["code"] == "case.inactive_service_item"
    assert Case.objects.count() == before


def test_the_list_filters_by_the_hotline_request_type(api, token_for, demo):
    complaint = hotline_case(demo["officer"], "GD-1", request_type="投诉")
    hotline_case(demo["officer"], "GD-2", request_type="咨询")
    body = api("get", "/api/v1/cases", token_for("office"), request_type="投诉", page_size=100).json()
    assert [row["number"] for row in body["results"]] == [complaint.number]
