"""A demo organization per preset: the center, branches, offices, departments, outside bodies, with the
address and office phone the guide cards print, and one named person for each role. Idempotent: existing
units and accounts are kept; a demo unit's blank address or phone is filled in."""

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

# Organization data, not personal data: printed unmasked on guide cards. The house numbers are made up and
# the phones follow the demo's own "1234 56xx" run (the requesters have 139 1234 56xx): a local number that
# starts with 1 is kept for special-service codes, never given to an office line.
SY, ST, PT = "沈阳市沈河区市府大路260号", "枣庄市山亭区府前路99号", "上海市普陀区大渡河路520号"
CONTACTS: dict[str, dict[str, tuple[str, str]]] = {
    "shenyang": {
        "CENTER": (SY, "024-12345600"),
        "HQ": (f"{SY}一楼服务大厅", "024-12345601"),
        "HP": ("沈阳市和平区南京南街118号", "024-12345602"),
        "HN": ("沈阳市浑南区创新路186号", "024-12345603"),
        "OFFICE": (f"{SY}五楼501室", "024-12345610"),
        "CS": (f"{SY}一楼108室", "024-12345611"),
        "LG": (f"{SY}六楼601室", "024-12345612"),
        "DEP-GJ": (f"{SY}三楼301室", "024-12345621"),
        "DEP-XD": (f"{SY}三楼302室", "024-12345622"),
        "DEP-TQ": (f"{SY}二楼201室", "024-12345623"),
        "DEP-XX": (f"{SY}四楼401室", "024-12345624"),
        "EXT-TAX": ("沈阳市沈河区青年大街219号办税服务厅", "024-12345631"),
        "EXT-BANK": ("沈阳市沈河区北站路37号营业部", "024-12345632"),
        "EXT-HRSS": ("沈阳市沈河区热闹路68号", "024-12345633"),
    },
    "shanting": {
        "CENTER": (ST, "0632-1234500"),
        "HQ": (f"{ST}一楼大厅", "0632-1234501"),
        "XC": ("枣庄市山亭区新城街道北京路36号", "0632-1234502"),
        "OFFICE": (f"{ST}四楼402室", "0632-1234510"),
        "CS": (f"{ST}一楼106室", "0632-1234511"),
        "LG": (f"{ST}四楼408室", "0632-1234512"),
        "DEP-RS": (f"{ST}二楼B区", "0632-1234521"),
        "DEP-BDC": (f"{ST}一楼C区", "0632-1234522"),
        "DEP-SJ": (f"{ST}二楼A区", "0632-1234523"),
        "EXT-TAX": ("枣庄市山亭区汉诺路58号办税服务厅", "0632-1234531"),
        "EXT-BANK": ("枣庄市山亭区府前路126号", "0632-1234532"),
        "EXT-HRSS": ("枣庄市山亭区翼云路77号", "0632-1234533"),
    },
    "putuo": {
        "CENTER": (PT, "021-12345600"),
        "HQ": ("上海市普陀区长征镇梅川路230号", "021-12345601"),
        "GS": ("上海市普陀区甘泉路街道宜川路150号", "021-12345602"),
        "OFFICE": (f"{PT}三楼301室", "021-12345610"),
        "CS": (f"{PT}一楼105室", "021-12345611"),
        "LG": (f"{PT}三楼310室", "021-12345612"),
        "DEP-LB": (f"{PT}二楼A区", "021-12345621"),
        "DEP-JZ": (f"{PT}二楼B区", "021-12345622"),
        "DEP-YB": (f"{PT}一楼医保窗口", "021-12345623"),
        "EXT-TAX": ("上海市普陀区真北路310号办税服务厅", "021-12345631"),
        "EXT-BANK": ("上海市普陀区曹杨路466号", "021-12345632"),
        "EXT-HRSS": ("上海市普陀区武宁路258号", "021-12345633"),
    },
}


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


def build_organization(preset: str) -> dict[str, Unit]:
    contacts = CONTACTS[preset]

    def unit(code: str, name: str, kind: str, parent: Unit | None) -> Unit:
        address, phone = contacts[code]
        found, _ = Unit.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "parent": parent, "address": address, "phone": phone},
        )
        blanks = {
            field: value
            for field, value in (("address", address), ("phone", phone))
            if not getattr(found, field)
        }
        if blanks:  # a demo loaded before the units had contacts
            Unit.objects.filter(pk=found.pk).update(**blanks)
            for field, value in blanks.items():
                setattr(found, field, value)
        return found

    center = unit("CENTER", CENTERS[preset], UnitKind.CENTER, None)
    units = {"CENTER": center}
    for code, name in BRANCHES[preset]:
        units[code] = unit(code, name, UnitKind.BRANCH, center)
    units["OFFICE"] = unit("OFFICE", "中心办公室", UnitKind.CENTER_OFFICE, center)
    units["CS"] = unit("CS", "客户服务部", UnitKind.CUSTOMER_SERVICE, center)
    units["LG"] = unit("LG", "“办不成事”反映窗口工作领导小组", UnitKind.LEADERSHIP_GROUP, center)
    for index, (code, name) in enumerate(DEPARTMENTS[preset], start=1):
        units[code] = units[f"DEP-{index}"] = unit(code, name, UnitKind.DEPARTMENT, center)
    for code, name in EXTERNAL:
        units[code] = unit(code, name, UnitKind.EXTERNAL, None)
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
