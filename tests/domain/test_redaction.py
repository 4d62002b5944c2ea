"""Removing personal data from free text: the requester's own data wherever it appears, other people's names the
caller found, and anything that looks like a phone, an ID number, a bank card number, an e-mail address, a titled
name or a home address."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bancheng.domain.redaction import (
    ADDRESS,
    BANK_CARD,
    EMAIL,
    ENTERPRISE,
    ID_NUMBER,
    MARKERS,
    NAME,
    PHONE,
    KnownPerson,
    redact,
    redact_text,
)
from tests.domain.conftest import PROPERTY

YANG = KnownPerson(
    names=("杨桂芳",),
    phones=("13800135678",),
    id_numbers=("21010219650412302X",),
    enterprises=("沈阳华信科技有限公司",),
)

# Text around the data: Chinese, Latin letters, punctuation and spaces, no digits (a number glued to other
# digits is a different number).
FILLER = st.text(
    alphabet=st.sampled_from(
        list("办理提取公积金社保窗口材料告知退回已未的了和在到 ，。：；（）、-+abcXYZ@.")
    ),
    max_size=30,
)
MOBILES = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
IDS = st.builds(
    lambda region, year, month, day, seq, check: f"{region}{year}{month:02d}{day:02d}{seq}{check}",
    st.integers(100000, 999999).map(str),
    st.integers(1900, 2029).map(str),
    st.integers(1, 12),
    st.integers(1, 28),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
    st.sampled_from("0123456789X"),
)
SEPARATED = st.sampled_from(["", " ", "-"])
SURNAMES = st.sampled_from([*"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "欧阳", "诸葛"])
GIVEN = st.text(alphabet=list("桂芳建国小明丽华伟强敏静秀英"), min_size=1, max_size=2)


def spaced(number: str, separator: str) -> str:
    if not separator:
        return number
    return separator.join(number[i : i + 4] for i in range(0, len(number), 4))


@PROPERTY
@given(before=FILLER, after=FILLER, phone=MOBILES, id_number=IDS, separator=SEPARATED)
def test_no_known_phone_or_id_number_survives_in_any_spacing(before, after, phone, id_number, separator):
    known = KnownPerson(phones=(phone,), id_numbers=(id_number,))
    text = f"{before}{spaced(phone, separator)}{after}{spaced(id_number, separator)}{before}"
    out = redact_text(text, known, patterns=False)
    squeezed = re.sub(r"[\s\-]", "", out)
    assert phone not in squeezed and id_number not in squeezed


@PROPERTY
@given(before=st.text(max_size=20), after=st.text(max_size=20), phone=MOBILES, id_number=IDS)
def test_known_numbers_are_removed_whatever_surrounds_them_even_digits(before, after, phone, id_number):
    out = redact_text(
        before + phone + after + id_number, KnownPerson(phones=(phone,), id_numbers=(id_number,))
    )
    assert phone not in out and id_number not in out


@PROPERTY
@given(before=FILLER, after=FILLER, phone=MOBILES, id_number=IDS)
def test_no_unknown_mobile_or_id_number_survives_the_patterns(before, after, phone, id_number):
    out = redact_text(f"{before}{phone}{after}身份证{id_number}{after}")
    assert phone not in out and id_number not in out


@PROPERTY
@given(before=FILLER, after=FILLER, surname=SURNAMES, given_name=GIVEN)
def test_the_known_name_never_survives(before, after, surname, given_name):
    name = surname + given_name
    out = redact_text(f"{before}{name}{after}{surname}女士{after}", KnownPerson(names=(name,)))
    assert name not in out and f"{surname}女士" not in out


@PROPERTY
@given(text=st.text(max_size=60), phone=MOBILES)
def test_redacting_twice_changes_nothing_more(text, phone):
    once = redact_text(text + phone + "王先生", YANG)
    assert redact_text(once, YANG) == once


def test_the_requester_of_the_demo_case_is_removed_in_every_form():
    text = (
        "杨桂芳已到退休年龄，电话 138 0013 5678，身份证号21010219650412302x；原单位沈阳华信科技拖欠社保。"
        "引导杨女士到银行申请；桂芳表示感谢。"
    )
    result = redact(text, YANG)
    assert result.text == (
        "【姓名已隐去】已到退休年龄，电话 【电话已隐去】，身份证号【证件号码已隐去】；原单位【企业名称已隐去】拖欠社保。"
        "引导【姓名已隐去】女士到银行申请；【姓名已隐去】表示感谢。"
    )
    assert result.removed == {NAME: 3, PHONE: 1, ID_NUMBER: 1, ENTERPRISE: 1}


def test_patterns_remove_other_peoples_numbers_and_addresses():
    text = (
        "联系王先生 +86 139-1234-5601，邮箱 wang.li@example.com.cn，"
        "身份证 110101199003071234，工资卡 6222 0212 3456 7890 123，另一卡 6217000010012345678。"
    )
    result = redact(text)
    assert result.text == (
        f"联系{MARKERS[NAME]}先生 {MARKERS[PHONE]}，邮箱 {MARKERS[EMAIL]}，"
        f"身份证 {MARKERS[ID_NUMBER]}，工资卡 {MARKERS[BANK_CARD]}，另一卡 {MARKERS[BANK_CARD]}。"
    )


def test_landlines_with_area_code_brackets_extension_and_local_numbers_after_the_word_phone():
    text = (
        "窗口电话0632-8836760，(024)22345678转12，（024）2234567，400-123-4567，电话：8836760，金额8836760元"
    )
    assert redact_text(text) == (
        "窗口电话【电话已隐去】，【电话已隐去】，【电话已隐去】，【电话已隐去】，电话：【电话已隐去】，金额8836760元"
    )


def test_ordinary_numbers_dates_and_case_numbers_are_kept():
    text = "编号 SY-HQ-2026-00042，2023年3月31日提交，缴满152个月，拨打12345，金额 12345678 元"
    assert redact_text(text) == text


def test_titled_names_with_compound_surnames_and_given_names():
    assert redact_text("请李建国同志与欧阳娜娜女士到场") == "请【姓名已隐去】同志与【姓名已隐去】女士到场"


def test_a_form_of_address_after_an_everyday_word_is_not_a_name():
    assert redact_text("和这位先生说明了情况，该女士表示理解") == "和这位先生说明了情况，该女士表示理解"


def test_an_enterprise_is_removed_with_and_without_its_legal_form():
    known = KnownPerson(enterprises=("沈阳华信科技有限公司", "华"))
    assert (
        redact_text("沈阳华信科技有限公司与沈阳华信科技", known, patterns=False)
        == "【企业名称已隐去】与【企业名称已隐去】"
    )


def test_empty_and_too_short_known_values_remove_nothing_by_themselves():
    known = KnownPerson(names=("", "王"), phones=("110",), id_numbers=(" ",), enterprises=("",))
    assert redact_text("王先生打了110", known, patterns=False) == "王先生打了110"


def test_a_two_character_name_removes_the_whole_name_but_not_the_single_given_character():
    known = KnownPerson(names=("沈清",))
    assert (
        redact_text("沈清说清楚了，沈女士满意", known, patterns=False)
        == "【姓名已隐去】说清楚了，【姓名已隐去】女士满意"
    )


def test_a_long_pasted_text_is_redacted_in_linear_time():
    import time

    text = ("a" * 20000) + ("1" * 20000) + ("x@" + "b." * 10000) + "王先生13912345601"
    started = time.perf_counter()
    out = redact_text(text, YANG)
    assert time.perf_counter() - started < 2.0  # about 0.03 s; a quadratic pattern took seconds
    assert out.endswith("【姓名已隐去】先生【电话已隐去】")


def test_names_the_caller_found_are_removed_wherever_they_appear():
    result = redact("我和王建国一起去办，王建国没带原件", names=("王建国", " ", "王"))
    assert result.text == "我和【姓名已隐去】一起去办，【姓名已隐去】没带原件"
    assert result.removed == {NAME: 2}


def test_a_street_address_with_house_unit_and_room_numbers_is_removed_and_the_district_kept():
    result = redact("诉求人住沈阳市和平区南京北街206号3单元501室，户籍在皇姑区黄河南大街58-2号")
    assert result.text == "诉求人住沈阳市和平区【地址已隐去】，户籍在皇姑区【地址已隐去】"
    assert result.removed == {ADDRESS: 2}


def test_compounds_villages_and_buildings_with_numbers_are_addresses():
    text = "住幸福小区5栋2单元；翠湖花园二期8栋3单元1201室；前进村3组12号；兴华街12号2-3-1；另有7号楼2单元302"
    assert (
        redact_text(text)
        == "住【地址已隐去】；【地址已隐去】；【地址已隐去】；【地址已隐去】；另有【地址已隐去】"
    )


def test_units_departments_items_dates_and_window_numbers_are_not_addresses():
    text = (
        "到沈阳市市场监督管理局和和平区政务服务中心办理不动产登记，12月3号到三楼12号窗口，"
        "辽宁省人力资源和社会保障厅答复，幸福小区物业不给开证明，沈阳市第一人民医院"
    )
    assert redact_text(text) == text


def test_an_address_after_a_long_digit_run_is_found_in_linear_time():
    import time

    text = ("1" * 20000) + "栋" + ("2" * 20000) + "单元" + "南京北街" + ("3" * 20000) + "号"
    started = time.perf_counter()
    out = redact_text(text)
    assert time.perf_counter() - started < 2.0
    assert out.endswith(MARKERS[ADDRESS])
