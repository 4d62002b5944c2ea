"""Open311 GeoReport v2 as a client sees it: real HTTP against a live server, XML read with a real XML
parser, each document checked for the elements the GeoReport v2 specification names."""

import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from bancheng.cases.models import Case

SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


class GeoReportClient:
    """A minimal GeoReport v2 client: GET and POST (form-encoded), XML or JSON."""

    def __init__(self, base, api_key=None):
        self.base = base.rstrip("/") + "/open311/v2/"
        self.api_key = api_key

    def call(self, path, fmt="xml", data=None, **params):
        if self.api_key and data is None:
            params.setdefault("api_key", self.api_key)
        url = f"{self.base}{path}.{fmt}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        body = None
        if data is not None:
            data = {**data, "api_key": self.api_key} if self.api_key else data
            body = urllib.parse.urlencode(data).encode()
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=30) as response:
                status, raw, kind = response.status, response.read(), response.headers["Content-Type"]
        except urllib.error.HTTPError as error:
            status, raw, kind = error.code, error.read(), error.headers["Content-Type"]
        if fmt == "xml":
            assert kind.startswith("text/xml")
            return status, ET.fromstring(raw)
        assert kind.startswith("application/json")
        return status, json.loads(raw)


def children(node):
    return {child.tag for child in node}


def report(client, fmt="xml", **extra):
    from bancheng.policies.services import policy_of

    data = {
        "service_code": policy_of(None).categories[0].code,
        "first_name": "三丰",
        "last_name": "张",
        "phone": "13812345678",
        "description": "窗口要求重复提交材料",
        "address_string": "市民中心三楼",
        **extra,
    }
    return client.call("requests", fmt, data=data)


def test_discovery_names_the_georeport_endpoint(client311):
    status, root = client311.call("discovery")
    assert status == 200 and root.tag == "discovery"
    assert {"changeset", "contact", "key_service", "endpoints"} <= children(root)
    endpoint = root.find("endpoints/endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert {f.text for f in endpoint.findall("formats/format")} == {"text/xml", "application/json"}
    status, body = client311.call("discovery", "json")
    assert body["endpoints"][0]["url"].endswith("/open311/v2")


def test_services_are_the_policys_categories(client311):
    from bancheng.policies.services import policy_of

    status, root = client311.call("services")
    assert status == 200 and root.tag == "services"
    services = root.findall("service")
    assert [s.findtext("service_code") for s in services] == [c.code for c in policy_of(None).categories]
    assert all(children(s) == SERVICE_FIELDS for s in services)
    status, body = client311.call("services", "json")
    assert len(body) == len(services) and set(body[0]) == SERVICE_FIELDS


def test_service_definition_lists_attributes(client311):
    code = client311.call("services", "json")[1][0]["service_code"]
    status, root = client311.call(f"services/{code}")
    assert status == 200 and root.tag == "service_definition"
    assert root.findtext("service_code") == code
    attributes = root.findall("attributes/attribute")
    assert attributes
    for attribute in attributes:
        assert {
            "variable",
            "code",
            "datatype",
            "required",
            "datatype_description",
            "order",
            "description",
        } <= (children(attribute))
    values = root.findall("attributes/attribute/values/value")
    assert values and all(children(v) == {"key", "name"} for v in values)


def test_unknown_service_is_a_georeport_error(client311):
    status, root = client311.call("services/nothing")
    assert status == 404 and root.tag == "errors"
    assert root.find("error").findtext("code") == "404" and root.find("error").findtext("description")
    status, body = client311.call("services/nothing", "json")
    assert status == 404 and set(body[0]) == {"code", "description"}


def test_post_request_registers_an_online_case(client311):
    status, root = report(client311)
    assert status == 201 and root.tag == "service_requests"
    created = root.find("request")
    number = created.findtext("service_request_id")
    case = Case.objects.get(number=number)
    assert case.channel == "online"
    assert case.requester_name == "张三丰" and case.requester_phone == "13812345678"
    assert "市民中心三楼" in case.problem
    assert case.events.filter(action="register").exists()
    assert created.findtext("token")


def test_request_lookup_has_the_standard_fields_and_status(client311):
    number = report(client311, "json")[1][0]["service_request_id"]
    status, root = client311.call(f"requests/{number}")
    assert status == 200
    request = root.find("request")
    assert children(request) == REQUEST_FIELDS
    assert request.findtext("status") == "open"
    status, body = client311.call(f"requests/{number}", "json")
    assert body[0]["service_request_id"] == number and body[0]["status"] == "open"


def test_request_list_filters_by_status(client311):
    report(client311)
    status, root = client311.call("requests", status="closed")
    assert status == 200 and root.tag == "service_requests"
    assert root.findall("request") and {r.findtext("status") for r in root.findall("request")} == {"closed"}
    status, root = client311.call("requests", status="maybe")
    assert status == 400 and root.tag == "errors"


def test_token_gives_the_request_id(client311):
    created = report(client311, "json")[1][0]
    status, root = client311.call(f"tokens/{created['token']}")
    assert status == 200
    assert root.find("request").findtext("service_request_id") == created["service_request_id"]


def test_missing_or_revoked_key_is_refused(client311, live_server):
    from bancheng.api.models import ApiToken
    from bancheng.api.tokens import revoke_token

    anonymous = GeoReportClient(live_server.url)
    status, root = report(anonymous)
    assert status == 403 and root.tag == "errors"
    revoke_token(ApiToken.objects.get().pk)
    status, body = client311.call("requests", "json")
    assert status == 403 and body[0]["code"] == 403


def test_missing_location_is_a_georeport_error(client311):
    status, body = report(client311, "json", address_string="")
    assert status == 400 and "address_string" in body[0]["description"]


def test_another_units_key_cannot_see_the_request(client311, live_server, demo):
    from bancheng.api.tokens import create_token

    number = report(client311, "json")[1][0]["service_request_id"]
    handler = demo["handler"]
    other = GeoReportClient(
        live_server.url, create_token(name="单位", role=handler.role, unit=handler.unit).secret
    )
    status, root = other.call(f"requests/{number}")
    assert status == 404 and root.tag == "errors"


def test_the_requested_service_is_kept_and_shown_before_assessment(client311):
    from bancheng.open311.models import RequestToken
    from bancheng.policies.services import policy_of

    category = policy_of(None).categories[1]
    created = report(client311, "json", service_code=category.code)[1][0]
    number = created["service_request_id"]
    case = Case.objects.get(number=number)
    assert not case.category  # assessed later by the center; the link row keeps the request
    assert RequestToken.objects.get(case=case).service_code == category.code
    _status, body = client311.call(f"requests/{number}", "json")
    assert (body[0]["service_code"], body[0]["service_name"]) == (category.code, category.label)
    request = client311.call(f"requests/{number}")[1].find("request")
    assert request.findtext("service_code") == category.code
    assert request.findtext("service_name") == category.label
    listed = client311.call("requests", "json", service_code=category.code)[1]
    assert number in {r["service_request_id"] for r in listed}
    other = policy_of(None).categories[2].code
    assert number not in {
        r["service_request_id"] for r in client311.call("requests", "json", service_code=other)[1]
    }
    public = GeoReportClient(client311.base.removesuffix("/open311/v2/")).call(f"requests/{number}", "json")[
        1
    ]
    assert (public[0]["service_code"], public[0]["service_name"]) == (category.code, category.label)


def test_expected_datetime_is_the_open_feedback_deadline(client311, demo):
    from bancheng.cases import actions as act
    from bancheng.cases.models import Deadline
    from bancheng.open311.views import _when
    from bancheng.policies.services import policy_of

    number = report(client311, "json")[1][0]["service_request_id"]
    assert client311.call(f"requests/{number}", "json")[1][0]["expected_datetime"] is None
    case = Case.objects.get(number=number)
    p = policy_of(None)
    act.assess_case(
        case,
        actor=demo["office"],
        category=p.categories[0].code,
        nature=p.natures[0].code,
        case_class=p.classes[0].code,
        disposal=next(d.code for d in p.disposals if "transfer" in d.code or "转" in d.label),
    )
    due = Deadline.objects.get(case=case, kind="feedback").due_at
    body = client311.call(f"requests/{number}", "json")[1]
    assert body[0]["expected_datetime"] == _when(due)
    xml = client311.call(f"requests/{number}")[1].find("request")
    assert xml.findtext("expected_datetime") == _when(due)
