"""The evaluation page: who sees it, the table, the period selector, the XLSX and CSV exports, the CLI."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from bancheng.domain.calendar import TZ
from bancheng.domain.evaluation import Item, parse_period
from bancheng.evaluation.selectors import evaluation_of


def this_year():
    return str(timezone.now().astimezone(TZ).year)


@pytest.mark.parametrize("username", ["office", "service", "leader", "auditor"])
def test_the_office_leaders_customer_service_and_the_auditor_see_the_page(as_user, username):
    response = as_user(username).get("/evaluation/")
    assert response.status_code == 200
    assert "单位考核" in response.content.decode()


@pytest.mark.parametrize("username", ["officer", "handler", "unithead", "admin"])
def test_everyone_else_is_refused(as_user, username):
    assert as_user(username).get("/evaluation/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, demo):
    assert client.get("/evaluation/").status_code == 302


def test_the_nav_shows_the_item_to_the_office_not_to_an_officer(as_user):
    assert 'href="/evaluation/"' in as_user("office").get("/cases/").content.decode()
    assert 'href="/evaluation/"' not in as_user("officer").get("/cases/").content.decode()


def test_the_table_shows_each_unit_with_its_itemised_deductions_and_grade(as_user):
    page = as_user("office").get(f"/evaluation/?period={this_year()}").content.decode()
    evaluation = evaluation_of(parse_period(this_year()), as_of=timezone.now())
    assert evaluation.results, "the demo transfers cases to units this year"
    for item in Item:
        assert item.label in page
    for result in evaluation.results:
        assert result.counts.name in page
        assert f'href="/cases/?unit={result.counts.unit}"' in page
    assert "优秀" in page and "不超过参评单位的 10%" in page


def test_the_selector_offers_months_quarters_and_years(as_user):
    page = as_user("leader").get("/evaluation/").content.decode()
    assert 'label="月度"' in page and 'label="季度"' in page and 'label="年度"' in page
    assert f'value="{this_year()}"' in page


def test_an_unknown_period_is_refused_with_a_chinese_message_not_a_500(as_user):
    response = as_user("office").get("/evaluation/?period=2026-13")
    assert response.status_code == 400
    assert "无法识别的考核周期" in response.content.decode()


def test_a_period_without_transfers_says_so(as_user):
    page = as_user("office").get("/evaluation/?period=2001-01").content.decode()
    assert "本期没有转办给承办单位的事项" in page


def test_the_xlsx_export_opens_and_holds_the_table(as_user):
    response = as_user("office").get(f"/evaluation/?period={this_year()}&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="evaluation-{this_year()}.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "单位考核"
    assert sheet["A1"].value == f"{this_year()}年年度单位考核"
    assert [c.value for c in sheet[4]][:4] == ["排名", "承办单位", "本期转办件数", "超期办件（件）"]
    evaluation = evaluation_of(parse_period(this_year()), as_of=timezone.now())
    lines = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(lines) == len(evaluation.results)
    first = evaluation.results[0]
    assert lines[0][1] == first.counts.name
    assert lines[0][-3] == pytest.approx(first.score)
    assert lines[0][-2] == (first.grade.label if first.grade else "不参评")


def test_the_csv_export_has_the_same_rows(as_user):
    response = as_user("auditor").get(f"/evaluation/?period={this_year()}&format=csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["排名", "承办单位"]
    evaluation = evaluation_of(parse_period(this_year()), as_of=timezone.now())
    assert [r[1] for r in rows[1:]] == [r.counts.name for r in evaluation.results]


def test_the_command_prints_the_table_and_exports_xlsx(demo, tmp_path):
    out = io.StringIO()
    target = tmp_path / "考核.xlsx"
    call_command("evaluation", "run", "--period", this_year(), "--export", str(target), stdout=out)
    assert f"{this_year()}年年度单位考核" in out.getvalue()
    assert openpyxl.load_workbook(target).active["A4"].value == "排名"


def test_the_command_exports_csv(demo, tmp_path):
    target = tmp_path / "out.csv"
    call_command(
        "evaluation", "run", "--period", f"{this_year()}Q1", "--export", str(target), stdout=io.StringIO()
    )
    assert target.read_text(encoding="utf-8-sig").startswith("排名,承办单位")


def test_the_command_refuses_a_bad_period_or_file_type(demo, tmp_path):
    with pytest.raises(CommandError, match="无法识别的考核周期"):
        call_command("evaluation", "run", "--period", "Q3")
    with pytest.raises(CommandError, match=r"\.xlsx 或 \.csv"):
        call_command(
            "evaluation", "run", "--period", "2026", "--export", str(tmp_path / "x.pdf"), stdout=io.StringIO()
        )
