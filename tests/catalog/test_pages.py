"""The catalog's pages: list and filters, an item with its notice fields and versions, the edit form with its
Chinese errors, deactivation, the Excel import's dry run then apply, the export and the notice sheet
downloads; and who may do what."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from bancheng.catalog.actions import deactivate_service_item
from bancheng.catalog.models import ServiceItem
from tests.catalog.conftest import catalog_events
from tests.catalog.test_excel import row, workbook
from tests.documents.reading import docx_text, pdf_text

pytestmark = pytest.mark.django_db

READERS = ["officer", "handler", "unithead", "service", "leader", "auditor"]
EDITORS = ["admin", "office"]


def item(code="GJJ-TQ-03"):
    return ServiceItem.objects.get(code=code)


def form_data(found, **changes):
    data = {
        "version": found.version,
        "code": found.code,
        "name": found.name,
        "categories": found.categories,
        "policy_basis": found.policy_basis,
        "conditions": found.conditions,
        "procedure": found.procedure,
        "materials": "\n".join(found.materials),
        "time_limit": found.time_limit,
        "cooperating_units": found.cooperating_units,
        "place": found.place,
        "phone": found.phone,
        "note": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("username", READERS + EDITORS)
def test_every_role_reads_the_catalog_and_prints_a_notice_sheet(as_user, username):
    client = as_user(username)
    page = client.get("/catalog/").content.decode()
    assert "事项目录" in page and "GJJ-TQ-03" in page and "退休提取住房公积金（销户）" in page
    detail = client.get(f"/catalog/{item().pk}/")
    assert detail.status_code == 200
    assert ("编辑" in detail.content.decode()) == (username in EDITORS)
    pdf = client.get(f"/catalog/{item().pk}/notice.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_list_filters_by_category_and_by_words(as_user):
    client = as_user("officer")
    loans = client.get("/catalog/?category=loan").content.decode()
    assert "GJJ-DK-01" in loans and "GJJ-DK-02" in loans and "GJJ-JC-01" not in loans
    found = client.get("/catalog/?q=退休").content.decode()
    assert "GJJ-TQ-03" in found and "GJJ-DK-01" not in found
    assert "没有符合条件的事项" in client.get("/catalog/?q=火星").content.decode()


def test_the_list_costs_the_same_queries_whatever_the_number_of_items(as_user):
    client = as_user("office")
    client.get("/catalog/")
    with CaptureQueriesContext(connection) as few:
        client.get("/catalog/?q=退休")
    with CaptureQueriesContext(connection) as many:
        client.get("/catalog/")
    assert len(many) == len(few) and len(many) <= 10


def test_the_item_page_shows_every_notice_field_and_the_version_history(as_user):
    page = as_user("officer").get(f"/catalog/{item().pk}/").content.decode()
    for label in [
        "政策依据",
        "办理条件",
        "办理流程",
        "申请材料",
        "办理时限",
        "协办单位",
        "办理地点",
        "咨询电话",
    ]:
        assert f"<dt>{label}</dt>" in page, label
    assert "<li>单位出具的封存证明</li>" in page and "12329" in page
    assert "第1版</a>" in page and "演示目录" in page


@pytest.mark.parametrize("username", EDITORS)
def test_an_editor_saves_a_new_version_and_the_old_one_stays_viewable(as_user, username):
    client = as_user(username)
    found = item()
    materials = "\n".join([*found.materials, "户口簿"])
    response = client.post(
        f"/catalog/{found.pk}/edit/", form_data(found, materials=materials, note="加户口簿")
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.version == 2 and found.materials[-1] == "户口簿"
    page = client.get(f"/catalog/{found.pk}/").content.decode()
    assert "第2版</a>" in page and "加户口簿" in page
    old = client.get(f"/catalog/{found.pk}/versions/1/").content.decode()
    assert "历史版本" in old and "户口簿" not in old and "单位出具的封存证明" in old


def test_the_edit_form_shows_the_actions_errors_in_chinese_on_their_fields(as_user):
    client = as_user("admin")
    found = item()
    response = client.post(
        f"/catalog/{found.pk}/edit/",
        form_data(found, name="", materials="  \n", phone="窗口", categories=["x"]),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "此项为必填项" in page  # name and materials, by the form
    response = client.post(f"/catalog/{found.pk}/edit/", form_data(found, phone="窗口"))
    assert response.status_code == 400 and "咨询电话应包含号码" in response.content.decode()
    found.refresh_from_db()
    assert found.version == 1


def test_a_stale_edit_is_refused_on_the_page(as_user):
    client = as_user("admin")
    found = item()
    client.post(f"/catalog/{found.pk}/edit/", form_data(found, phone="12329-1"))
    response = client.post(f"/catalog/{found.pk}/edit/", form_data(found, phone="12329-2"))
    assert response.status_code == 400 and "已被他人修改" in response.content.decode()


def test_a_new_item_is_created_from_the_form(as_user):
    client = as_user("office")
    page = client.get("/catalog/new/").content.decode()
    assert "新增服务事项" in page
    data = {
        "code": "GJJ-TQ-99",
        "name": "大病医疗提取",
        "categories": ["withdrawal"],
        "materials": "1. 身份证\n2. 医院诊断证明\n3. 医疗费用票据",
        "phone": "12329",
    }
    response = client.post("/catalog/new/", data)
    assert response.status_code == 302
    created = ServiceItem.objects.get(code="GJJ-TQ-99")
    assert created.materials == ["身份证", "医院诊断证明", "医疗费用票据"]
    duplicate = client.post("/catalog/new/", data)
    assert duplicate.status_code == 400 and "已被使用" in duplicate.content.decode()


def test_deactivating_hides_the_item_from_readers_but_keeps_it_for_editors(as_user, demo):
    client = as_user("admin")
    found = item()
    assert client.post(f"/catalog/{found.pk}/active/", {"active": "0"}).status_code == 302
    found.refresh_from_db()
    assert not found.is_active
    assert "GJJ-TQ-03" not in client.get("/catalog/").content.decode()
    assert "GJJ-TQ-03" in client.get("/catalog/?status=inactive").content.decode()
    officer = as_user("officer")
    assert "GJJ-TQ-03" not in officer.get("/catalog/?status=all").content.decode()
    assert officer.get(f"/catalog/{found.pk}/").status_code == 404
    admin = as_user("admin")
    assert client.post(f"/catalog/{found.pk}/active/", {"active": "1"}).status_code == 302
    assert [e.action for e in catalog_events()][-2:] == ["deactivate_service_item", "reactivate_service_item"]
    assert admin.get(f"/catalog/{found.pk}/").status_code == 200


@pytest.mark.parametrize("username", READERS)
def test_readers_may_not_edit_import_or_deactivate(as_user, username):
    client = as_user(username)
    found = item()
    for url in ["/catalog/new/", f"/catalog/{found.pk}/edit/", "/catalog/import/"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/catalog/{found.pk}/edit/", form_data(found, name="x")).status_code == 403
    assert client.post(f"/catalog/{found.pk}/active/", {"active": "0"}).status_code == 403
    assert client.post("/catalog/import/apply/", {"token": "x"}).status_code == 403
    found.refresh_from_db()
    assert found.is_active and found.version == 1


def test_signed_out_visitors_are_sent_to_sign_in(client, demo):
    for url in [
        "/catalog/",
        f"/catalog/{item().pk}/",
        f"/catalog/{item().pk}/notice.pdf",
        "/catalog/export.xlsx",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_the_import_page_dry_runs_then_applies_the_same_file(as_user):
    client = as_user("office")
    changed = row(
        "GJJ-TQ-03",
        "退休提取住房公积金（销户）",
        materials="身份证\n退休证\n封存证明\n银行卡",
        事项分类="提取",
    )
    upload = io.BytesIO(workbook(changed, row("GJJ-TQ-88", "新事项")))
    upload.name = "目录.xlsx"
    response = client.post("/catalog/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "预检结果：共 2 行，新增 1 项，更新 1 项" in page
    assert "更新（新版本）" in page and not ServiceItem.objects.filter(code="GJJ-TQ-88").exists()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    applied = client.post("/catalog/import/apply/", {"token": token}, follow=True)
    assert "已导入：共 2 行" in applied.content.decode()
    assert item().version == 2 and item().materials == ["身份证", "退休证", "封存证明", "银行卡"]
    assert ServiceItem.objects.filter(code="GJJ-TQ-88").exists()
    again = client.post("/catalog/import/apply/", {"token": token}, follow=True)
    assert "预检结果已失效" in again.content.decode()


def test_the_import_page_lists_bad_rows_and_offers_no_apply(as_user):
    client = as_user("admin")
    upload = io.BytesIO(workbook(row(), row("GJJ-BAD", "", materials="")))
    upload.name = "bad.xlsx"
    response = client.post("/catalog/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400 and "有错误 1 行" in page
    assert "事项名称：请填写事项名称" in page and 'name="token"' not in page
    junk = io.BytesIO(b"junk")
    junk.name = "x.xlsx"
    page = client.post("/catalog/import/", {"file": junk}).content.decode()
    assert "无法读取该文件" in page


def test_another_users_pending_import_cannot_be_applied(as_user, client, demo):
    office = as_user("office")
    upload = io.BytesIO(workbook(row("GJJ-TQ-77", "新")))
    upload.name = "a.xlsx"
    token = re.search(
        r'name="token" value="([0-9a-f]+)"',
        office.post("/catalog/import/", {"file": upload}).content.decode(),
    ).group(1)
    client.logout()
    client.force_login(demo["admin"])
    page = client.post("/catalog/import/apply/", {"token": token}, follow=True).content.decode()
    assert "预检结果已失效" in page and not ServiceItem.objects.filter(code="GJJ-TQ-77").exists()


def test_the_export_downloads_the_catalog_in_the_import_layout(as_user):
    response = as_user("officer").get("/catalog/export.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "事项编码" and rows[0][10] == "事项分类"
    assert len(rows) == 1 + ServiceItem.objects.filter(is_active=True).count()


def test_the_notice_downloads_carry_the_items_fields(as_user):
    client = as_user("officer")
    found = item()
    text = pdf_text(client.get(f"/catalog/{found.pk}/notice.pdf").content)
    assert "事项告知单：退休提取住房公积金（销户）" in text and "3. 单位出具的封存证明" in text
    docx = client.get(f"/catalog/{found.pk}/notice.docx")
    assert "attachment" in docx["Content-Disposition"]
    assert "退休证原件及复印件" in docx_text(docx.content)


def test_the_item_page_links_its_guide_card_in_both_sizes_and_the_card_prints(as_user):
    client = as_user("officer")
    found = item()
    page = client.get(f"/catalog/{found.pk}/").content.decode()
    for size in ("a6", "a5"):
        assert f"/knowledge/cards/item/{found.pk}.pdf?size={size}" in page
    card = client.get(f"/knowledge/cards/item/{found.pk}.pdf?size=a6")
    assert card["Content-Type"] == "application/pdf"
    assert "单位出具的封存证明" in pdf_text(card.content)


def test_the_demo_catalog_has_real_looking_items_for_each_shenyang_category(demo):
    items = list(ServiceItem.objects.all())
    assert len(items) >= 10
    categories = {c for i in items for c in i.categories}
    assert {"deposit", "withdrawal", "loan", "transfer_continuation", "account"} <= categories
    assert all(i.materials and i.phone and i.place for i in items)
    paused = ServiceItem.objects.get(code="GJJ-TQ-03").cases.get()
    assert paused.pauses.get().missing_materials[0] in item().materials


def test_an_inactive_item_is_gone_for_readers_but_cases_keep_it(as_user, demo):
    found = ServiceItem.objects.get(code="GJJ-TQ-01")
    case = found.cases.get()
    deactivate_service_item(found, actor=demo["admin"])
    page = as_user("office").get(f"/cases/{case.pk}/").content.decode()
    assert "GJJ-TQ-01 租房提取住房公积金" in page and "已停用" in page
