"""The stats page: who sees it, the table with its "—" and goals, the links, the CSV, the query count."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bancheng.cases import actions as act
from bancheng.cases.models import Case
from bancheng.domain.calendar import TZ
from bancheng.domain.kpi import Grouping, Kpi, Period, PeriodKind
from bancheng.stats import queries
from bancheng.stats.selectors import COLUMNS


def this_year():
    return f"/stats/?period=year&day={timezone.now().astimezone(TZ).date()}"


def test_an_officer_is_refused_the_stats_page(as_user):
    assert as_user("officer").get("/stats/").status_code == 403


def test_the_nav_shows_the_stats_item_to_the_office_and_not_to_a_handler(as_user):
    assert 'href="/stats/"' in as_user("office").get("/cases/").content.decode()
    assert 'href="/stats/"' not in as_user("handler").get("/cases/").content.decode()


def test_the_page_shows_every_kpi_with_the_hundred_percent_goal_marked(as_user):
    page = as_user("leader").get(this_year() + "&grouping=all").content.decode()
    for kpi in COLUMNS:
        assert kpi.label in page
    assert page.count('class="badge ok">目标 100%') == sum(1 for k in COLUMNS if k.goal_is_full)


def test_a_total_equals_the_sql_measure_over_all_cases(as_user):
    today = timezone.now().astimezone(TZ).date()
    period = Period.of(PeriodKind.YEAR, today)
    registered = queries.measure(Kpi.REGISTERED, Case.objects.all(), period, as_of=timezone.now())
    page = as_user("office").get(this_year() + "&grouping=all").content.decode()
    count = registered[None].numerator
    assert count == Case.objects.filter(registered_on__year=today.year).count()
    assert f">{count}</a>" in page


def test_an_empty_period_shows_a_dash_not_a_rate(as_user):
    page = as_user("office").get("/stats/?period=month&day=2001-01-01&grouping=all").content.decode()
    assert "—" in page and "0.0%" not in page and "100.0%" not in page


def test_the_registered_count_links_to_the_case_list_of_that_branch_and_period(as_user, demo):
    client = as_user("office")
    page = client.get(this_year() + "&grouping=branch").content.decode()
    hq = demo["officer"].unit_id
    year = timezone.now().astimezone(TZ).year
    link = f"/cases/?branch={hq}&amp;registered_from={year}-01-01&amp;registered_to={year}-12-31"
    assert link in page
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    expected = Case.objects.filter(branch_id=hq, registered_on__year=year).count()
    assert listed[listed.index('id="results"') :].count('<a href="/cases/') == expected


def test_a_bad_date_is_a_chinese_message_not_an_error(as_user):
    response = as_user("office").get("/stats/?period=month&day=2026-13-45&grouping=all")
    assert response.status_code == 200 and "日期格式应为" in response.content.decode()


def test_the_csv_holds_one_row_per_group_with_numerator_and_denominator(as_user):
    response = as_user("auditor").get(this_year() + "&grouping=channel&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:5] == ["渠道", "受理件数", "即时转办率", "分子", "分母"]
    assert table[-1][-1] and len(table) >= 2
    page = as_user("auditor").get(this_year() + "&grouping=channel").content.decode()
    for row in table[1:]:
        assert row[0] in page


def test_the_query_count_stays_the_same_as_cases_are_added(as_user, demo):
    client = as_user("office")
    url = this_year() + "&grouping=unit"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    officer = demo["officer"]
    now = timezone.now()
    for _ in range(3):
        case = act.register_case(
            actor=officer,
            now=now,
            channel="phone",
            requester_name="李四",
            requester_phone="13900000000",
            business="贷款",
            problem="贷款审批慢",
        )
        act.assess_case(
            case, actor=officer, category="loan", nature="service", case_class="general", disposal="transfer",
            now=now,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_every_grouping_renders(as_user):
    client = as_user("service")
    for grouping in Grouping:
        response = client.get(
            f"/stats/?period=quarter&day={timezone.now().astimezone(TZ).date()}&grouping={grouping.value}"
        )
        assert response.status_code == 200, grouping
