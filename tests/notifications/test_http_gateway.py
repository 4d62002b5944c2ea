"""The HTTP SMS adapter against a real local HTTP server that checks the signature; retries with backoff."""

import hashlib
import hmac
import json
import threading
import urllib.parse
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bancheng.notifications.choices import MessageState
from bancheng.notifications.gateways import DeliveryError, HttpSmsGateway
from bancheng.notifications.jobs import deliver_messages
from bancheng.notifications.models import GatewaySettings, Message, MessageAttempt
from bancheng.notifications.services import MAX_ATTEMPTS, backoff
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)
SECRET = "s3cret-密钥"


class Gateway(BaseHTTPRequestHandler):
    """A stand-in SMS provider: answers 200 with an id when the signature is right, 401 otherwise, or 503
    for everything while ``server.down`` is set."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        self.server.received.append((self.headers.get("Content-Type"), body))
        if self.server.down:
            self.send_response(503)
            self.end_headers()
            return
        if not hmac.compare_digest(self.headers.get("X-Bancheng-Signature", ""), expected):
            self.send_response(401)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": f"gw-{len(self.server.received)}"}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    httpd.received, httpd.down = [], False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def url(server):
    return f"http://127.0.0.1:{server.server_address[1]}/sms"


def gateway(server, secret=SECRET, body_format="json", template=None):
    template = template or '{"phone": "{phone}", "text": "{text}", "sender": "{sender}"}'
    return HttpSmsGateway(url(server), secret, template, body_format, "办成", 5)


def test_the_http_adapter_posts_signed_json_the_gateway_accepts(server):
    provider_id = gateway(server).send("13812345678", '您好，编号"SY-1"\n已受理')
    content_type, body = server.received[0]
    assert provider_id == "gw-1" and content_type.startswith("application/json")
    assert json.loads(body) == {"phone": "13812345678", "text": '您好，编号"SY-1"\n已受理', "sender": "办成"}


def test_the_http_adapter_can_post_a_signed_form(server):
    gateway(server, body_format="form", template="mobile={phone}&content={text}").send(
        "13812345678", "a&b=c 办"
    )
    content_type, body = server.received[0]
    assert content_type.startswith("application/x-www-form-urlencoded")
    assert urllib.parse.parse_qs(body.decode()) == {"mobile": ["13812345678"], "content": ["a&b=c 办"]}


def test_a_wrong_secret_is_refused_by_the_gateway_and_fails_the_send(server):
    with pytest.raises(DeliveryError, match="HTTP 401"):
        gateway(server, secret="wrong").send("13812345678", "x")


def test_an_unreachable_gateway_fails_the_send(server):
    dead = HttpSmsGateway(url(server), SECRET, "{text}", "json", "", 1)
    server.shutdown()
    server.server_close()
    with pytest.raises(DeliveryError):
        dead.send("13812345678", "x")


def test_backoff_doubles_from_one_minute_and_stops_at_an_hour():
    assert [backoff(n) for n in range(1, 9)] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)]


@pytest.fixture
def http_configured(db, server):
    GatewaySettings.objects.create(pk=1, sms_kind="http", sms_url=url(server), sms_secret=SECRET)
    return server


def test_a_message_the_gateway_takes_is_sent_with_the_providers_id(org, http_configured):
    org.register(T0)
    assert deliver_messages(T0)["sent"] == 1
    message = Message.objects.get()
    assert (message.state, message.provider_id) == ("sent", "gw-1")
    assert json.loads(http_configured.received[0][1])["phone"] == "13812345678"


def test_a_failing_gateway_is_retried_on_the_backoff_schedule_then_given_up(org, http_configured):
    http_configured.down = True
    org.register(T0)
    now = T0
    for attempt in range(1, MAX_ATTEMPTS):
        assert deliver_messages(now)["failed"] == 1
        message = Message.objects.get()
        assert (message.state, message.attempts, message.last_error) == ("failed", attempt, "HTTP 503")
        assert message.next_attempt_at == now + backoff(attempt)
        assert deliver_messages(message.next_attempt_at - timedelta(seconds=1))["due"] == 0
        now = message.next_attempt_at
    assert deliver_messages(now)["dead"] == 1
    message = Message.objects.get()
    assert (message.state, message.attempts, message.next_attempt_at) == (
        MessageState.DEAD,
        MAX_ATTEMPTS,
        None,
    )
    assert MessageAttempt.objects.filter(message=message, ok=False).count() == MAX_ATTEMPTS
    assert len(http_configured.received) == MAX_ATTEMPTS
    assert deliver_messages(now + timedelta(days=1))["due"] == 0


def test_a_message_that_failed_once_is_sent_when_the_gateway_is_back(org, http_configured):
    http_configured.down = True
    org.register(T0)
    deliver_messages(T0)
    http_configured.down = False
    assert deliver_messages(T0 + timedelta(minutes=1))["sent"] == 1
    message = Message.objects.get()
    assert (message.state, message.attempts) == ("sent", 2)
    assert list(message.attempt_log.order_by("number").values_list("ok", flat=True)) == [False, True]


def test_the_test_sms_command_reports_the_gateways_answer_with_the_phone_masked(http_configured):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("notifications_test_sms", "13812345678", stdout=out)
    assert (
        "138****5678" in out.getvalue() and "gw-1" in out.getvalue() and "13812345678" not in out.getvalue()
    )
    assert not Message.objects.exists()
    http_configured.down = True
    with pytest.raises(CommandError, match="HTTP 503"):
        call_command("notifications_test_sms", "13812345678", stdout=out)
