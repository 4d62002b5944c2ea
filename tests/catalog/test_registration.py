"""A case registered with a service item (the action and the register page), the case page's link, and the
pause form's checklist of the item's materials that becomes the one-time notice."""

from __future__ import annotations

import re

import pytest

from bancheng.audit.models import Event
from bancheng.cases import actions as act
from bancheng.cases.models import Case, Pause
from bancheng.catalog.actions import deactivate_service_item
from bancheng.catalog.models import ServiceItem
from bancheng.documents.forms import render_form_pdf
from bancheng.domain.errors import DomainError
from tests.catalog.conftest import WHEN
from tests.documents.reading import pdf_text
from tests.pages.test_lifecycle_pages import form_version, post_action, register

pytestmark = pytest.mark.django_db


def test_registering_with_an_item_stores_it_and_the_event_names_its_code(org, make_item):
    item = make_item()
    case = org.register(WHEN, service_item=item)
    assert case.service_item == item and case.business == "住房公积金提取"
    event = Event.objects.get(case=case, action="register")
    assert event.data["service_item"] == "GJJ-TQ-09"


def test_without_a_typed_business_the_items_name_is_used(org, make_item):
    case = org.register(WHEN, service_item=make_item(), business="")
    assert case.business == "租房提取住房公积金"


def test_registering_without_an_item_leaves_it_empty(org):
    case = org.register(WHEN)
    assert case.service_item is None
    assert "service_item" not in Event.objects.get(case=case, action="register").data


def test_an_inactive_item_is_refused_when_registering(org, make_item):
    item = deactivate_service_item(make_item(), actor=org.admin, now=WHEN)
    with pytest.raises(DomainError) as refused:
        org.register(WHEN, service_item=item)
    assert refused.value.code == "case.inactive_service_item"
    assert not Case.objects.exists()


def test_an_item_named_by_a_case_cannot_be_deleted(org, make_item):
    from django.db.models import ProtectedError

    item = make_item()
    org.register(WHEN, service_item=item)
    with pytest.raises(ProtectedError):
        ServiceItem.objects.filter(pk=item.pk).delete()


# ---- pages ----------------------------------------------------------------------------------------------


def test_the_register_page_offers_the_active_items_with_their_names_and_the_picker_script(as_user):
    page = as_user("officer").get("/cases/new/").content.decode()
    assert 'name="service_item"' in page and 'data-fills="id_business"' in page
    assert 'data-name="租房提取住房公积金"' in page and "GJJ-TQ-01 租房提取住房公积金" in page
    assert "/static/catalog/service_item_picker.js" in page
    assert "<script>" not in page  # no inline script (CSP)


def test_registering_on_the_page_with_an_item_links_the_case_to_it(as_user):
    officer = as_user("officer")
    item = ServiceItem.objects.get(code="GJJ-TQ-03")
    response, _ = register(officer, service_item=str(item.pk), business=item.name)
    assert response.status_code == 302
    case = Case.objects.latest("pk")
    assert case.service_item == item
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/catalog/{item.pk}/"' in page and "GJJ-TQ-03 退休提取住房公积金（销户）" in page


def test_an_inactive_item_is_not_offered_and_posting_it_is_refused_in_chinese(as_user, demo):
    item = ServiceItem.objects.get(code="GJJ-DK-03")
    deactivate_service_item(item, actor=demo["admin"])
    officer = as_user("officer")
    assert "GJJ-DK-03" not in officer.get("/cases/new/").content.decode()
    response, _ = register(officer, service_item=str(item.pk))
    assert response.status_code == 400
    assert "该服务事项不存在或已停用，请重新选择" in response.content.decode()


def _assessed_case(client, **extra):
    register(client, **extra)
    case = Case.objects.latest("pk")
    post_action(
        client,
        case,
        "assess",
        category="withdrawal",
        nature="service",
        case_class="general",
        disposal="transfer",
    )
    return case


def test_the_pause_form_offers_the_items_materials_as_a_checklist(as_user):
    officer = as_user("officer")
    item = ServiceItem.objects.get(code="GJJ-TQ-03")
    case = _assessed_case(officer, service_item=str(item.pk))
    page = officer.get(f"/cases/{case.pk}/act/pause/").content.decode()
    boxes = re.findall(r'type="checkbox" name="checked_materials" value="([^"]+)"', page)
    assert boxes == item.materials
    assert "其他缺少的材料" in page


def test_ticked_materials_and_free_lines_become_exactly_the_one_time_notice(as_user):
    officer = as_user("officer")
    item = ServiceItem.objects.get(code="GJJ-TQ-03")
    case = _assessed_case(officer, service_item=str(item.pk))
    url = f"/cases/{case.pk}/act/pause/"
    response = officer.post(
        url,
        {
            "version": form_version(officer, url),
            "checked_materials": ["单位出具的封存证明", "退休证原件及复印件"],
            "missing_materials": "户口簿\n退休证原件及复印件",
        },
    )
    assert response.status_code == 302
    pause = Pause.objects.get(case=case)
    assert pause.missing_materials == ["退休证原件及复印件", "单位出具的封存证明", "户口簿"]
    text = pdf_text(render_form_pdf(case, "one_time_notice", notice=pause))
    assert "1. 退休证原件及复印件" in text and "2. 单位出具的封存证明" in text and "3. 户口簿" in text
    assert "本人银行卡" not in text


def test_a_pause_with_nothing_ticked_or_typed_is_refused(as_user):
    officer = as_user("officer")
    item = ServiceItem.objects.get(code="GJJ-TQ-03")
    case = _assessed_case(officer, service_item=str(item.pk))
    url = f"/cases/{case.pk}/act/pause/"
    response = officer.post(url, {"version": form_version(officer, url), "missing_materials": ""})
    assert response.status_code == 400 and "请勾选或填写缺少的材料" in response.content.decode()
    assert not Pause.objects.filter(case=case).exists()


def test_a_case_without_an_item_pauses_with_free_lines_as_before(as_user):
    officer = as_user("officer")
    case = _assessed_case(officer)
    page = officer.get(f"/cases/{case.pk}/act/pause/").content.decode()
    assert "checked_materials" not in page
    assert post_action(officer, case, "pause", missing_materials="身份证复印件\n离职证明").status_code == 302
    assert Pause.objects.get(case=case).missing_materials == ["身份证复印件", "离职证明"]


def test_the_action_records_the_item_for_the_api_and_other_doors(org, make_item):
    item = make_item()
    case = act.register_case(
        actor=org.officer,
        channel="phone",
        requester_name="李四",
        requester_phone="13800001111",
        business="",
        problem="租房提取被退回",
        service_item=item,
        now=WHEN,
    )
    assert case.business == item.name and case.service_item_id == item.pk
