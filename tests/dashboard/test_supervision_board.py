"""The supervision board (督办看板): who sees it, what it counts, and that every number opens the list of
exactly those cases."""

import re

import pytest
from django.utils import timezone

from bancheng.dashboard.selectors import supervision_board
from bancheng.domain.calendar import TZ
from bancheng.domain.kpi import Period, PeriodKind

BOARD = "/dashboard/supervision/"


def listed(client, link):
    """The number of cases the case list shows for a link (the list's own count)."""
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    return response.context["page"].paginator.count


def this_month():
    return Period.of(PeriodKind.MONTH, timezone.now().astimezone(TZ).date())


@pytest.mark.parametrize("username", ["office", "service", "leader"])
def test_the_office_customer_service_and_leaders_see_the_board(signed_in, username):
    assert signed_in(username).get(BOARD).status_code == 200


@pytest.mark.parametrize("username", ["officer", "handler", "unithead", "auditor", "admin"])
def test_everyone_else_is_refused_the_board_with_403(signed_in, username):
    assert signed_in(username).get(BOARD).status_code == 403


def test_late_items_are_counted_by_unit_with_the_working_time_late(org, supervision_cases):
    board = supervision_board(org.office, this_month(), now=timezone.now())
    by_unit = {row.name: row for row in board.late_units}
    assert by_unit["区税务局"].cases == 1
    assert by_unit[org.unit("DEP-1").name].cases == 1
    assert all(row.minutes > 0 and "工作日" in row.late_shown for row in board.late_units)
    assert "中国建设银行" not in by_unit  # returned, not late
    assert supervision_cases["fresh"].pk not in {i.deadline.case_id for i in board.late_items}


def test_notices_issued_answered_and_overdue_unanswered_are_counted(org, supervision_cases):
    now = timezone.now()
    board = supervision_board(
        org.office,
        Period.between((now.date() - timezone.timedelta(days=30)), now.date() + timezone.timedelta(days=1)),
        now=now,
    )
    issued, answered, overdue = (f.count for f in board.notices)
    assert (issued, answered, overdue) == (2, 1, 1)


def test_a_unit_that_returns_an_assignment_or_leaves_a_notice_unanswered_is_listed(org, supervision_cases):
    now = timezone.now()
    period = Period.between(now.date() - timezone.timedelta(days=30), now.date() + timezone.timedelta(days=1))
    rows = {row.name: row for row in supervision_board(org.office, period, now=now).uncooperative}
    assert rows["中国建设银行"].figures["returned"].count == 1
    dep = rows[org.unit("DEP-1").name]
    assert dep.figures["notices"].count == 1 and dep.figures["unanswered"].count == 1
    assert rows["区税务局"].figures["unanswered"].count == 0


def test_a_case_without_any_event_for_n_working_days_is_stuck(org, supervision_cases):
    board = supervision_board(org.office, this_month(), now=timezone.now(), stuck_days=3)
    stuck = {c.pk for c in board.stuck_cases}
    assert stuck == {supervision_cases["late"].pk, supervision_cases["answered"].pk}  # last events 8 days ago
    assert board.stuck.count == 2  # not the fresh case, nor the one returned yesterday


def test_every_number_on_the_board_opens_a_list_of_that_many_cases(signed_in, supervision_cases):
    client = signed_in("office")
    today = timezone.now().astimezone(TZ).date()
    page = client.get(f"{BOARD}?period=year&day={today}&stuck=3").content.decode()
    links = re.findall(
        r'<a (?:role="listitem" class="[^"]*" )?href="(/cases/\?[^"]+)">(?:<span>[^<]*</span>)?<strong>(\d+)</strong>',
        page,
    )
    links += re.findall(r'<a href="(/cases/\?[^"]+)">(\d+)</a>', page)
    assert len(links) >= 10
    client_list = signed_in("office")
    for link, figure in links:
        assert listed(client_list, link) == int(figure), link


def test_the_office_home_and_the_nav_link_to_the_board(signed_in):
    page = signed_in("office").get("/").content.decode()
    assert page.count('href="/dashboard/supervision/"') == 2
    assert 'href="/dashboard/supervision/"' not in signed_in("handler").get("/").content.decode()


def test_a_bad_drill_down_parameter_is_a_chinese_message_on_an_empty_list(signed_in):
    response = signed_in("office").get("/cases/?late_unit=abc")
    assert response.status_code == 200
    assert "筛选条件无效" in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_a_bad_stuck_day_count_is_a_chinese_field_error(signed_in):
    response = signed_in("office").get(f"{BOARD}?period=month&day=2026-11-01&stuck=0")
    assert response.status_code == 200 and "至少 1 个工作日" in response.content.decode()
