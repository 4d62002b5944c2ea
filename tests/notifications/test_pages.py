"""The bell, my messages, the message log, the templates and the gateway settings pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bancheng.notifications.models import GatewaySettings, Message, MessageTemplate
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)


def signed_in(client, person):
    client.force_login(person)
    return client


def unread_badge(page):
    found = re.search(r'data-unread="(\d+)"', page)
    return int(found.group(1)) if found else 0


@pytest.fixture
def transferred(org):
    """Two cases transferred to DEP-GJ: two unread in-app messages each for its handler and unit head."""
    return [org.in_handling(T0), org.in_handling(T0)]


def test_the_bell_shows_the_unread_count_and_marking_one_read_lowers_it(client, org, transferred):
    client = signed_in(client, org.handler)
    assert unread_badge(client.get("/notifications/bell/").content.decode()) == 2
    first = Message.objects.filter(recipient=org.handler).first()
    response = client.post(f"/notifications/{first.pk}/read/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert unread_badge(client.get("/notifications/bell/").content.decode()) == 1


def test_marking_all_read_clears_the_badge(client, org, transferred):
    client = signed_in(client, org.handler)
    client.post("/notifications/read-all/")
    page = client.get("/notifications/").content.decode()
    assert unread_badge(page) == 0 and 'data-read="no"' not in page
    assert not Message.objects.filter(recipient=org.handler, read_at=None).exists()
    assert Message.objects.filter(recipient=org.unithead, read_at=None).count() == 2


def outbox_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    return page, len([q for q in queries if "notifications_message" in q["sql"]])


def test_a_page_loads_its_bell_afterwards_and_the_bell_costs_one_query(client, org, transferred):
    client = signed_in(client, org.handler)
    page, on_page = outbox_queries(client, "/")
    assert on_page == 0 and 'hx-get="/notifications/bell/"' in page
    bell, for_bell = outbox_queries(client, "/notifications/bell/")
    assert for_bell == 1 and unread_badge(bell) == 2


def test_my_messages_list_only_my_own_messages_newest_first_with_their_case(client, org, transferred):
    client = signed_in(client, org.handler)
    page = client.get("/notifications/").content.decode()
    mine = list(Message.objects.filter(recipient=org.handler).order_by("-created_at", "-pk"))
    shown = [int(pk) for pk in re.findall(r'data-message="(\d+)"', page)]
    assert shown == [m.pk for m in mine]
    assert f'href="/cases/{transferred[0].pk}/"' in page
    others = Message.objects.exclude(recipient=org.handler).values_list("pk", flat=True)
    assert others and not set(others) & set(shown)


def test_a_handler_cannot_mark_someone_elses_message_read(client, org, transferred):
    theirs = Message.objects.filter(recipient=org.unithead).first()
    response = signed_in(client, org.handler).post(f"/notifications/{theirs.pk}/read/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post(client, org, transferred):
    mine = Message.objects.filter(recipient=org.handler).first()
    assert signed_in(client, org.handler).get(f"/notifications/{mine.pk}/read/").status_code == 405


def test_the_message_log_masks_the_requesters_phone(client, org):
    org.register(T0)
    page = signed_in(client, org.office).get("/notifications/log/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert "张三" not in page  # the body with the requester's name is not shown


@pytest.mark.parametrize("username", ["handler", "officer", "leader", "auditor"])
def test_the_message_log_is_only_for_the_admin_and_the_center_office(client, org, username):
    assert signed_in(client, org.people[username]).get("/notifications/log/").status_code == 403


def test_the_admin_reads_the_message_log(client, org):
    assert signed_in(client, org.admin).get("/notifications/log/").status_code == 200


def test_a_template_with_an_unknown_placeholder_is_refused_in_chinese(client, org):
    client = signed_in(client, org.admin)
    response = client.post(
        "/notifications/templates/case_registered/", {"subject": "", "body": "您的编号{case_no}已受理"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "不认识的占位符" in page and "{case_no}" in page
    assert not MessageTemplate.objects.exists()


def test_an_edited_template_words_the_next_message(client, org):
    client = signed_in(client, org.admin)
    response = client.post(
        "/notifications/templates/case_registered/",
        {"subject": "", "body": "【沈阳公积金】{case_number}已受理"},
    )
    assert response.status_code == 302
    assert MessageTemplate.objects.get(code="case_registered").version == 1
    case = org.register(T0)
    assert Message.objects.get().body == f"【沈阳公积金】{case.number}已受理"


def test_only_the_admin_edits_templates_and_settings(client, org):
    client = signed_in(client, org.office)
    assert client.get("/notifications/templates/").status_code == 403
    assert client.post("/notifications/templates/case_registered/", {"body": "x"}).status_code == 403
    assert client.post("/notifications/settings/", {"sms_kind": "logging"}).status_code == 403
    assert not MessageTemplate.objects.exists() and not GatewaySettings.objects.exists()


# not a string a random CSRF token could contain, so its absence from the page means something
SECRET = "网关签名密钥"


def settings_form(**changes):
    values = {
        "sms_kind": "http",
        "sms_url": "https://sms.example.cn/send",
        "sms_secret": SECRET,
        "sms_body_template": '{"phone": "{phone}", "text": "{text}"}',
        "sms_body_format": "json",
        "sms_sender": "办成",
        "sms_timeout_seconds": "10",
        "email_enabled": "on",
    }
    values.update(changes)
    return values


def test_the_admin_configures_the_http_gateway_and_an_empty_secret_keeps_the_old_one(client, org):
    client = signed_in(client, org.admin)
    assert client.post("/notifications/settings/", settings_form()).status_code == 302
    assert (
        client.post("/notifications/settings/", settings_form(sms_secret="", sms_sender="公积金")).status_code
        == 302
    )
    config = GatewaySettings.objects.get()
    assert (config.sms_kind, config.sms_secret, config.sms_sender) == ("http", SECRET, "公积金")
    page = client.get("/notifications/settings/").content.decode()
    assert SECRET not in page and "已设置" in page


def test_the_http_gateway_needs_a_url_and_a_secret(client, org):
    client = signed_in(client, org.admin)
    page = client.post("/notifications/settings/", settings_form(sms_url="", sms_secret="")).content.decode()
    assert "请填写网关地址" in page
    page = client.post("/notifications/settings/", settings_form(sms_secret="")).content.decode()
    assert "请填写签名密钥" in page
    assert not GatewaySettings.objects.exists()


def test_the_admins_pages_open_with_the_chinese_defaults(client, org):
    client = signed_in(client, org.admin)
    listing = client.get("/notifications/templates/").content.decode()
    assert "受理登记（短信给诉求人）" in listing and "默认" in listing
    edit = client.get("/notifications/templates/materials_missing/").content.decode()
    assert "{missing_materials}" in edit and "一次告知" in edit
    assert client.get("/notifications/templates/nope/").status_code == 404
    assert "发送设置" in client.get("/notifications/settings/").content.decode()
