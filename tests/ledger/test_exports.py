"""write_ledger: every generated file is opened and read back cell by cell against the case data."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bancheng.cases.models import Case
from bancheng.domain.policy import PRESETS
from bancheng.ledger.exports import write_ledger
from tests.ledger.readback import as_text, expected, local, read_csv, read_xlsx

SEED_HEADINGS = {
    # seed 000: 序号、日期、承办人、事项分类、诉求人、联系方式、反映内容、协调部门及人员、解决方案、办结时间，回访、备注
    "shenyang": [
        "序号", "日期", "承办人", "事项分类", "诉求人", "联系方式", "反映内容",
        "协调部门及人员", "解决方案", "办结时间", "回访", "备注",
    ],
    # seed 001, annex 3 “办不成事”登记窗口登记台账
    "shanting": [
        "编号", "反映人", "联系电话", "反映事项", "受理时间", "问题类型及办理时限",
        "承办单位", "办理结果", "实际办结时间", "备注",
    ],
}  # fmt: skip
CHECKED = {
    "number", "registered_on", "registered_at", "officer", "category", "requester_name", "requester_phone",
    "problem", "units", "resolution", "closed_at", "visit", "class_and_limit",
}  # fmt: skip


def export(fmt="xlsx", preset="shenyang", **kwargs):
    out = io.BytesIO()
    count = write_ledger(Case.objects.all(), PRESETS[preset].ledger_layout, out, fmt=fmt, **kwargs)
    return count, out.getvalue()


def ordered_cases():
    return list(Case.objects.order_by("registered_at", "pk"))


@pytest.mark.parametrize("preset", ["shenyang", "shanting"])
def test_the_first_row_holds_the_seed_headings_exactly(demo, preset):
    assert read_xlsx(export(preset=preset)[1])[0] == SEED_HEADINGS[preset]
    assert read_csv(export("csv", preset=preset)[1])[0] == SEED_HEADINGS[preset]


@pytest.mark.parametrize("preset", ["shenyang", "shanting", "putuo"])
def test_every_xlsx_cell_matches_the_case_data(demo, preset, artifacts):
    count, data = export(preset=preset)
    (artifacts / f"ledger-{preset}.xlsx").write_bytes(data)
    table = read_xlsx(data)
    cases = ordered_cases()
    assert count == len(cases) == len(table) - 1 > 10
    layout = PRESETS[preset].ledger_layout
    for index, (case, row) in enumerate(zip(cases, table[1:], strict=True), start=1):
        for column, value in zip(layout, row, strict=True):
            if column.source == "seq":
                assert value == index
            elif column.source in CHECKED:
                shown = local(value) if hasattr(value, "hour") else value
                assert shown == expected(case, column.source), (case.number, column.label)


@pytest.mark.parametrize("preset", ["shenyang", "shanting"])
def test_every_csv_cell_matches_the_case_data(demo, preset):
    count, data = export("csv", preset=preset)
    table = read_csv(data)
    cases = ordered_cases()
    assert count == len(cases) == len(table) - 1
    for case, row in zip(cases, table[1:], strict=True):
        for column, value in zip(PRESETS[preset].ledger_layout, row, strict=True):
            if column.source in CHECKED:
                assert value == as_text(expected(case, column.source)), (case.number, column.label)


def test_personal_data_is_masked_by_default(demo):
    table = read_xlsx(export()[1])
    assert all("****" in row[5] and row[4].endswith("*") for row in table[1:])


def test_unmasked_export_shows_the_full_name_and_phone(demo):
    table = read_xlsx(export(masked=False)[1])
    cases = ordered_cases()
    assert [r[4] for r in table[1:]] == [c.requester_name for c in cases]
    assert [r[5] for r in table[1:]] == [c.requester_phone for c in cases]


def test_the_group_headings_of_seed_000_are_on_the_notes_sheet(demo):
    notes = read_xlsx(export()[1], sheet="说明")
    groups = {row[0]: row[1] for row in notes[1:13]}
    assert groups["序号"] == "登记受理" and groups["反映内容"] == "申请情况"
    assert groups["解决方案"] == "办理情况" and groups["回访"] == "回访情况"


def test_progress_is_reported_with_the_rows_done(demo):
    seen = []
    count, _ = export(progress=seen.append)
    assert seen and seen[-1] == count


def test_a_formula_like_text_is_not_run_by_the_spreadsheet(demo, org_case_with_formula):
    table = read_csv(export("csv")[1])
    assert any(row[6] == '\'=HYPERLINK("http://x")' for row in table)
    xlsx = read_xlsx(export()[1])
    assert any(row[6] == '=HYPERLINK("http://x")' for row in xlsx)


@pytest.fixture
def org_case_with_formula(demo):
    from bancheng.cases import actions as act

    return act.register_case(
        actor=demo["officer"],
        channel="onsite",
        requester_name="张三",
        requester_phone="13812345678",
        business="提取",
        problem='=HYPERLINK("http://x")',
    )


def test_the_query_count_does_not_grow_with_the_rows(demo, django_assert_max_num_queries):
    few = Case.objects.filter(pk__in=list(Case.objects.values_list("pk", flat=True)[:2]))
    with CaptureQueriesContext(connection) as small:
        write_ledger(few, PRESETS["shenyang"].ledger_layout, io.BytesIO())
    with django_assert_max_num_queries(len(small)):
        write_ledger(Case.objects.all(), PRESETS["shenyang"].ledger_layout, io.BytesIO())
