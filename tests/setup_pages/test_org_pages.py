"""The unit tree and the people: every change goes through ``org.services`` and leaves an event in the
``org`` stream; bad input is refused on the form in Chinese and writes nothing."""

import pytest
from django.utils import timezone

from bancheng.cases import actions as act
from bancheng.cases.selectors import cases_visible_to
from bancheng.domain.errors import DomainError
from bancheng.org import services
from bancheng.org.models import Staff, Unit
from tests.setup_pages.conftest import org_events
from tests.support import Org

STRONG = "Chuang-kou-2026!"


def unit_post(unit=None, **changes):
    values = {"code": "", "name": "", "kind": "", "parent": "", "phone": "", "address": "", "active": "on"}
    if unit is not None:
        values.update(
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            parent=unit.parent_id or "",
            phone=unit.phone,
            address=unit.address,
        )
    values.update(changes)
    return values


def staff_post(person=None, **changes):
    values = {"username": "", "full_name": "", "unit": "", "role": "case_officer", "phone": "", "backup": ""}
    if person is not None:
        values.update(
            username=person.username,
            full_name=person.full_name,
            unit=person.unit_id or "",
            role=person.role,
            phone=person.phone,
            backup=person.backup_id or "",
        )
        if person.absent:
            values["absent"] = "on"
        if person.is_active:
            values["is_active"] = "on"
    values.update(changes)
    return values


def test_the_unit_tree_lists_children_under_their_parent_with_kinds_in_chinese(as_user):
    page = as_user("admin").get("/setup/org/").content.decode()
    center, branch = page.index("沈阳住房公积金管理中心"), page.index("直属管理部")
    assert center < branch
    assert "管理部/分中心" in page and "外部单位" in page


def test_adding_a_unit_creates_it_and_records_an_event(as_user, demo):
    center = Unit.objects.get(code="CENTER")
    response = as_user("admin").post(
        "/setup/org/units/new/",
        unit_post(code="DEP-FW", name="法务部", kind="department", parent=center.pk, phone="024-1234"),
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="DEP-FW")
    assert (unit.name, unit.parent, unit.kind, unit.active) == ("法务部", center, "department", True)
    event = org_events("create_unit").get()
    assert event.actor == demo["admin"]
    assert event.after["code"] == "DEP-FW" and event.after["parent"] == "CENTER"


def test_editing_a_unit_records_only_what_changed(as_user):
    unit = Unit.objects.get(code="DEP-GJ")
    response = as_user("admin").post(f"/setup/org/units/{unit.pk}/", unit_post(unit, name="归集管理部"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "归集管理部"
    event = org_events("update_unit").get()
    assert (event.before, event.after) == ({"name": "归集部"}, {"name": "归集管理部"})


def test_the_unit_form_edits_the_address_and_phone_the_guide_cards_print(as_user):
    unit = Unit.objects.get(code="EXT-TAX")
    client = as_user("admin")
    form = client.get(f"/setup/org/units/{unit.pk}/").content.decode()
    assert "地址" in form and "联系电话" in form
    assert unit.address in form and unit.phone in form  # the demo's, ready to correct
    changes = {"address": "沈阳市沈河区青年大街219号二楼办税服务厅", "phone": "024-12345639"}
    response = client.post(f"/setup/org/units/{unit.pk}/", unit_post(unit, **changes))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.address, unit.phone) == (changes["address"], changes["phone"])
    event = org_events("update_unit").get()
    assert event.after == changes and set(event.before) == {"address", "phone"}


def test_a_unit_cannot_become_its_own_ancestor(as_user):
    center, branch = Unit.objects.get(code="CENTER"), Unit.objects.get(code="HQ")
    client = as_user("admin")
    for parent in (branch, center):  # under its own child, or under itself
        response = client.post(f"/setup/org/units/{center.pk}/", unit_post(center, parent=parent.pk))
        assert response.status_code == 400
        assert "不能形成循环" in response.content.decode()
    center.refresh_from_db()
    assert center.parent is None
    assert not org_events().exists()


def test_a_unit_code_already_taken_is_refused(as_user):
    response = as_user("admin").post(
        "/setup/org/units/new/", unit_post(code="HQ", name="重复", kind="branch")
    )
    assert response.status_code == 400
    assert "单位代码“HQ”已被使用" in response.content.decode()
    assert Unit.objects.filter(code="HQ").count() == 1
    assert not org_events().exists()


def test_the_staff_list_shows_role_unit_backup_and_absence(as_user):
    page = as_user("admin").get("/setup/org/staff/").content.decode()
    assert "王敏" in page and "办理专员" in page and "直属管理部" in page and "李静" in page
    assert "在岗" in page


def test_adding_a_person_sets_role_unit_backup_and_a_usable_password(as_user, demo, client):
    unit = Unit.objects.get(code="HP")
    response = as_user("admin").post(
        "/setup/org/staff/new/",
        staff_post(
            username="officer3",
            full_name="钱程",
            unit=unit.pk,
            role="case_officer",
            backup=demo["officer2"].pk,
            is_active="on",
            password1=STRONG,
            password2=STRONG,
        ),
    )
    assert response.status_code == 302
    person = Staff.objects.get(username="officer3")
    assert (person.unit, person.role, person.backup) == (unit, "case_officer", demo["officer2"])
    assert person.check_password(STRONG) and not person.is_staff
    event = org_events("create_staff").get()
    assert event.after["backup"] == "officer2" and "password" not in str(event.after)


def test_a_weak_password_is_refused_in_chinese(as_user):
    response = as_user("admin").post(
        "/setup/org/staff/new/",
        staff_post(username="weak", full_name="弱密码", password1="12345", password2="12345", is_active="on"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "密码太短，至少需要 10 个字符" in page
    assert "密码不能全部是数字" in page
    assert not Staff.objects.filter(username="weak").exists()


def test_two_different_passwords_are_refused(as_user):
    response = as_user("admin").post(
        "/setup/org/staff/new/",
        staff_post(
            username="typo", full_name="打错", password1=STRONG, password2=STRONG + "x", is_active="on"
        ),
    )
    assert response.status_code == 400
    assert "两次输入的密码不一致" in response.content.decode()


def test_a_username_already_taken_is_refused(as_user):
    response = as_user("admin").post(
        "/setup/org/staff/new/",
        staff_post(username="Officer", full_name="重名", password1=STRONG, password2=STRONG, is_active="on"),
    )
    assert response.status_code == 400
    assert "登录名“Officer”已被使用" in response.content.decode()


def test_a_person_cannot_be_their_own_backup(as_user, demo):
    officer = demo["officer"]
    response = as_user("admin").post(
        f"/setup/org/staff/{officer.pk}/", staff_post(officer, backup=officer.pk)
    )
    assert response.status_code == 400
    assert "备岗人员不能是本人" in response.content.decode()
    officer.refresh_from_db()
    assert officer.backup == demo["officer2"]
    with pytest.raises(DomainError) as refused:
        services.update_staff(officer, actor=demo["admin"], backup=officer)
    assert refused.value.code == "org.backup_self"
    assert not org_events().exists()


def test_editing_a_person_changes_the_role_and_records_it(as_user, demo):
    handler = demo["handler"]
    response = as_user("admin").post(f"/setup/org/staff/{handler.pk}/", staff_post(handler, role="unit_head"))
    assert response.status_code == 302
    handler.refresh_from_db()
    assert handler.role == "unit_head"
    event = org_events("update_staff").get()
    assert (event.before, event.after) == ({"role": "handler"}, {"role": "unit_head"})


def test_an_administrator_cannot_remove_their_own_administrator_role(as_user, demo):
    admin = demo["admin"]
    response = as_user("admin").post(f"/setup/org/staff/{admin.pk}/", staff_post(admin, role="leader"))
    assert response.status_code == 400
    assert "不能取消自己的系统管理员角色" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == "admin"


def test_resetting_a_password_records_an_event_without_the_password(as_user, demo):
    officer = demo["officer"]
    response = as_user("admin").post(
        f"/setup/org/staff/{officer.pk}/password/", {"password1": STRONG, "password2": STRONG}
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(STRONG)
    assert STRONG not in str(org_events("set_password").get().data)


def test_marking_an_officer_absent_and_back_is_one_click_each_and_recorded(as_user, demo):
    officer = demo["officer"]
    client = as_user("office")
    assert client.post(f"/setup/org/absence/{officer.pk}/toggle/").status_code == 302
    officer.refresh_from_db()
    assert officer.absent
    client.post(f"/setup/org/absence/{officer.pk}/toggle/")
    officer.refresh_from_db()
    assert not officer.absent
    assert [e.action for e in org_events()] == ["mark_absent", "mark_back"]
    assert org_events().first().data == {"staff": "officer", "backup": "officer2"}


def test_a_person_without_a_backup_cannot_be_marked_absent(as_user, demo):
    leader = demo["leader"]
    response = as_user("admin").post(f"/setup/org/absence/{leader.pk}/toggle/", follow=True)
    assert "请先指定备岗人员" in response.content.decode()
    leader.refresh_from_db()
    assert not leader.absent


def test_the_backup_sees_and_acts_on_an_absent_officers_cases_as_acting_for_them(as_user, demo):
    """officer3 works at another branch, so officer2 sees officer3's case only while standing in."""
    admin, backup = demo["admin"], demo["officer2"]
    officer3 = services.create_staff(
        actor=admin,
        password=STRONG,
        username="officer3",
        full_name="钱程",
        unit=Unit.objects.get(code="HN"),
        role="case_officer",
        backup=backup,
    )
    case = Org(units={}, people={"officer": officer3}).register(timezone.now())
    assert not cases_visible_to(backup).filter(pk=case.pk).exists()

    as_user("office").post(f"/setup/org/absence/{officer3.pk}/toggle/")
    assert cases_visible_to(backup).filter(pk=case.pk).exists()
    act.assess_case(
        case, actor=backup, category="withdrawal", nature="service", case_class="general", disposal="transfer"
    )
    assessed = case.events.get(action="assess")
    assert (assessed.actor, assessed.acting_for_name) == (backup, "钱程")

    as_user("office").post(f"/setup/org/absence/{officer3.pk}/toggle/")
    assert not cases_visible_to(backup).filter(pk=case.pk).exists()
