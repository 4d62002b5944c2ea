"""The case list: filters, sorting, pagination, saved filters, export of what it shows, and its query count."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bancheng.calendars.services import get_calendar
from bancheng.cases.models import Case, SavedFilter


def rows(response):
    page = response.content.decode()
    return page[page.index('id="results"') :].count('<a href="/cases/')


def exported(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_state_filter_lists_only_cases_in_that_state(as_user):
    client = as_user("office")
    handling = Case.objects.filter(state="handling").count()
    assert handling and rows(client.get("/cases/?state=handling")) == handling


def test_the_export_holds_exactly_the_filtered_cases_with_masked_phones(as_user):
    client = as_user("office")
    table = exported(client.get("/cases/export.csv?state=handling"))
    assert table[0][0] == "编号"
    numbers = {r[0] for r in table[1:]}
    assert numbers == set(Case.objects.filter(state="handling").values_list("number", flat=True))
    assert all("****" in r[4] for r in table[1:])


def test_a_bad_date_in_the_filter_is_shown_as_a_chinese_error(as_user):
    response = as_user("office").get("/cases/?registered_from=2026-13-45")
    assert response.status_code == 200 and "日期格式应为" in response.content.decode()


def test_a_filter_is_saved_under_a_name_and_opens_again(as_user, demo):
    client = as_user("officer")
    response = client.post("/cases/filters/", {"name": "办理中", "query": "state=handling&page=2"})
    saved = SavedFilter.objects.get(owner=demo["officer"])
    assert saved.query == "state=handling"
    assert response["Location"] == "/cases/?state=handling"
    assert "办理中" in client.get("/cases/").content.decode()


def test_an_empty_filter_is_not_saved(as_user):
    client = as_user("officer")
    client.post("/cases/filters/", {"name": "全部", "query": ""})
    assert not SavedFilter.objects.exists()


def test_a_user_cannot_delete_someone_elses_saved_filter(as_user, demo):
    as_user("officer").post("/cases/filters/", {"name": "mine", "query": "state=handling"})
    saved = SavedFilter.objects.get()
    response = as_user("office").post(f"/cases/filters/{saved.pk}/delete/")
    assert response.status_code == 404 and SavedFilter.objects.filter(pk=saved.pk).exists()


def test_the_list_page_costs_the_same_queries_whatever_the_number_of_rows(as_user):
    client = as_user("office")
    with CaptureQueriesContext(connection) as few:
        client.get("/cases/?state=archived")
    with CaptureQueriesContext(connection) as many:
        client.get("/cases/")
    assert len(many) == len(few)
    assert len(many) <= 12


def test_the_case_page_query_count_does_not_grow_with_the_timeline(as_user):
    client = as_user("office")
    cases = list(Case.objects.all()[:12])
    # The per-process caches (the calendar in force, the policy) are built once, whichever test ran before.
    get_calendar()
    client.get(f"/cases/{cases[0].pk}/")
    counts = []
    for case in cases:
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/cases/{case.pk}/")
        counts.append(len(queries))
    assert max(counts) <= 25, counts


def test_a_list_longer_than_the_count_cap_says_so_instead_of_counting_everything(as_user, monkeypatch):
    from bancheng.cases.views import lists

    monkeypatch.setattr(lists, "COUNT_CAP", 3)
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    page = as_user("office").get("/cases/").content.decode()
    assert "超过 3 件" in page and "第 1 / 2 页" in page


def hotline_case(officer, number, *, request_type="", problem="来电反映公积金提取被拒"):
    """A case registered on the 12345 hotline channel, with or without the 诉求类型 in its register event."""
    from bancheng.cases import actions as act

    return act.register_case(
        actor=officer,
        channel="hotline",
        requester_name="王五",
        requester_phone="13900001111",
        business="12345工单",
        problem=problem,
        external_number=number,
        request_type=request_type,
    )


def test_a_request_type_filter_lists_only_the_hotline_cases_of_that_type(as_user, demo):
    from bancheng.hotline.services import register_order

    order = {
        "external_number": "GD-7",
        "requester_name": "王五",
        "requester_phone": "13900001111",
        "business": "补缴",
    }
    complaint = register_order({**order, "request_type": "投诉", "problem": "办不成"}, actor=demo["officer"])
    hotline_case(demo["officer"], "GD-8", request_type="咨询")
    page = as_user("office").get("/cases/?request_type=投诉")
    assert rows(page) == 1 and complaint.number in page.content.decode()


def test_a_request_type_filter_finds_an_older_case_by_the_order_details_in_its_problem(as_user, demo):
    older = hotline_case(demo["officer"], "GD-9", problem="来电反映\n【12345工单 GD-9｜咨询】派单时间：今天")
    hotline_case(demo["officer"], "GD-10", problem="来电反映\n【12345工单 GD-10｜投诉】")
    page = as_user("office").get("/cases/?request_type=咨询")
    assert rows(page) == 1 and older.number in page.content.decode()


def test_the_list_form_offers_the_five_request_types(as_user):
    page = as_user("office").get("/cases/").content.decode()
    assert 'name="request_type"' in page
    assert all(f'<option value="{kind}"' in page for kind in ("咨询", "求助", "建议", "投诉", "举报"))
