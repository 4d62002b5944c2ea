"""Service item catalog rules (事项目录): what one service item's notice sheet (事项告知单) holds, how its text
is read (materials one per line, categories by code or label) and what makes it incomplete.

Seed 004: a notice sheet carries 项目名称、政策依据、申办条件、办事程序、所需材料、审批时间、协办部门、受理地点和
联系电话. Seed 003: all required materials are told at once, so an item must list at least one material."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "policy_basis",
    "conditions",
    "procedure",
    "materials",
    "time_limit",
    "cooperating_units",
    "place",
    "phone",
    "categories",
)

LABELS: dict[str, str] = {
    "code": "事项编码",
    "name": "事项名称",
    "policy_basis": "政策依据",
    "conditions": "办理条件",
    "procedure": "办理流程",
    "materials": "申请材料",
    "time_limit": "办理时限",
    "cooperating_units": "协办单位",
    "place": "办理地点",
    "phone": "咨询电话",
    "categories": "事项分类",
}

MAX_LENGTHS: dict[str, int] = {"code": 40, "name": 200, "time_limit": 100, "place": 300, "phone": 100}
MAX_MATERIAL_LENGTH = 200
MAX_MATERIALS = 60

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
# "1." "2、" "(3)" "（4）" "①" "•" "-" "*" at the start of a pasted line: numbering, not part of the material
_BULLET = re.compile(r"^\s*(?:\d{1,3}\s*[.、．)）]|[（(]\s*\d{1,3}\s*[)）]|[①-⑳]|[•·\-*])\s*")
_CATEGORY_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def split_lines(text: str) -> list[str]:
    """Materials as typed or pasted, one per line: numbering and bullets dropped, blanks and repeats left
    out, the order kept."""
    items: list[str] = []
    for line in text.splitlines():
        item = _BULLET.sub("", line).strip()
        if item and item not in items:
            items.append(item)
    return items


def split_categories(text: str) -> list[str]:
    """Categories in one cell or field: separated by 、 , ; / or white space."""
    return [part for part in _CATEGORY_SEPARATORS.split(text.strip()) if part]


def materials_text(materials: Iterable[str]) -> str:
    return "\n".join(materials)


@dataclass(frozen=True)
class ItemCheck:
    """A service item's fields read and checked: ``values`` keyed by field name (materials and categories as
    lists, categories as the policy's codes) and ``problems`` in Chinese keyed by field name."""

    values: dict[str, object]
    problems: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # a phone number or code typed as a number in Excel
        return str(int(value))
    return str(value).strip()


def _lines(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return split_lines("\n".join(_text(v) for v in value))
    return split_lines(_text(value))


def _categories(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [t for t in (_text(v) for v in value) if t]
    return split_categories(_text(value))


def check_item(raw: Mapping[str, object], categories: Mapping[str, str]) -> ItemCheck:
    """Read a service item from ``raw`` (form fields, an Excel row or an API body) and check it.

    ``categories`` is the policy's categories, code to label; a category may be given by either. Required:
    the code (letters, digits, ``-``, ``_`` and ``.``), the name and at least one material."""
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for name in FIELDS:
        if name == "materials":
            values[name] = _lines(raw.get(name))
        elif name == "categories":
            values[name] = _categories(raw.get(name))
        else:
            values[name] = _text(raw.get(name))

    code = str(values["code"])
    if not code:
        problems["code"] = "请填写事项编码"
    elif not CODE.match(code):
        problems["code"] = "事项编码只能由字母、数字、“-”“_”“.”组成，且以字母或数字开头"
    if not values["name"]:
        problems["name"] = "请填写事项名称"
    for name, limit in MAX_LENGTHS.items():
        if name not in problems and len(str(values[name])) > limit:
            problems[name] = f"{LABELS[name]}不能超过 {limit} 个字"

    materials = values["materials"]
    assert isinstance(materials, list)
    if not materials:
        problems["materials"] = "请填写申请材料，一行一项（一次告知单据此列出缺少的材料）"
    elif len(materials) > MAX_MATERIALS:
        problems["materials"] = f"申请材料不能超过 {MAX_MATERIALS} 项"
    else:
        long = [m for m in materials if len(m) > MAX_MATERIAL_LENGTH]
        if long:
            problems["materials"] = f"每项材料不能超过 {MAX_MATERIAL_LENGTH} 个字：{long[0][:20]}……"

    phone = str(values["phone"])
    if phone and not any(ch.isdigit() for ch in phone):
        problems["phone"] = "咨询电话应包含号码"

    codes_by_label = {label: code for code, label in categories.items()}
    wanted = values["categories"]
    assert isinstance(wanted, list)
    chosen: list[str] = []
    unknown: list[str] = []
    for entry in wanted:
        found = entry if entry in categories else codes_by_label.get(entry)
        if found is None:
            unknown.append(entry)
        elif found not in chosen:
            chosen.append(found)
    if unknown:
        known = "、".join(categories.values())
        problems["categories"] = f"事项分类“{'、'.join(unknown)}”不在现行政策中（可选：{known}）"
    values["categories"] = chosen
    return ItemCheck(values, problems)


def changed_fields(before: Mapping[str, object], after: Mapping[str, object]) -> tuple[str, ...]:
    """The fields whose values differ, in the notice sheet's order."""
    return tuple(name for name in FIELDS if before.get(name) != after.get(name))


def category_labels(codes: Sequence[str], categories: Mapping[str, str]) -> list[str]:
    """Labels of category codes; a code the policy no longer has is shown as it is."""
    return [categories.get(code, code) for code in codes]
