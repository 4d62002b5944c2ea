"""The /hotline/ pages: upload → dry run → confirm, the administrator's settings, export; others get 403."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from bancheng.cases.models import Case
from bancheng.hotline.models import HotlineSettings


@pytest.fixture
def as_user(client, demo):
    def sign_in(username):
        client.force_login(demo[username])
        return client

    return sign_in


def upload(client, data, name="orders.xlsx"):
    return client.post("/hotline/", {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("username", ["office", "service", "admin"])
def test_hotline_page_opens_for_center_office_service_and_admin(as_user, username):
    assert as_user(username).get("/hotline/").status_code == 200


@pytest.mark.parametrize("username", ["officer", "handler", "leader", "auditor"])
def test_hotline_page_is_forbidden_to_others(as_user, username):
    assert as_user(username).get("/hotline/").status_code == 403


def test_dry_run_shows_rows_masked_and_writes_nothing_then_confirm_registers(as_user, xlsx_bytes):
    client = as_user("office")
    before = Case.objects.count()
    page = upload(client, xlsx_bytes())
    text = page.content.decode()
    assert "试导入结果" in text and "新建 2" in text
    assert "13912345678" not in text
    assert Case.objects.count() == before
    done = client.post("/hotline/", {"confirm": "1"})
    assert "导入结果" in done.content.decode()
    assert Case.objects.count() == before + 2


def test_bad_file_shows_chinese_error_without_confirm(as_user):
    page = upload(as_user("service"), b"x", name="orders.doc")
    assert page.status_code == 400
    assert "仅支持 XLSX、CSV、JSON 文件" in page.content.decode()


def test_confirm_without_dry_run_is_refused_in_chinese(as_user):
    page = as_user("office").post("/hotline/", {"confirm": "1"})
    assert page.status_code == 400
    assert "没有待确认的导入" in page.content.decode()


def test_admin_edits_mapping_and_secret(as_user):
    client = as_user("admin")
    mapping = '{"单号": "external_number", "姓名": "requester_name", "电话": "requester_phone", "类型": "request_type", "内容": "problem"}'
    answer = client.post(
        "/hotline/settings/", {"mapping": mapping, "webhook_secret": "abc", "registrar": "officer"}
    )
    assert answer.status_code == 302
    config = HotlineSettings.current()
    assert config.mapping["单号"] == "external_number" and config.webhook_secret == "abc"
    assert config.registrar.username == "officer"


def test_bad_mapping_is_refused_in_chinese(as_user):
    answer = as_user("admin").post("/hotline/settings/", {"mapping": '{"单号": "nothing"}'})
    assert answer.status_code == 400
    assert "“单号”对应的字段“nothing”不存在" in answer.content.decode()


def test_settings_are_for_the_administrator_only(as_user):
    assert as_user("office").get("/hotline/settings/").status_code == 403


def test_export_downloads_xlsx_in_the_platform_layout(as_user):
    answer = as_user("office").get("/hotline/export/", {"month": "2026-10"})
    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("工单编号", "办理结果", "答复内容", "办结时间", "满意度")


def test_export_with_bad_month_is_400(as_user):
    assert as_user("office").get("/hotline/export/", {"month": "x"}).status_code == 400
