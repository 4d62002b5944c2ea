"""The weekly filing pages: the office's board, a branch's own page with 立即报备, a filing's page and files,
and who may open them. Times are relative to the real clock (the pages read it): the filings below are made
for the week three weeks before the last ended one, whose deadline has surely passed."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from bancheng.audit.models import Event
from bancheng.calendars.services import get_calendar
from bancheng.domain.filing import filing_deadline, filing_opens_at, last_ended_week
from bancheng.filings.models import WeeklyFiling
from bancheng.filings.services import file_week
from bancheng.org.models import Staff

PASSWORD = "banCheng-demo-2026"


@pytest.fixture
def week():
    return last_ended_week(timezone.now()) - timedelta(days=21)


@pytest.fixture
def filings(org, week):
    """HQ filed on time (with one case), HP filed late, HN never filed."""
    calendar = get_calendar()
    opens = filing_opens_at(week, calendar)
    org.register(opens - timedelta(days=5), requester_name="张一", requester_phone="13800000001")
    on_time = file_week(org.unit("HQ"), week, now=opens)
    late = file_week(org.unit("HP"), week, now=filing_deadline(week, calendar).at + timedelta(hours=1))
    return {"HQ": on_time, "HP": late}


@pytest.fixture
def other_officer(org):
    return Staff.objects.create_user(
        username="officer_hp", password=PASSWORD, role="case_officer", unit=org.unit("HP"), full_name="何平"
    )


def signed_in(client, user):
    client.force_login(user)
    return client


def week_row(page, week):
    """The board's row of one week."""
    rows = re.findall(r"<tr>.*?</tr>", page, flags=re.S)
    return next(r for r in rows if week.strftime("%Y-%m-%d") + " 至" in r)


def test_the_board_shows_filed_on_time_filed_late_and_missing(client, org, week, filings):
    page = signed_in(client, org.office).get("/filings/").content.decode()
    row = week_row(page, week)
    assert 'data-branch="HQ" data-state="on_time"' in row and "按时报备" in row
    assert 'data-branch="HP" data-state="filed_late"' in row and "逾期报备" in row
    assert 'data-branch="HN" data-state="missing"' in row and "未报备（已逾期）" in row


def test_each_filed_cell_opens_the_filing_page(client, org, week, filings):
    page = signed_in(client, org.office).get("/filings/").content.decode()
    row = week_row(page, week)
    assert f'href="/filings/{filings["HQ"].pk}/"' in row and "1 件" in row


def test_the_filing_page_shows_its_counts_and_download_links(client, org, filings):
    filing = filings["HQ"]
    page = signed_in(client, org.office).get(f"/filings/{filing.pk}/").content.decode()
    assert "1 件" in page and filing.case_numbers[0] in page and filing.ledger_sha256 in page
    assert f"/filings/{filing.pk}/ledger/" in page and f"/filings/{filing.pk}/forms/" in page


@pytest.mark.parametrize("username", ["office", "service", "leader", "auditor", "officer"])
def test_the_filings_page_opens_for_the_office_customer_service_leaders_the_auditor_and_officers(
    client, org, username
):
    assert signed_in(client, org.people[username]).get("/filings/").status_code == 200


@pytest.mark.parametrize("username", ["handler", "unithead", "handler2", "admin"])
def test_the_filings_page_is_forbidden_to_other_roles(client, org, username):
    assert signed_in(client, org.people[username]).get("/filings/").status_code == 403


def test_an_officer_sees_only_the_own_branch(client, org, filings):
    page = signed_in(client, org.officer).get("/filings/").content.decode()
    assert 'data-branch="HQ"' in page
    assert 'data-branch="HP"' not in page and 'data-branch="HN"' not in page


def test_an_officer_is_offered_file_now_for_the_unfiled_last_week(client, org, filings):
    page = signed_in(client, org.officer).get("/filings/").content.decode()
    last = last_ended_week(timezone.now())
    assert "立即报备" in page and f'value="{last.isoformat()}"' in page


def test_file_now_files_the_week_once(client, org):
    last = last_ended_week(timezone.now())
    client = signed_in(client, org.officer)
    first = client.post("/filings/file/", {"week": last.isoformat()})
    filing = WeeklyFiling.objects.get()
    assert first.status_code == 302 and first["Location"] == f"/filings/{filing.pk}/"
    assert filing.branch == org.unit("HQ") and filing.filed_by == org.officer and not filing.automatic
    again = client.post("/filings/file/", {"week": last.isoformat()}, follow=True)
    assert WeeklyFiling.objects.count() == 1
    assert "此前已报备，不再重复报备" in again.content.decode()


def test_an_officer_files_the_own_branch_whatever_branch_is_posted(client, org):
    last = last_ended_week(timezone.now())
    signed_in(client, org.officer).post(
        "/filings/file/", {"week": last.isoformat(), "branch": org.unit("HP").pk}
    )
    assert list(WeeklyFiling.objects.values_list("branch__code", flat=True)) == ["HQ"]


def test_the_center_office_files_a_chosen_branch(client, org):
    last = last_ended_week(timezone.now())
    signed_in(client, org.office).post(
        "/filings/file/", {"week": last.isoformat(), "branch": org.unit("HN").pk}
    )
    assert list(WeeklyFiling.objects.values_list("branch__code", flat=True)) == ["HN"]


def test_file_now_needs_the_csrf_token(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.officer)
    response = client.post("/filings/file/", {"week": last_ended_week(timezone.now()).isoformat()})
    assert response.status_code == 403 and not WeeklyFiling.objects.exists()


def test_file_now_refuses_this_week_with_a_message(client, org):
    this_week = last_ended_week(timezone.now()) + timedelta(days=7)
    response = signed_in(client, org.officer).post(
        "/filings/file/", {"week": this_week.isoformat()}, follow=True
    )
    assert "尚未结束，不能报备" in response.content.decode() and not WeeklyFiling.objects.exists()


@pytest.mark.parametrize("week", ["", "not-a-date", "2026-02-30"])
def test_file_now_refuses_a_bad_week_with_a_message(client, org, week):
    response = signed_in(client, org.officer).post("/filings/file/", {"week": week}, follow=True)
    assert response.status_code == 200 and "请选择要报备的周" in response.content.decode()


def test_file_now_refuses_a_day_that_is_not_a_monday(client, org):
    tuesday = last_ended_week(timezone.now()) + timedelta(days=1)
    response = signed_in(client, org.officer).post(
        "/filings/file/", {"week": tuesday.isoformat()}, follow=True
    )
    assert "不是周一" in response.content.decode() and not WeeklyFiling.objects.exists()


@pytest.mark.parametrize("username", ["handler", "service", "leader", "auditor"])
def test_file_now_is_forbidden_to_roles_that_do_not_file(client, org, username):
    last = last_ended_week(timezone.now())
    response = signed_in(client, org.people[username]).post(
        "/filings/file/", {"week": last.isoformat(), "branch": org.unit("HQ").pk}
    )
    assert response.status_code == 403 and not WeeklyFiling.objects.exists()


def test_file_now_is_post_only(client, org):
    assert signed_in(client, org.officer).get("/filings/file/").status_code == 405


def test_the_ledger_download_is_the_filed_xlsx_with_full_phones_and_is_logged(client, org, filings):
    filing = filings["HQ"]
    response = signed_in(client, org.office).get(f"/filings/{filing.pk}/ledger/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert "13800000001" in [str(c.value) for row in sheet.iter_rows() for c in row]
    event = Event.objects.get(stream="access", action="open_filing")
    assert event.actor == org.office and event.data["filing"] == filing.pk and event.data["file"] == "ledger"
    assert event.data["cases"] == filing.case_numbers


def test_the_intake_forms_download_is_a_pdf(client, org, filings):
    response = signed_in(client, org.office).get(f"/filings/{filings['HQ'].pk}/forms/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("username", ["office", "officer"])
def test_the_office_and_the_branchs_officers_open_a_filing_and_its_files(client, org, filings, username):
    client = signed_in(client, org.people[username])
    assert client.get(f"/filings/{filings['HQ'].pk}/").status_code == 200
    assert client.get(f"/filings/{filings['HQ'].pk}/ledger/").status_code == 200


@pytest.mark.parametrize("username", ["service", "leader", "auditor"])
def test_readers_of_the_board_see_a_filing_but_not_its_unmasked_files(client, org, filings, username):
    client = signed_in(client, org.people[username])
    page = client.get(f"/filings/{filings['HQ'].pk}/").content.decode()
    assert filings["HQ"].ledger_sha256 in page and f"/filings/{filings['HQ'].pk}/ledger/" not in page
    assert client.get(f"/filings/{filings['HQ'].pk}/ledger/").status_code == 403
    assert client.get(f"/filings/{filings['HQ'].pk}/forms/").status_code == 403
    assert not Event.objects.filter(action="open_filing").exists()


@pytest.mark.parametrize("username", ["handler", "unithead", "admin"])
def test_other_roles_cannot_open_a_filing(client, org, filings, username):
    client = signed_in(client, org.people[username])
    assert client.get(f"/filings/{filings['HQ'].pk}/").status_code == 403
    assert client.get(f"/filings/{filings['HQ'].pk}/ledger/").status_code == 403
    assert not Event.objects.filter(action="open_filing").exists()


def test_another_branchs_officer_cannot_open_the_filing(client, filings, other_officer):
    client = signed_in(client, other_officer)
    assert client.get(f"/filings/{filings['HQ'].pk}/").status_code == 403
    assert client.get(f"/filings/{filings['HQ'].pk}/ledger/").status_code == 403
    assert client.get(f"/filings/{filings['HP'].pk}/").status_code == 200


def test_a_filing_without_cases_has_no_forms_to_download(client, org, filings):
    response = signed_in(client, org.office).get(f"/filings/{filings['HP'].pk}/forms/")
    assert response.status_code == 400 and "未附受理单" in response.content.decode()


def test_an_unknown_filing_or_file_is_not_found(client, org, filings):
    client = signed_in(client, org.office)
    assert client.get("/filings/999999/").status_code == 404
    assert client.get(f"/filings/{filings['HQ'].pk}/other/").status_code == 404


def _board_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/filings/").status_code == 200
    return len(queries)


def test_the_board_keeps_its_query_count_as_weeks_and_branches_grow(client, org, week, filings):
    from bancheng.org.models import Unit

    client = signed_in(client, org.office)
    small = _board_queries(client)
    for i in range(3):
        Unit.objects.create(code=f"B{i}", name=f"第{i}分中心", kind="branch", parent=org.unit("CENTER"))
    calendar = get_calendar()
    for earlier in (week - timedelta(days=7), week - timedelta(days=14)):
        for code in ("HQ", "HP", "B0"):
            file_week(Unit.objects.get(code=code), earlier, now=filing_opens_at(earlier, calendar))
    assert _board_queries(client) == small


def test_a_reminder_shows_on_the_board_and_on_the_branchs_page_only(
    client, org, week, filings, other_officer
):
    from bancheng.filings.services import remind

    remind(org.unit("HN"), week, now=filing_deadline(week, get_calendar()).at + timedelta(hours=1))
    board = signed_in(client, org.office).get("/filings/").content.decode()
    assert "已提醒 1 次" in week_row(board, week) and "浑南分中心" in board
    hn_officer = Staff.objects.create_user(username="officer_hn", role="case_officer", unit=org.unit("HN"))
    assert "已提醒 1 次" in signed_in(client, hn_officer).get("/filings/").content.decode()
    assert "已提醒" not in signed_in(client, other_officer).get("/filings/").content.decode()
