"""The catalog's rules: reading a service item's fields and what makes one incomplete (plain Python)."""

from __future__ import annotations

from bancheng.domain import catalog as rules

CATEGORIES = {"withdrawal": "提取", "loan": "贷款"}


def good(**changes: object) -> dict[str, object]:
    raw: dict[str, object] = {"code": "GJJ-TQ-01", "name": "租房提取", "materials": "身份证\n租赁合同"}
    raw.update(changes)
    return raw


def test_a_complete_item_passes_with_its_text_trimmed():
    check = rules.check_item(good(name="  租房提取 ", phone=12329.0), CATEGORIES)
    assert check.ok
    assert check.values["name"] == "租房提取" and check.values["phone"] == "12329"
    assert check.values["materials"] == ["身份证", "租赁合同"]
    assert set(check.values) == set(rules.FIELDS)


def test_materials_lose_numbering_bullets_blanks_and_repeats_but_keep_their_order():
    text = "1. 身份证\n2、租赁合同\n\n（3）银行卡\n① 婚姻证明\n• 身份证\n- 收入证明\n3) 户口簿"
    assert rules.split_lines(text) == ["身份证", "租赁合同", "银行卡", "婚姻证明", "收入证明", "户口簿"]


def test_materials_as_a_list_are_read_the_same_way():
    check = rules.check_item(good(materials=["1. 身份证", " ", "身份证", "合同"]), CATEGORIES)
    assert check.values["materials"] == ["身份证", "合同"]


def test_required_fields_are_named_in_chinese():
    check = rules.check_item({"code": "", "name": "", "materials": ""}, CATEGORIES)
    assert check.problems == {
        "code": "请填写事项编码",
        "name": "请填写事项名称",
        "materials": "请填写申请材料，一行一项（一次告知单据此列出缺少的材料）",
    }


def test_a_code_with_spaces_or_chinese_is_refused():
    for code in ("GJJ 01", "提取01", "-GJJ"):
        assert "code" in rules.check_item(good(code=code), CATEGORIES).problems, code
    assert rules.check_item(good(code="gjj_tq.01-a"), CATEGORIES).ok


def test_too_long_fields_too_many_or_too_long_materials_are_refused():
    assert "name" in rules.check_item(good(name="名" * 201), CATEGORIES).problems
    many = "\n".join(f"材料{i}" for i in range(rules.MAX_MATERIALS + 1))
    assert "不能超过" in rules.check_item(good(materials=many), CATEGORIES).problems["materials"]
    long = "长" * (rules.MAX_MATERIAL_LENGTH + 1)
    assert "每项材料" in rules.check_item(good(materials=long), CATEGORIES).problems["materials"]


def test_a_phone_without_digits_is_refused():
    assert rules.check_item(good(phone="请咨询窗口"), CATEGORIES).problems["phone"] == "咨询电话应包含号码"
    assert rules.check_item(good(phone="024-12329 转 1"), CATEGORIES).ok


def test_categories_by_code_or_label_in_any_separator_become_codes_once():
    check = rules.check_item(good(categories="提取、loan，提取 withdrawal"), CATEGORIES)
    assert check.ok and check.values["categories"] == ["withdrawal", "loan"]
    assert rules.check_item(good(categories=["loan", ""]), CATEGORIES).values["categories"] == ["loan"]


def test_an_unknown_category_is_named_with_the_known_ones():
    problem = rules.check_item(good(categories="提取、社保"), CATEGORIES).problems["categories"]
    assert "社保" in problem and "提取、贷款" in problem


def test_none_values_read_as_empty():
    check = rules.check_item(good(policy_basis=None, categories=None), CATEGORIES)
    assert check.ok and check.values["policy_basis"] == "" and check.values["categories"] == []


def test_changed_fields_follow_the_notice_sheets_order():
    before = {"name": "a", "phone": "1", "materials": ["x"]}
    after = {"name": "b", "phone": "1", "materials": ["x", "y"]}
    assert rules.changed_fields(before, after) == ("name", "materials")


def test_category_labels_keep_a_code_the_policy_no_longer_has():
    assert rules.category_labels(["loan", "gone"], CATEGORIES) == ["贷款", "gone"]
    assert rules.materials_text(["a", "b"]) == "a\nb"
