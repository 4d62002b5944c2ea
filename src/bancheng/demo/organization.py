"""A demo organization per preset: the center, branches, offices, departments, outside bodies, and one
named person for each role. Idempotent: existing units and accounts are kept."""

from __future__ import annotations

from dataclasses import dataclass

from bancheng.org.choices import Role, UnitKind
from bancheng.org.models import Staff, Unit

DEMO_PASSWORD = "banCheng-demo-2026"

CENTERS = {
    "shenyang": "沈阳住房公积金管理中心",
    "shanting": "山亭区政务服务中心",
    "putuo": "普陀区社区事务受理服务中心",
}

BRANCHES = {
    "shenyang": [("HQ", "直属管理部"), ("HP", "和平管理部"), ("HN", "浑南分中心")],
    "shanting": [("HQ", "区政务服务大厅"), ("XC", "新城街道便民服务中心")],
    "putuo": [("HQ", "长征镇受理中心"), ("GS", "甘泉路街道受理中心")],
}

DEPARTMENTS = {
    "shenyang": [("DEP-GJ", "归集部"), ("DEP-XD", "信贷部"), ("DEP-TQ", "提取部"), ("DEP-XX", "信息部")],
    "shanting": [("DEP-RS", "区人社局窗口"), ("DEP-BDC", "区不动产登记中心"), ("DEP-SJ", "区市场监管局窗口")],
    "putuo": [("DEP-LB", "劳动保障所"), ("DEP-JZ", "社会救助所"), ("DEP-YB", "医保窗口")],
}

EXTERNAL = [("EXT-TAX", "区税务局"), ("EXT-BANK", "中国建设银行"), ("EXT-HRSS", "区人社局")]


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    role: str
    unit_code: str


PEOPLE = [
    Person("officer", "王敏", Role.CASE_OFFICER, "HQ"),
    Person("officer2", "李静", Role.CASE_OFFICER, "HQ"),
    Person("handler", "赵强", Role.HANDLER, "DEP-1"),
    Person("unithead", "孙丽", Role.UNIT_HEAD, "DEP-1"),
    Person("handler2", "周凯", Role.HANDLER, "EXT-TAX"),
    Person("handler3", "吴芳", Role.HANDLER, "EXT-BANK"),
    Person("office", "陈晨", Role.CENTER_OFFICE, "OFFICE"),
    Person("service", "刘洋", Role.CUSTOMER_SERVICE, "CS"),
    Person("leader", "张建国", Role.LEADER, "LG"),
    Person("auditor", "郑审", Role.AUDITOR, "OFFICE"),
    Person("admin", "系统管理员", Role.ADMIN, "OFFICE"),
]


def _unit(code: str, name: str, kind: str, parent: Unit | None) -> Unit:
    unit, _ = Unit.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "parent": parent})
    return unit


def build_organization(preset: str) -> dict[str, Unit]:
    center = _unit("CENTER", CENTERS[preset], UnitKind.CENTER, None)
    units = {"CENTER": center}
    for code, name in BRANCHES[preset]:
        units[code] = _unit(code, name, UnitKind.BRANCH, center)
    units["OFFICE"] = _unit("OFFICE", "中心办公室", UnitKind.CENTER_OFFICE, center)
    units["CS"] = _unit("CS", "客户服务部", UnitKind.CUSTOMER_SERVICE, center)
    units["LG"] = _unit("LG", "“办不成事”反映窗口工作领导小组", UnitKind.LEADERSHIP_GROUP, center)
    for index, (code, name) in enumerate(DEPARTMENTS[preset], start=1):
        units[code] = units[f"DEP-{index}"] = _unit(code, name, UnitKind.DEPARTMENT, center)
    for code, name in EXTERNAL:
        units[code] = _unit(code, name, UnitKind.EXTERNAL, None)
    return units


def build_people(units: dict[str, Unit]) -> dict[str, Staff]:
    people = {}
    for person in PEOPLE:
        staff = Staff.objects.filter(username=person.username).first()
        if staff is None:
            staff = Staff(
                username=person.username,
                full_name=person.full_name,
                role=person.role,
                unit=units[person.unit_code],
                is_staff=person.role == Role.ADMIN,
                is_superuser=person.role == Role.ADMIN,
            )
            staff.set_password(DEMO_PASSWORD)
            staff.save()
        people[person.username] = staff
    officer, backup = people["officer"], people["officer2"]
    if officer.backup_id is None:
        Staff.objects.filter(pk=officer.pk).update(backup=backup)
        Staff.objects.filter(pk=backup.pk).update(backup=officer)
    return people
