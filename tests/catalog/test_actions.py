"""Creating, editing (a new version each time, the old ones kept), deactivating and reactivating service
items: permissions, validation in Chinese, conflicts, and the audit events."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bancheng.catalog import actions
from bancheng.catalog.models import ServiceItem, ServiceItemVersion
from bancheng.domain.errors import Conflict, DomainError, PermissionDenied
from tests.catalog.conftest import WHEN, catalog_events, item_fields

pytestmark = pytest.mark.django_db


def test_creating_an_item_stores_version_one_with_its_snapshot_and_an_event(org):
    item = actions.create_service_item(actor=org.admin, now=WHEN, **item_fields())
    assert item.version == 1 and item.is_active
    assert item.materials == ["本人身份证原件", "房屋租赁合同", "本人银行卡"]
    version = item.versions.get()
    assert (
        version.number == 1
        and version.author == org.admin
        and version.snapshot["name"] == "租房提取住房公积金"
    )
    event = catalog_events().get()
    assert event.action == "create_service_item"
    assert event.data == {"item": "GJJ-TQ-09", "version": 1}
    assert event.after["materials"] == item.materials and event.actor == org.admin


def test_materials_typed_as_text_are_read_one_per_line_without_numbering(org):
    item = actions.create_service_item(
        actor=org.admin, now=WHEN, **item_fields(materials="1. 身份证\n\n2、租赁合同\n身份证\n（3）银行卡")
    )
    assert item.materials == ["身份证", "租赁合同", "银行卡"]


def test_categories_may_be_given_by_label_and_are_stored_as_codes(org):
    item = actions.create_service_item(actor=org.admin, now=WHEN, **item_fields(categories="提取、贷款"))
    assert item.categories == ["withdrawal", "loan"]


def test_a_wrong_item_is_refused_field_by_field_in_chinese_and_nothing_is_written(org):
    with pytest.raises(DomainError) as refused:
        actions.create_service_item(
            actor=org.admin,
            now=WHEN,
            **item_fields(code="租房 01", name=" ", materials="", categories=["火星"]),
        )
    assert refused.value.code == "catalog.invalid"
    fields = refused.value.details["fields"]
    assert set(fields) == {"code", "name", "materials", "categories"}
    assert "请填写事项名称" in fields["name"] and "一行一项" in fields["materials"]
    assert "火星" in fields["categories"]
    assert not ServiceItem.objects.exists() and not catalog_events().exists()


def test_a_code_already_used_is_refused(org, make_item):
    make_item()
    with pytest.raises(DomainError) as refused:
        actions.create_service_item(actor=org.admin, now=WHEN, **item_fields(name="另一个"))
    assert refused.value.code == "catalog.duplicate_code"
    assert ServiceItem.objects.count() == 1


def test_editing_saves_a_new_version_and_keeps_the_old_one(org, make_item):
    item = make_item()
    later = WHEN + timedelta(days=3)
    edited = actions.update_service_item(
        item,
        actor=org.office,
        now=later,
        expected_version=1,
        note="新增婚姻证明",
        materials=["本人身份证原件", "房屋租赁合同", "本人银行卡", "婚姻状况证明"],
        time_limit="3个工作日",
    )
    assert edited.version == 2 and edited.materials[-1] == "婚姻状况证明" and edited.updated_at == later
    first, second = ServiceItemVersion.objects.filter(item=item).order_by("number")
    assert first.snapshot["materials"] == ["本人身份证原件", "房屋租赁合同", "本人银行卡"]
    assert first.snapshot["time_limit"] == "5个工作日"
    assert second.snapshot["time_limit"] == "3个工作日" and second.author == org.office
    assert second.note == "新增婚姻证明"
    event = catalog_events("update_service_item").get()
    assert event.before == {"materials": first.snapshot["materials"], "time_limit": "5个工作日"}
    assert event.after == {"materials": edited.materials, "time_limit": "3个工作日"}
    assert event.data == {"item": "GJJ-TQ-09", "version": 2, "note": "新增婚姻证明"}


def test_saving_without_a_change_makes_no_version(org, make_item):
    item = make_item()
    same = actions.update_service_item(item, actor=org.admin, now=WHEN, **item_fields())
    assert same.version == 1 and item.versions.count() == 1
    assert not catalog_events("update_service_item").exists()


def test_a_stale_edit_is_refused_as_a_conflict(org, make_item):
    item = make_item()
    actions.update_service_item(item, actor=org.admin, now=WHEN, expected_version=1, phone="12329")
    with pytest.raises(Conflict) as refused:
        actions.update_service_item(item, actor=org.admin, now=WHEN, expected_version=1, phone="024-1")
    assert refused.value.code == "catalog.conflict"
    item.refresh_from_db()
    assert item.phone == "12329" and item.version == 2


def test_the_code_cannot_change(org, make_item):
    item = make_item()
    with pytest.raises(DomainError) as refused:
        actions.update_service_item(item, actor=org.admin, now=WHEN, code="GJJ-X")
    assert refused.value.code == "catalog.code_fixed"


def test_an_edit_that_empties_the_materials_is_refused(org, make_item):
    item = make_item()
    with pytest.raises(DomainError) as refused:
        actions.update_service_item(item, actor=org.admin, now=WHEN, materials=[])
    assert refused.value.details["fields"]["materials"].startswith("请填写申请材料")
    assert ServiceItem.objects.get().version == 1


def test_deactivating_and_reactivating_are_recorded_and_keep_the_versions(org, make_item):
    item = make_item()
    off = actions.deactivate_service_item(item, actor=org.admin, now=WHEN)
    assert not off.is_active and off.version == 1
    assert actions.deactivate_service_item(item, actor=org.admin, now=WHEN).is_active is False  # twice: no-op
    on = actions.reactivate_service_item(item, actor=org.office, now=WHEN)
    assert on.is_active
    assert [e.action for e in catalog_events()] == [
        "create_service_item",
        "deactivate_service_item",
        "reactivate_service_item",
    ]
    assert item.versions.count() == 1


@pytest.mark.parametrize("username", ["officer", "handler", "unithead", "service", "leader", "auditor"])
def test_only_the_administrator_and_the_center_office_change_the_catalog(org, make_item, username):
    item = make_item()
    person = org.people[username]
    with pytest.raises(PermissionDenied):
        actions.create_service_item(actor=person, now=WHEN, **item_fields(code="GJJ-NEW"))
    with pytest.raises(PermissionDenied):
        actions.update_service_item(item, actor=person, now=WHEN, name="改名")
    with pytest.raises(PermissionDenied):
        actions.deactivate_service_item(item, actor=person, now=WHEN)
    item.refresh_from_db()
    assert item.name == "租房提取住房公积金" and item.is_active and catalog_events().count() == 1


def test_an_inactive_administrator_is_refused(org, make_item):
    org.admin.is_active = False
    with pytest.raises(PermissionDenied):
        make_item()
