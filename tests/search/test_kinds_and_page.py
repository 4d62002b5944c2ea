from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bancheng.search.actions import index_objects, index_pending, mark_pending, reindex
from bancheng.search.models import PendingIndex, SearchEntry
from bancheng.search.selectors import search
from tests.support import shanghai

pytestmark = pytest.mark.django_db


def _article_entry(pk: int, *, owner, restricted: bool) -> SearchEntry:
    return SearchEntry.objects.create(
        kind="article",
        object_id=pk,
        title="单位注销后公积金封存证明怎么开",
        body="单位注销的，由档案保管单位出具封存证明，可办理提取。",
        terms="单位 注销 公积金 封存 证明 封存证明 档案 保管 提取",
        owner_id=owner.pk,
        restricted=restricted,
        source_hash="x",
        indexed_at=timezone.now(),
    )


def test_a_draft_article_is_found_only_by_its_author_and_the_editors(org):
    _article_entry(501, owner=org.officer, restricted=True)
    _article_entry(502, owner=org.officer2, restricted=False)
    for who, expected in [
        ("officer", {501, 502}),
        ("office", {501, 502}),
        ("service", {501, 502}),
        ("admin", {501, 502}),
        ("officer2", {502}),
        ("handler", {502}),
        ("leader", {502}),
    ]:
        hits = search(getattr(org, who), "封存证明", kinds=("article",)).hits
        assert {h.object_id for h in hits} == expected, who
        assert all(h.url == f"/knowledge/articles/{h.object_id}/" for h in hits)


def _item(code: str, name: str, *, active: bool = True):
    from bancheng.catalog.models import ServiceItem

    return ServiceItem.objects.create(
        code=code,
        name=name,
        conditions="职工与单位终止劳动关系，账户封存满半年",
        procedure="窗口受理，审核后转账",
        materials=["身份证原件", "封存证明"],
        time_limit="5个工作日",
        is_active=active,
        updated_at=timezone.now(),
    )


def test_catalog_items_are_indexed_on_save_and_an_inactive_one_disappears(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = _item("GJJ-TQ-01", "离职提取住房公积金")
        _item("GJJ-TQ-09", "停用的提取事项", active=False)
    hits = search(org.handler2, "离职 提取公积金 封存证明", kinds=("item",)).hits
    assert [(h.kind, h.object_id) for h in hits] == [("item", item.pk)]
    assert hits[0].url == f"/catalog/{item.pk}/"
    assert "<mark>" in hits[0].snippet_html
    item.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        item.save()
    assert search(org.handler2, "离职 提取公积金", kinds=("item",)).hits == []
    assert reindex("item") == {"item": 0}


def test_batch_paths_mark_cases_pending_and_the_job_indexes_them(org):
    case = org.register(shanghai(2026, 3, 2, 9), business="低保申请", problem="低保材料交了两个月没有进度")
    assert not SearchEntry.objects.filter(kind="case", object_id=case.pk).exists()
    mark_pending("case", [case.pk, case.pk])
    assert PendingIndex.objects.count() == 1
    from bancheng.search.jobs import search_index

    assert search_index(timezone.now(), dry_run=True) == {"pending": 1}
    assert search_index(timezone.now()) == {"pending": 1, "written": 1}
    assert PendingIndex.objects.count() == 0
    assert search(org.office, "低保 没有进度").hits[0].object_id == case.pk
    assert index_pending() == {"pending": 0, "written": 0}
    assert index_objects("case", [case.pk]) == 0


def test_the_search_command_reindexes_a_kind(org, capsys):
    from django.core.management import call_command

    case = org.register(shanghai(2026, 3, 2, 9), business="残疾人补贴", problem="两项补贴停发")
    call_command("search", "reindex", "--kind", "case")
    assert "case: 1 rows" in capsys.readouterr().out
    assert SearchEntry.objects.filter(kind="case", object_id=case.pk).exists()


def _login(client, org, who="office"):
    client.force_login(getattr(org, who))


def test_the_search_page_shows_highlighted_hits_of_the_kind_chosen(client, org, corpus):
    _login(client, org)
    page = client.get("/search/", {"q": "提取公积金 缺封存证明"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<mark>封存证明</mark>" in html
    assert f'href="/cases/{corpus[0].pk}/"' in html
    assert html.index(f'href="/cases/{corpus[0].pk}/"') < html.index(f'href="/cases/{corpus[1].pk}/"')
    assert "13900000000" not in html and "张伟" not in html
    only_items = client.get("/search/", {"q": "公积金", "kind": "item"}).content.decode()
    assert "没有找到与“公积金”相关的内容" in only_items


def test_the_search_page_pages_through_hits(client, org, corpus):
    _login(client, org)
    first = client.get("/search/", {"q": "公积金 社保 登记 证明 办理"}).content.decode()
    assert "下一页" in first and "第 1 / 2 页" in first
    second = client.get("/search/", {"q": "公积金 社保 登记 证明 办理", "page": 2}).content.decode()
    assert "上一页" in second and 'start="21"' in second


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "输入事项名称、遇到的问题或办法中的词语"),
        ({"q": "的了吗"}, "里没有可检索的词"),
        ({"q": "查" * 101}, "检索内容过长，请不超过100个字"),
        ({"q": "公积金", "page": "x"}, "页码不正确"),
        ({"q": "公积金", "page": "51"}, "最多翻到第50页"),
        ({"q": "公积金", "kind": "nope"}, "检索范围不正确"),
    ],
)
def test_the_search_page_says_what_is_wrong_in_chinese(client, org, corpus, params, message):
    _login(client, org)
    page = client.get("/search/", params)
    assert page.status_code == 200
    assert message in page.content.decode()


def test_the_search_page_runs_a_fixed_number_of_queries(client, org, corpus):
    _login(client, org, "officer")
    client.get("/search/", {"q": "公积金"})
    with CaptureQueriesContext(connection) as many:
        client.get("/search/", {"q": "公积金"})
    with CaptureQueriesContext(connection) as one:
        client.get("/search/", {"q": "燃气"})
    with CaptureQueriesContext(connection) as four_words:
        client.get("/search/", {"q": "社保 医保 不动产 登记", "kind": "case"})
    # sign-in, header and the backup officers, then one statement per tier tried (a one-word query has one)
    assert len(many) == len(one) == 8, [q["sql"][:100] for q in many]
    assert len(four_words) <= 8 + 3


def test_the_top_navigation_has_a_search_box(client, org):
    _login(client, org, "handler")
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html
