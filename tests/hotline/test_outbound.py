"""Results of hotline cases are POSTed back to the platform, signed, and retried with backoff."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pytest

from bancheng.cases.models import Case
from bancheng.domain.hotline import DEFAULT_MAPPING, signature_problem
from bancheng.hotline.models import HotlineSettings, OutboundCall
from bancheng.hotline.outbound import deliver_outbound
from bancheng.hotline.services import import_orders
from tests.hotline.conftest import GOOD, HEADINGS, close, give_feedback
from tests.support import shanghai

T0 = shanghai(2026, 10, 12, 10, 0)
SECRET = "back-secret"


@pytest.fixture
def platform():
    """A local stand-in for the 12345 platform: answers with the queued statuses, records what it got."""
    received, statuses = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(statuses.pop(0) if statuses else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(
        url=f"http://127.0.0.1:{server.server_port}/result", received=received, statuses=statuses
    )
    server.shutdown()


@pytest.fixture
def answered(demo, platform):
    config = HotlineSettings.current()
    config.outbound_url, config.outbound_secret = platform.url, SECRET
    config.save()
    report = import_orders(
        [dict(zip(HEADINGS, GOOD[0], strict=True))], actor=demo["officer"], mapping=DEFAULT_MAPPING, now=T0
    )
    case = Case.objects.get(number=report.rows[0].case_number)
    return give_feedback(case, demo, T0)


def test_feedback_of_a_hotline_case_queues_one_outbound_call(answered):
    assert OutboundCall.objects.filter(case=answered, state="pending").count() == 1


def test_outbound_call_is_signed_json_in_the_platform_layout(answered, platform):
    assert deliver_outbound(T0) == {"sent": 1, "failed": 0, "dead": 0}
    headers, body = platform.received[0]
    assert json.loads(body)["工单编号"] == "QY12345-2026-0001"
    assert json.loads(body)["办理结果"] == "已解决"
    stamp = headers["X-Hotline-Timestamp"]
    assert signature_problem(SECRET, stamp, headers["X-Hotline-Signature"], body, T0.timestamp()) is None
    assert OutboundCall.objects.get(case=answered).state == "sent"


def test_failed_outbound_call_is_retried_after_backoff(answered, platform):
    platform.statuses.append(500)
    assert deliver_outbound(T0)["failed"] == 1
    call = OutboundCall.objects.get(case=answered)
    assert call.state == "failed" and call.next_attempt_at == T0 + timedelta(minutes=1)
    assert "500" in call.last_error
    assert deliver_outbound(T0 + timedelta(seconds=30)) == {"sent": 0, "failed": 0, "dead": 0}
    assert deliver_outbound(T0 + timedelta(minutes=1))["sent"] == 1
    call.refresh_from_db()
    assert call.state == "sent" and call.attempts == 2


def test_the_closure_queues_a_second_call_with_the_satisfaction(answered, platform, demo):
    close(answered, demo, T0 + timedelta(hours=1))
    calls = OutboundCall.objects.filter(case=answered).order_by("pk")
    assert [c.action for c in calls] == ["give_feedback", "close"]
    assert deliver_outbound(T0 + timedelta(hours=1))["sent"] == 2
    last = json.loads(platform.received[-1][1])
    assert last["满意度"] == "满意" and last["办结时间"]


def test_non_hotline_cases_send_nothing(demo, platform):
    config = HotlineSettings.current()
    config.outbound_url = platform.url
    config.save()
    from bancheng.cases import actions as act

    online = act.register_case(
        actor=demo["officer"],
        channel="online",
        requester_name="王五",
        requester_phone="13700001111",
        business="社保转移",
        problem="转移手续办不下来",
        now=T0,
    )
    give_feedback(online, demo, T0)
    assert not OutboundCall.objects.exists()
