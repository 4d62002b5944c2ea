"""Importing 12345 work orders: XLSX, CSV and JSON in the platform's layout register hotline cases; the
same order twice makes one case; bad rows are reported in Chinese and nothing is half-written."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from bancheng.cases.models import Case
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError
from bancheng.domain.hotline import DEFAULT_MAPPING
from bancheng.hotline.services import import_orders, read_orders
from tests.hotline.conftest import GOOD, HEADINGS

NOW = datetime(2026, 10, 12, 11, 0, tzinfo=TZ)


def _import(demo, name, data, **kw):
    return import_orders(
        read_orders(name, data), actor=demo["officer"], mapping=DEFAULT_MAPPING, now=NOW, **kw
    )


def test_xlsx_work_orders_become_hotline_cases_keeping_the_order_number(demo, xlsx_bytes):
    report = _import(demo, "orders.xlsx", xlsx_bytes())
    assert report.applied and report.count("new") == 2
    case = Case.objects.get(external_number="QY12345-2026-0001")
    assert case.channel == "hotline"
    assert case.requester_name == "杨女士"
    assert "求助" in case.problem and "区税务局" in case.problem


def test_csv_work_orders_import(demo):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADINGS)
    writer.writerows(GOOD)
    report = _import(demo, "orders.csv", text.getvalue().encode("utf-8-sig"))
    assert report.count("new") == 2
    assert Case.objects.filter(channel="hotline", external_number__startswith="QY12345").count() == 2


def test_json_work_orders_import(demo):
    body = json.dumps({"orders": [dict(zip(HEADINGS, row, strict=True)) for row in GOOD]}, ensure_ascii=False)
    report = _import(demo, "orders.json", body.encode())
    assert report.count("new") == 2


def test_dry_run_writes_nothing(demo, xlsx_bytes):
    before = Case.objects.count()
    report = _import(demo, "orders.xlsx", xlsx_bytes(), dry_run=True)
    assert report.count("new") == 2 and not report.applied
    assert Case.objects.count() == before


def test_same_order_imported_twice_makes_one_case(demo, xlsx_bytes):
    _import(demo, "orders.xlsx", xlsx_bytes())
    again = _import(demo, "orders.xlsx", xlsx_bytes())
    assert again.count("duplicate") == 2 and again.count("new") == 0
    assert Case.objects.filter(external_number="QY12345-2026-0001").count() == 1


def test_resent_order_with_changes_is_reported(demo, xlsx_bytes):
    _import(demo, "orders.xlsx", xlsx_bytes())
    changed = [list(GOOD[0])]
    changed[0][2] = "13800000000"
    report = _import(demo, "orders.xlsx", xlsx_bytes(changed))
    assert report.rows[0].status == "changed"
    assert report.rows[0].changes == ["联系电话"]
    assert Case.objects.filter(external_number="QY12345-2026-0001").count() == 1


def test_bad_rows_get_chinese_errors_and_nothing_is_written(demo, xlsx_bytes):
    bad = [list(GOOD[0]), ["", "王五", "123", "抱怨", "", "", "", "", ""]]
    before = Case.objects.count()
    report = _import(demo, "orders.xlsx", xlsx_bytes(bad))
    assert not report.applied
    errors = report.rows[1].errors
    assert "缺少工单编号" in errors and "缺少诉求内容" in errors
    assert any("诉求类型“抱怨”无效" in e for e in errors)
    assert Case.objects.count() == before


def test_invalid_phone_is_reported_and_nothing_of_the_file_is_written(demo, xlsx_bytes):
    bad = [list(GOOD[0]), list(GOOD[1])]
    bad[1][2] = "12"
    before = Case.objects.count()
    report = _import(demo, "orders.xlsx", xlsx_bytes(bad))
    assert report.rows[1].errors == ["联系电话“12”格式不正确"]
    assert Case.objects.count() == before


def test_a_mapping_for_other_column_names(demo, xlsx_bytes):
    headings = ["单号", "姓名", "电话", "类型", "内容", "区域", "单位", "时间", "时限"]
    mapping = dict(zip(headings, DEFAULT_MAPPING.values(), strict=False))
    mapping.pop("内容")
    mapping["内容"] = "problem"
    report = import_orders(
        read_orders("x.xlsx", xlsx_bytes(GOOD, headings)), actor=demo["officer"], mapping=mapping, now=NOW
    )
    assert report.count("new") == 2


def test_a_mapping_missing_a_required_field_is_refused(demo, xlsx_bytes):
    with pytest.raises(DomainError) as caught:
        import_orders(
            read_orders("x.xlsx", xlsx_bytes()),
            actor=demo["officer"],
            mapping={"工单编号": "external_number"},
        )
    assert caught.value.code == "hotline.bad_mapping"
    assert "来电人" in caught.value.message


def test_unknown_file_type_is_refused():
    with pytest.raises(DomainError) as caught:
        read_orders("orders.doc", b"x")
    assert caught.value.message == "仅支持 XLSX、CSV、JSON 文件"
