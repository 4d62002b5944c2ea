"""/hotline/outbound/: the outbox of results sent back to the 12345 platform, with a retry for failed ones."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bancheng.audit.models import Event
from bancheng.cases.models import Case
from bancheng.domain.calendar import TZ
from bancheng.domain.hotline import DEFAULT_MAPPING
from bancheng.hotline.models import OutboundCall
from bancheng.hotline.outbound import deliver_outbound
from bancheng.hotline.services import import_orders
from tests.hotline.conftest import GOOD, HEADINGS, give_feedback
from tests.hotline.test_outbound import SECRET, T0, platform  # noqa: F401


@pytest.fixture
def as_user(client, demo):
    def sign_in(username):
        client.force_login(demo[username])
        return client

    return sign_in


@pytest.fixture
def failing(demo, platform):  # noqa: F811
    """A hotline case answered through the real actions whose result the platform refused (500)."""
    from bancheng.hotline.models import HotlineSettings

    config = HotlineSettings.current()
    config.outbound_url, config.outbound_secret = platform.url, SECRET
    config.save()
    report = import_orders(
        [dict(zip(HEADINGS, GOOD[0], strict=True))], actor=demo["officer"], mapping=DEFAULT_MAPPING, now=T0
    )
    case = give_feedback(Case.objects.get(number=report.rows[0].case_number), demo, T0)
    platform.statuses.append(500)
    deliver_outbound(T0)
    return OutboundCall.objects.get(case=case)


@pytest.mark.parametrize("username", ["office", "admin"])
def test_the_outbound_page_opens_for_center_office_and_admin(as_user, username):
    assert as_user(username).get("/hotline/outbound/").status_code == 200


@pytest.mark.parametrize("username", ["service", "officer", "handler", "auditor"])
def test_the_outbound_page_is_forbidden_to_others(as_user, username):
    assert as_user(username).get("/hotline/outbound/").status_code == 403


def test_the_page_shows_state_attempts_last_error_and_next_try(as_user, failing):
    html = as_user("office").get("/hotline/outbound/").content.decode()
    assert failing.case.number in html and "QY12345-2026-0001" in html
    assert "失败待重试" in html and "500" in html
    assert failing.next_attempt_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S") in html
    assert "重新回传" in html
    only_sent = as_user("office").get("/hotline/outbound/?state=sent").content.decode()
    assert failing.case.number not in only_sent


def test_retrying_a_given_up_call_queues_it_now_with_fresh_attempts(as_user, failing):
    OutboundCall.objects.filter(pk=failing.pk).update(state="dead", attempts=8)
    response = as_user("office").post(f"/hotline/outbound/{failing.pk}/retry/", {"state": "dead"})
    assert response.status_code == 302 and response["Location"].endswith("?state=dead")
    failing.refresh_from_db()
    assert failing.state == "pending" and failing.attempts == 0
    assert "500" in failing.last_error  # kept until the next try
    event = Event.objects.get(stream="hotline", action="retry_hotline_outbound")
    assert event.data["call"] == failing.pk and event.before["state"] == "dead"
    assert deliver_outbound(failing.next_attempt_at + timedelta(seconds=1))["sent"] == 1


def test_a_call_that_did_not_fail_cannot_be_retried(as_user, failing):
    client = as_user("admin")
    client.post(f"/hotline/outbound/{failing.pk}/retry/")
    page = client.post(f"/hotline/outbound/{failing.pk}/retry/", follow=True).content.decode()
    assert "只有失败或已放弃的回传才能重试" in page
    assert Event.objects.filter(action="retry_hotline_outbound").count() == 1
    assert as_user("admin").post("/hotline/outbound/999999/retry/").status_code == 404


def test_the_hotline_page_links_the_outbound_calls(as_user):
    assert "/hotline/outbound/" in as_user("office").get("/hotline/").content.decode()
    assert "/hotline/outbound/" not in as_user("service").get("/hotline/").content.decode()
