from datetime import timedelta

import pytest
from django.utils import timezone

from bancheng.api.tokens import revoke_token
from bancheng.cases.models import Case
from bancheng.domain.lifecycle import OPEN_STATES

pytestmark = pytest.mark.django_db

NEW_CASE = {
    "channel": "online",
    "requester_name": "张三丰",
    "requester_phone": "13812345678",
    "business": "营业执照变更",
    "problem": "材料齐全却被要求再跑一次",
}


def error_of(response):
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def test_no_token_is_401_in_the_error_format(api):
    response = api("get", "/api/v1/cases")
    assert response.status_code == 401
    assert error_of(response)["code"] == "auth.token"


def test_revoked_token_is_401(api, token_for):
    from bancheng.api.models import ApiToken

    secret = token_for("office")
    assert api("get", "/api/v1/cases", secret).status_code == 200
    revoke_token(ApiToken.objects.get().pk)
    assert api("get", "/api/v1/cases", secret).status_code == 401


def test_expired_token_is_401(api, token_for):
    secret = token_for("office", expires=timezone.now() + timedelta(seconds=1), now=timezone.now())
    from bancheng.api.models import ApiToken

    ApiToken.objects.update(expires=timezone.now() - timedelta(minutes=1))
    assert api("get", "/api/v1/cases", secret).status_code == 401


def test_other_units_case_is_404(api, token_for, demo):
    from bancheng.cases import selectors as sel

    hidden = Case.objects.exclude(pk__in=sel.cases_visible_to(demo["handler"]).values("pk")).first()
    response = api("get", f"/api/v1/cases/{hidden.pk}", token_for("handler"))
    assert response.status_code == 404
    assert error_of(response)["code"] == "case.not_found"


def test_list_shows_what_the_page_shows_masked(api, token_for, demo):
    from bancheng.cases import selectors as sel

    body = api("get", "/api/v1/cases", token_for("handler"), page_size=100).json()
    assert body["count"] == sel.cases_visible_to(demo["handler"]).count()
    for row in body["results"]:
        assert "*" in row["requester_phone"]


def test_list_filters_by_state(api, token_for):
    body = api("get", "/api/v1/cases", token_for("office"), state="closed", page_size=100).json()
    assert body["results"] and all(r["state"] == "closed" for r in body["results"])


@pytest.mark.parametrize("field", ["branch", "unit"])
def test_unit_filter_beyond_any_id_finds_nothing(api, token_for, field):
    response = api("get", "/api/v1/cases", token_for("office"), **{field: -(2**72)})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_bad_filter_is_422_in_the_error_format(api, token_for):
    response = api("get", "/api/v1/cases", token_for("office"), page_size=0)
    assert response.status_code == 422
    assert error_of(response)["code"] == "request.invalid"


def test_register_then_assess_records_events_like_the_page(api, token_for):
    secret = token_for("officer")
    created = api("post", "/api/v1/cases", secret, json=NEW_CASE)
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["state"] == "registered" and case["requester_name"].startswith("张")
    assert "assess" in [a["code"] for a in case["actions"]]
    from bancheng.policies.services import policy_of

    p = policy_of(None)
    body = {
        "expected_version": case["version"],
        "category": p.categories[0].code,
        "nature": p.natures[0].code,
        "case_class": p.classes[0].code,
        "disposal": p.disposals[0].code,
    }
    done = api("post", f"/api/v1/cases/{case['id']}/actions/assess", secret, json=body)
    assert done.status_code == 200, done.content
    after = done.json()
    assert after["state"] != "registered"
    assert [e["action"] for e in after["timeline"]][-1] == "assess"
    assert Case.objects.get(pk=case["id"]).category == p.categories[0].code


def test_stale_version_is_409(api, token_for):
    secret = token_for("officer")
    case = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    response = api(
        "post",
        f"/api/v1/cases/{case['id']}/actions/withdraw",
        secret,
        json={"expected_version": case["version"] - 1, "reason": "诉求人撤回"},
    )
    assert response.status_code == 409
    assert error_of(response)["code"]


def test_role_without_the_action_is_403(api, token_for, demo):
    case = Case.objects.filter(state__in=[s.value for s in OPEN_STATES]).first()
    response = api(
        "post", f"/api/v1/cases/{case.pk}/actions/withdraw", token_for("leader"), json={"reason": "x"}
    )
    assert response.status_code == 403
    assert error_of(response)["code"] == "auth.forbidden"


def test_form_error_is_422_with_fields(api, token_for):
    secret = token_for("officer")
    case = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    response = api("post", f"/api/v1/cases/{case['id']}/actions/withdraw", secret, json={})
    assert response.status_code == 422
    assert "reason" in error_of(response)["details"]["fields"]


def test_idempotency_key_returns_the_same_case(api, token_for):
    secret = token_for("officer")
    headers = {"Idempotency-Key": "k-1"}
    first = api("post", "/api/v1/cases", secret, json=NEW_CASE, headers=headers)
    again = api("post", "/api/v1/cases", secret, json=NEW_CASE, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert Case.objects.filter(problem=NEW_CASE["problem"]).count() == 1


def test_idempotency_key_with_another_body_is_409(api, token_for):
    secret = token_for("officer")
    headers = {"Idempotency-Key": "k-2"}
    api("post", "/api/v1/cases", secret, json=NEW_CASE, headers=headers)
    response = api("post", "/api/v1/cases", secret, json={**NEW_CASE, "problem": "另一件事"}, headers=headers)
    assert response.status_code == 409
    assert error_of(response)["code"] == "idempotency.mismatch"


def test_reveal_shows_full_values_and_is_logged(api, token_for):
    secret = token_for("officer")
    case = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    assert case["masked"] and case["requester_phone"] != NEW_CASE["requester_phone"]
    full = api("get", f"/api/v1/cases/{case['id']}", secret, reveal="true").json()
    assert full["requester_phone"] == NEW_CASE["requester_phone"]
    from bancheng.audit.models import Event

    assert Event.objects.filter(case_id=case["id"], action="reveal_personal_data").exists()


def test_auditor_may_not_reveal(api, token_for):
    case = Case.objects.first()
    response = api("get", f"/api/v1/cases/{case.pk}", token_for("auditor"), reveal="true")
    assert response.status_code == 403


def test_form_download_is_a_real_pdf(api, token_for):
    import io

    from pypdf import PdfReader

    secret = token_for("officer")
    case = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    docs = api("get", f"/api/v1/cases/{case['id']}/documents", secret).json()
    assert "intake" in docs["forms"]
    response = api("get", f"/api/v1/cases/{case['id']}/forms/intake.pdf", secret)
    assert response.status_code == 200
    assert PdfReader(io.BytesIO(response.content)).pages


def test_actions_catalogue_lists_every_spec(api, token_for):
    from bancheng.cases.action_specs import ALL_SPECS

    body = api("get", "/api/v1/actions", token_for("office")).json()
    assert len(body) == len(ALL_SPECS)


def test_openapi_document_and_local_docs(client):
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "办成 API"
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert b"cdn" not in page.content.lower()
