"""bancheng.domain.ledger: plain rules, no database."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bancheng.domain.calendar import TZ
from bancheng.domain.ledger import (
    SOURCES,
    CellError,
    LedgerRow,
    cell,
    class_and_limit,
    layout_problems,
    parse_choice,
    parse_class,
    parse_phone,
    parse_text,
    parse_when,
    protect_formula,
    split_units,
)
from bancheng.domain.policy import PRESETS, SHANTING, LedgerColumn

ROW = LedgerRow(
    seq=3,
    number="SY-HQ-2026-00003",
    registered_at=datetime(2026, 3, 4, 17, 30, tzinfo=TZ),
    officer="王敏",
    category="提取",
    requester_name="张三丰",
    requester_phone="13812345678",
    problem="提取被退回",
    units=("归集部", "信贷部"),
    resolution="已办结",
    closed_at=datetime(2026, 3, 5, 1, 0, tzinfo=TZ).astimezone(TZ),
    visit="满意",
    remarks="",
    case_class="一般事项",
    class_limit="2个工作日",
    state="已办结",
)


def test_every_preset_column_has_a_known_source():
    assert {c.source for p in PRESETS.values() for c in p.ledger_layout} <= set(SOURCES)


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("seq", 3),
        ("number", "SY-HQ-2026-00003"),
        ("registered_on", date(2026, 3, 4)),
        ("registered_at", datetime(2026, 3, 4, 17, 30)),
        ("closed_at", datetime(2026, 3, 5, 1, 0)),
        ("units", "归集部、信贷部"),
        ("class_and_limit", "一般事项（2个工作日）"),
        ("requester_name", "张**"),
        ("requester_phone", "138****5678"),
        ("visit", "满意"),
        ("state", "已办结"),
    ],
)
def test_each_source_gives_its_cell(source, value):
    assert cell(source, ROW) == value


def test_a_time_is_shown_in_shanghai_whatever_zone_it_comes_in():
    from datetime import UTC

    row = LedgerRow(**{**ROW.__dict__, "registered_at": datetime(2026, 3, 4, 9, 30, tzinfo=UTC)})
    assert cell("registered_at", row) == datetime(2026, 3, 4, 17, 30)


def test_unmasked_cells_show_the_full_name_and_phone():
    assert cell("requester_name", ROW, masked=False) == "张三丰"
    assert cell("requester_phone", ROW, masked=False) == "13812345678"


def test_an_open_case_has_no_closing_time_and_an_unknown_source_is_an_error():
    row = LedgerRow(**{**ROW.__dict__, "closed_at": None})
    assert cell("closed_at", row) is None
    with pytest.raises(KeyError):
        cell("salary", ROW)


def test_class_and_limit_as_seed_001_writes_it():
    assert class_and_limit("简单事项", "即时办结") == "简单事项（即时办结）"
    assert class_and_limit("一般事项", "") == "一般事项"
    assert class_and_limit("", "2个工作日") == ""


def test_a_layout_is_checked_for_unknown_sources_empty_and_duplicate_headings():
    assert layout_problems(()) == ["台账至少要有一列"]
    problems = layout_problems(
        (LedgerColumn("编号", "number"), LedgerColumn("编号", "problem"), LedgerColumn(" ", "salary"))
    )
    assert problems == ["列名“编号”重复", "第 3 列的数据来源“salary”不存在", "第 3 列的列名不能为空"]
    assert layout_problems(SHANTING.ledger_layout) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-05", datetime(2024, 3, 5, 9, 0, tzinfo=TZ)),
        ("2024/3/5", datetime(2024, 3, 5, 9, 0, tzinfo=TZ)),
        ("2024年3月5日", datetime(2024, 3, 5, 9, 0, tzinfo=TZ)),
        ("2024.3.5", datetime(2024, 3, 5, 9, 0, tzinfo=TZ)),
        ("2024-03-05 10:30", datetime(2024, 3, 5, 10, 30, tzinfo=TZ)),
        ("2024年3月5日 10时30分", datetime(2024, 3, 5, 10, 30, tzinfo=TZ)),
        (datetime(2024, 3, 5, 10, 30), datetime(2024, 3, 5, 10, 30, tzinfo=TZ)),
        (datetime(2024, 3, 5, 10, 30, tzinfo=TZ), datetime(2024, 3, 5, 10, 30, tzinfo=TZ)),
        (date(2024, 3, 5), datetime(2024, 3, 5, 9, 0, tzinfo=TZ)),
        (45356, datetime(2024, 3, 5, 9, 0, tzinfo=TZ)),
        (45356.4375, datetime(2024, 3, 5, 10, 30, tzinfo=TZ)),
    ],
)
def test_dates_are_read_in_the_forms_old_ledgers_use(raw, expected):
    assert parse_when(raw) == expected


def test_a_default_time_applies_to_a_bare_date():
    assert parse_when("2024-03-05", default_time=time(17, 0)).hour == 17


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "不能为空"),
        (None, "不能为空"),
        ("2024-13-05", "不存在"),
        ("下周一", "无法识别"),
        ("2024-03-05 上午", "无法识别"),
        ("2024-03-05 25:00", "不存在"),
        (0, "超出范围"),
    ],
)
def test_a_bad_date_says_why(raw, reason):
    with pytest.raises(CellError) as error:
        parse_when(raw)
    assert reason in str(error.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        (13812345678.0, "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0632-1234567", "0632-1234567"),
        ("(0632)2345678", "06322345678"),
        ("88123456", "88123456"),
        ("0531-88123456-801", "0531-88123456-801"),
    ],
)
def test_mobile_and_landline_numbers_are_accepted(raw, expected):
    assert parse_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"), [("", "不能为空"), (None, "不能为空"), ("138****5678", "打码"), ("1381234", "11 位")]
)
def test_a_bad_phone_says_why(raw, reason):
    with pytest.raises(CellError) as error:
        parse_phone(raw)
    assert reason in str(error.value)


def test_a_class_is_read_by_label_code_or_label_with_its_limit():
    classes = SHANTING.classes
    assert parse_class("一般事项（2个工作日）", classes).code == "general"
    assert parse_class("complex", classes).code == "complex"
    assert parse_class("简单事项(即时办结)", classes).code == "simple"
    assert parse_class("", classes) is None
    with pytest.raises(CellError, match="紧急事项"):
        parse_class("紧急事项", classes)


def test_a_choice_is_read_by_label_or_code():
    scale = SHANTING.satisfaction_scale
    assert parse_choice("满意", scale, "满意度") == "satisfied"
    assert parse_choice("unsatisfied", scale, "满意度") == "unsatisfied"
    assert parse_choice(None, scale, "满意度") == ""
    with pytest.raises(CellError, match="满意度“一般”不在现行政策中"):
        parse_choice("一般", scale, "满意度")


def test_text_cells_are_read_as_typed():
    assert parse_text(None) == ""
    assert parse_text(2022001.0) == "2022001"
    assert parse_text("  反映  ") == "反映"
    assert parse_text("'=SUM(A1)") == "=SUM(A1)"
    assert parse_text("'引号") == "'引号"


def test_units_are_split_on_the_usual_separators():
    assert split_units("归集部、信贷部,提取部；信息部\n区税务局") == [
        "归集部",
        "信贷部",
        "提取部",
        "信息部",
        "区税务局",
    ]
    assert split_units(None) == []


def test_formula_like_text_is_protected_but_phone_numbers_are_not():
    assert protect_formula("=1+1") == "'=1+1"
    assert protect_formula("@SUM(A1)") == "'@SUM(A1)"
    assert protect_formula("+8613812345678") == "+8613812345678"
    assert protect_formula("-2+3") == "'-2+3"
    assert protect_formula("") == ""
    assert protect_formula("普通文字") == "普通文字"
