"""Open311 GeoReport v2 through a real client: the ``georeport`` package from PyPI, in JSON and XML, against
a live server. georeport sends no ``api_key`` on reads, so what it sees is the public view."""

import pytest
import requests
from georeport import GeoReport

from bancheng.policies.services import policy_of

PUBLIC_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "agency_responsible",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
}
PRIVATE_VALUES = ("张三丰", "13812345678", "窗口要求重复提交材料", "市民中心三楼")
FORMATS = ["json", "xml"]


@pytest.fixture
def demo(transactional_db):
    from tests.demo_data import load_demo

    return load_demo("shenyang")


@pytest.fixture
def root(live_server, demo):
    return live_server.url + "/open311/v2"


@pytest.fixture
def api_key(demo):
    from bancheng.api.tokens import create_token

    office = demo["officer"]
    return create_token(name="Open311", role=office.role, unit=office.unit).secret


def one_or_many(found):
    """xmltodict gives a dict for one element and a list for several."""
    return found if isinstance(found, list) else [found]


def file_request(root, api_key):
    """georeport cannot create requests: POST with an api key over plain HTTP."""
    response = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": api_key,
            "service_code": policy_of(None).categories[0].code,
            "first_name": "三丰",
            "last_name": "张",
            "phone": "13812345678",
            "description": "窗口要求重复提交材料",
            "address_string": "市民中心三楼",
        },
        timeout=30,
    )
    assert response.status_code == 201
    return response.json()[0]["service_request_id"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_lists_the_policys_categories_as_services(root, fmt):
    services = one_or_many(GeoReport(root, output_format=fmt).get_service_list())
    assert [s["service_code"] for s in services] == [c.code for c in policy_of(None).categories]
    assert all(s["service_name"] for s in services)


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_reads_a_service_definition(root, fmt):
    code = policy_of(None).categories[1].code
    definition = GeoReport(root, output_format=fmt).get_service_definition(code)
    assert definition["service_code"] == code
    attributes = definition["attributes"]
    attributes = one_or_many(attributes["attribute"]) if fmt == "xml" else attributes
    assert {a["code"] for a in attributes} == {"business", "requester_kind", "service_item"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_reads_a_filed_request_without_key_as_public_view(root, api_key, demo, fmt):
    number = file_request(root, api_key)
    found = GeoReport(root, output_format=fmt).get_service_request(number)
    assert set(found) == PUBLIC_FIELDS
    assert found["service_request_id"] == number
    assert found["status"] == "open" and found["status_notes"] == "已受理"
    # the category is set when the case is assessed; POST does not record service_code on the case yet
    assert found["service_code"] in (None, "", policy_of(None).categories[0].code)  # XML empty = None
    assert found["agency_responsible"] == demo["officer"].unit.name
    assert found["requested_datetime"]
    assert not any(value in str(found) for value in PRIVATE_VALUES)


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_lists_requests_without_key_as_public_view(root, api_key, fmt):
    number = file_request(root, api_key)
    client = GeoReport(root, output_format=fmt)
    listed = one_or_many(client.get_service_requests(status="open"))
    ours = [r for r in listed if r["service_request_id"] == number]
    assert len(ours) == 1 and set(ours[0]) == PUBLIC_FIELDS
    assert all(r["status"] == "open" and "description" not in r for r in listed)
    assert not any(value in str(listed) for value in PRIVATE_VALUES)
    by_id = one_or_many(client.get_service_requests(service_request_id=number))
    assert [r["service_request_id"] for r in by_id] == [number]


def test_keyless_listing_spans_at_most_90_days(root):
    response = requests.get(
        f"{root}/requests.json",
        params={"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
        timeout=30,
    )
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_keyless_listing_defaults_to_the_last_90_days(root, api_key):
    from datetime import timedelta

    from bancheng.cases.models import Case

    number = file_request(root, api_key)
    old = Case.objects.exclude(number=number).order_by("registered_at").first()
    listed = {r["service_request_id"] for r in GeoReport(root).get_service_requests()}
    assert number in listed
    if old is not None and old.registered_at < Case.objects.get(number=number).registered_at - timedelta(
        days=91
    ):
        assert old.number not in listed


def test_keyless_lookups_are_rate_limited(root, settings):
    settings.BANCHENG_PORTAL_LOOKUPS_PER_ADDRESS_HOUR = 2
    client = GeoReport(root)
    client.get_service_requests()
    client.get_service_requests()
    response = requests.get(f"{root}/requests.json", timeout=30)
    assert response.status_code == 429 and response.headers["Retry-After"] == "3600"


def test_creating_a_request_without_key_is_refused(root):
    response = requests.post(
        f"{root}/requests.json", data={"service_code": "x", "address_string": "某地"}, timeout=30
    )
    assert response.status_code == 403
