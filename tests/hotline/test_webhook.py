"""The 12345 platform pushes work orders to a webhook signed with HMAC-SHA256 over timestamp and body."""

from __future__ import annotations

import json
import time

import pytest

from bancheng.cases.models import Case
from bancheng.domain.hotline import sign
from bancheng.hotline.models import HotlineSettings
from tests.hotline.conftest import GOOD, HEADINGS

SECRET = "s3cret-shared"
ORDER = dict(zip(HEADINGS, GOOD[0], strict=True))


@pytest.fixture
def configured(demo):
    config = HotlineSettings.current()
    config.webhook_secret = SECRET
    config.registrar = demo["officer"]
    config.save()
    return config


def push(client, payload, *, secret=SECRET, timestamp=None, signature=None):
    body = json.dumps(payload, ensure_ascii=False).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return client.post(
        "/hotline/webhook/",
        data=body,
        content_type="application/json",
        headers={"X-Hotline-Timestamp": stamp, "X-Hotline-Signature": signature or sign(secret, stamp, body)},
    )


def test_signed_push_registers_a_hotline_case(client, configured):
    answer = push(client, ORDER)
    assert answer.status_code == 200
    assert answer.json()["orders"][0]["status"] == "new"
    assert Case.objects.get(external_number=ORDER["工单编号"]).channel == "hotline"


def test_same_order_pushed_twice_makes_one_case(client, configured):
    push(client, ORDER)
    answer = push(client, {"orders": [ORDER]})
    assert answer.json()["orders"][0]["status"] == "duplicate"
    assert Case.objects.filter(external_number=ORDER["工单编号"]).count() == 1


def test_wrong_signature_is_refused_with_401(client, configured):
    answer = push(client, ORDER, signature="sha256=00")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "hotline.bad_signature"
    assert not Case.objects.filter(external_number=ORDER["工单编号"]).exists()


def test_timestamp_older_than_five_minutes_is_refused_with_401(client, configured):
    answer = push(client, ORDER, timestamp=int(time.time()) - 301)
    assert answer.status_code == 401
    assert answer.json()["error"] == {"code": "hotline.stale", "message": "时间戳超出5分钟，请求已过期"}


def test_bad_order_gets_422_with_chinese_errors(client, configured):
    answer = push(client, {**ORDER, "诉求类型": "抱怨"})
    assert answer.status_code == 422
    body = answer.json()["error"]
    assert body["code"] == "hotline.invalid"
    assert "诉求类型“抱怨”无效" in body["orders"][0]["errors"][0]


def test_webhook_without_secret_is_refused(client, demo):
    answer = push(client, ORDER)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "hotline.not_configured"


def test_webhook_answers_get_with_405(client, configured):
    assert client.get("/hotline/webhook/").status_code == 405
