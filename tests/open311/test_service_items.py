"""Open311 names the catalog's service item through the service definition's ``service_item`` attribute
(``attribute[service_item]`` = the item's code) and refuses a bad one in the GeoReport error format."""

from bancheng.cases.models import Case
from tests.open311.test_georeport import report

WITHDRAWAL = "withdrawal"  # the shenyang category of the demo catalog's GJJ-TQ-* items


def test_service_definition_offers_the_categorys_active_items_as_service_item_values(client311):
    _, root = client311.call(f"services/{WITHDRAWAL}")
    attribute = next(a for a in root.findall("attributes/attribute") if a.findtext("code") == "service_item")
    assert attribute.findtext("datatype") == "singlevaluelist" and attribute.findtext("required") == "false"
    keys = {v.findtext("key") for v in attribute.findall("values/value")}
    assert "GJJ-TQ-01" in keys and "GJJ-DK-01" not in keys  # a loan item is not a withdrawal service's


def test_a_request_naming_a_service_item_registers_the_case_with_it(client311):
    status, root = report(client311, service_code=WITHDRAWAL, **{"attribute[service_item]": "GJJ-TQ-01"})
    assert status == 201
    case = Case.objects.get(number=root.find("request").findtext("service_request_id"))
    assert case.service_item.code == "GJJ-TQ-01" and case.business == case.service_item.name
    assert case.events.get(action="register").data["service_item"] == "GJJ-TQ-01"


def test_an_unknown_service_item_is_a_georeport_error_and_registers_nothing(client311):
    before = Case.objects.count()
    status, body = report(
        client311, "json", service_code=WITHDRAWAL, **{"attribute[service_item]": "NO-SUCH"}
    )
    assert status == 400 and set(body[0]) == {"code", "description"}
    assert "service_item" in body[0]["description"]
    assert Case.objects.count() == before


def test_a_retired_service_item_is_a_georeport_error_and_registers_nothing(client311, demo):
    from bancheng.catalog.actions import deactivate_service_item
    from bancheng.catalog.models import ServiceItem

    deactivate_service_item(ServiceItem.objects.get(code="GJJ-TQ-01"), actor=demo["admin"])
    before = Case.objects.count()
    status, root = report(client311, service_code=WITHDRAWAL, **{"attribute[service_item]": "GJJ-TQ-01"})
    assert status == 400 and root.tag == "errors" and "停用" in root.find("error").findtext("description")
    assert Case.objects.count() == before
