"""Actions through the API change the case exactly as the same action on the page does."""

import pytest

from bancheng.cases.models import Case
from bancheng.policies.services import policy_of
from tests.api.test_api import NEW_CASE

pytestmark = pytest.mark.django_db


def assessed(api, secret):
    case = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    p = policy_of(None)
    transfer = (
        next(d.code for d in p.disposals if "transfer" in d.code)
        if any("transfer" in d.code for d in p.disposals)
        else p.disposals[0].code
    )
    body = {
        "expected_version": case["version"],
        "category": p.categories[0].code,
        "nature": p.natures[0].code,
        "case_class": p.classes[0].code,
        "disposal": transfer,
    }
    return api("post", f"/api/v1/cases/{case['id']}/actions/assess", secret, json=body).json()


def test_withdraw_through_the_api_matches_the_page(api, token_for, as_user):
    secret = token_for("officer")
    by_api = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    by_page = api("post", "/api/v1/cases", secret, json={**NEW_CASE, "problem": "另一件"}).json()
    api(
        "post",
        f"/api/v1/cases/{by_api['id']}/actions/withdraw",
        secret,
        json={"expected_version": by_api["version"], "reason": "诉求人撤回"},
    )
    as_user("officer").post(
        f"/cases/{by_page['id']}/act/withdraw/", {"version": by_page["version"], "reason": "诉求人撤回"}
    )
    one, two = Case.objects.get(pk=by_api["id"]), Case.objects.get(pk=by_page["id"])
    assert one.state == two.state == "withdrawn"
    assert one.version == two.version
    assert (
        one.events.order_by("-seq").first().action == two.events.order_by("-seq").first().action == "withdraw"
    )


def test_transfer_then_the_unit_signs_for_it_through_the_api(api, token_for, demo):
    case = assessed(api, token_for("officer"))
    unit = demo["handler"].unit
    done = api(
        "post",
        f"/api/v1/cases/{case['id']}/actions/transfer",
        token_for("officer"),
        json={"expected_version": case["version"], "units": [unit.pk], "instructions": "请核实办理"},
    )
    assert done.status_code == 200, done.content
    handler = token_for("handler")
    seen = api("get", f"/api/v1/cases/{case['id']}", handler).json()
    assignment = next(t for t in seen["targets"] if t["kind"] == "assignment")
    assert "sign_for" in [a["code"] for a in assignment["actions"]]
    signed = api(
        "post",
        f"/api/v1/cases/{case['id']}/assignment/{assignment['id']}/actions/sign_for",
        handler,
        json={"expected_version": seen["version"]},
    )
    assert signed.status_code == 200, signed.content
    assert signed.json()["timeline"][-1]["action"] == "sign_for"


def test_another_units_token_cannot_act_on_the_assignment(api, token_for, demo):
    case = assessed(api, token_for("officer"))
    api(
        "post",
        f"/api/v1/cases/{case['id']}/actions/transfer",
        token_for("officer"),
        json={
            "expected_version": case["version"],
            "units": [demo["handler"].unit.pk],
            "instructions": "请办理",
        },
    )
    assignment = Case.objects.get(pk=case["id"]).assignments.get()
    response = api(
        "post",
        f"/api/v1/cases/{case['id']}/assignment/{assignment.pk}/actions/sign_for",
        token_for("handler2"),
        json={},
    )
    assert response.status_code == 404
