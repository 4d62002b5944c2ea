from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bancheng.cases import actions as act
from bancheng.cases.selectors import cases_visible_to
from bancheng.search.actions import index_objects, reindex
from bancheng.search.models import SearchEntry
from bancheng.search.selectors import search
from tests.search.corpus import CASES
from tests.support import shanghai

pytestmark = pytest.mark.django_db


def _first(user, query, **kw):
    page = search(user, query, kinds=("case",), **kw)
    assert page.hits, f"no hit for {query!r}"
    return page.hits[0]


def _index_of(business: str, fragment: str) -> int:
    return next(i for i, (b, p) in enumerate(CASES) if b == business and fragment in p)


def _transfer(org, case, *, now):
    """Assess the case as a difficult one and transfer it to DEP-1."""
    act.assess_case(
        case,
        actor=org.officer,
        category="withdrawal",
        nature="service",
        case_class="difficult",
        disposal="transfer",
        now=now,
    )
    act.transfer_case(case, actor=org.officer, to=[act.TransferTo(org.unit("DEP-1").pk, "请核实")], now=now)


PARAPHRASES = [
    ("提取公积金 缺封存证明", "住房公积金提取", "封存证明开不出来"),
    ("公积金提取租房合同没备案", "住房公积金提取", "租赁合同备案"),
    ("二手房 契税 过户来回跑", "不动产登记", "契税完税证明"),
    ("养老保险转移接续办不了", "社保关系转移", "养老保险关系"),
    ("档案丢了没法办退休", "退休手续", "档案丢失"),
    ("异地住院医保报销被拒", "医保报销", "转诊备案"),
    ("注销公司 清税 推诿", "营业执照注销", "先清税"),
    ("购房提取没有网签备案号", "公积金提取", "网签备案号"),
    ("居住证续签社保断缴", "居住证办理", "连续缴满半年"),
]


@pytest.mark.parametrize(("query", "business", "fragment"), PARAPHRASES)
def test_a_paraphrased_query_puts_the_right_case_first(org, corpus, query, business, fragment):
    expected = corpus[_index_of(business, fragment)]
    hit = _first(org.office, query)
    assert (hit.kind, hit.object_id) == ("case", expected.pk), hit.title
    assert hit.url == f"/cases/{expected.pk}/"
    assert "<mark>" in hit.snippet_html


def test_a_case_with_all_query_words_ranks_before_cases_with_some(org, corpus):
    page = search(org.office, "抵押登记 放款", kinds=("case",))
    assert page.hits[0].object_id == corpus[_index_of("不动产抵押登记", "放款")].pk
    assert page.hits[0].score > page.hits[1].score
    assert page.total == len(page.hits) > 1
    assert page.query_terms == ("抵押", "登记", "放款")


def test_a_handler_sees_only_hits_of_cases_transferred_to_the_unit(
    org, corpus, django_capture_on_commit_callbacks
):
    case = corpus[_index_of("住房公积金提取", "封存证明")]
    now = shanghai(2026, 3, 2, 10)
    with django_capture_on_commit_callbacks(execute=True):
        _transfer(org, case, now=now)
    own = search(org.handler, "封存证明", kinds=("case",))
    assert [h.object_id for h in own.hits] == [case.pk]
    other = search(org.handler2, "封存证明")
    assert [h for h in other.hits if h.kind == "case"] == []


@pytest.mark.parametrize(
    "who", ["officer", "officer2", "handler", "unithead", "handler2", "office", "leader"]
)
def test_the_case_hits_of_a_person_are_the_cases_visible_to_them(
    org, corpus, who, django_capture_on_commit_callbacks
):
    now = shanghai(2026, 3, 2, 10)
    with django_capture_on_commit_callbacks(execute=True):
        for case in corpus[:5]:
            _transfer(org, case, now=now)
    user = getattr(org, who)
    found = {h.object_id for h in search(user, "公积金 社保 登记 办理 证明", kinds=("case",), limit=100).hits}
    matching = {pk for pk in SearchEntry.objects.filter(kind="case").values_list("object_id", flat=True)}
    visible = set(cases_visible_to(user).values_list("pk", flat=True))
    all_hits = {
        h.object_id for h in search(org.office, "公积金 社保 登记 办理 证明", kinds=("case",), limit=100).hits
    }
    assert matching >= all_hits
    assert found == all_hits & visible


def test_exclude_case_id_leaves_that_case_out(org, corpus):
    case = corpus[0]
    assert case.pk not in {h.object_id for h in search(org.office, "封存证明", exclude_case_id=case.pk).hits}


def test_snippets_and_titles_never_show_the_requesters_name_or_phone(
    org, corpus, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = org.register(
            shanghai(2026, 3, 3, 9),
            business="住房公积金提取",
            problem="赵小明（电话13700001111，身份证110101199003071234）说封存证明开不出来，联系人座机024-23456789",
            requester_name="赵小明",
            requester_phone="13700001111",
        )
    hit = next(h for h in search(org.office, "赵小明 封存证明").hits if h.object_id == case.pk)
    for secret in ("赵小明", "13700001111", "110101199003071234", "23456789"):
        assert secret not in hit.snippet_html
        assert secret not in hit.title
        assert secret not in SearchEntry.objects.get(kind="case", object_id=case.pk).terms
    assert "<mark>封存证明</mark>" in hit.snippet_html


def test_a_case_is_found_by_its_answer_right_after_the_action_commits(
    org, django_capture_on_commit_callbacks
):
    now = shanghai(2026, 3, 3, 9)
    with django_capture_on_commit_callbacks(execute=True):
        case = org.register(now, business="供水过户", problem="水费户名要过户")
        act.assess_case(
            case,
            actor=org.officer,
            category="withdrawal",
            nature="service",
            case_class="general",
            disposal="on_the_spot",
            now=now,
        )
    assert search(org.office, "自来水公司 容缺受理").hits == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        act.resolve_on_the_spot(
            case, actor=org.officer, resolution="已联系自来水公司，按容缺受理先办过户", now=now
        )
    assert callbacks, "indexing is scheduled after commit"
    hit = search(org.office, "自来水公司 容缺受理").hits[0]
    assert hit.object_id == case.pk
    assert "<mark>自来水公司</mark>" in hit.snippet_html


def test_indexing_an_unchanged_case_writes_nothing(org, corpus):
    assert index_objects("case", [corpus[0].pk]) == 0
    assert reindex("case")["case"] == len(corpus)


def test_an_empty_or_wordless_query_gives_an_empty_page(org, corpus):
    for query in ("", "   ", "，。！", "的了吗"):
        page = search(org.office, query)
        assert page.hits == [] and page.total == 0


def test_paging_counts_beyond_the_page(org, corpus):
    first = search(org.office, "公积金", kinds=("case",), limit=3)
    second = search(org.office, "公积金", kinds=("case",), limit=3, offset=3)
    assert len(first.hits) == 3 and first.total >= 6
    assert not {h.object_id for h in first.hits} & {h.object_id for h in second.hits}


def test_a_search_runs_a_fixed_number_of_queries(org, corpus):
    search(org.officer, "公积金")  # load the segmenter and the backup-officer lookup path once
    with CaptureQueriesContext(connection) as office:
        search(org.office, "公积金", limit=3)
    with CaptureQueriesContext(connection) as officer:
        search(org.officer, "公积金", limit=3)
    assert len(office) == 2  # the page and its count
    assert len(officer) == 3  # plus the officers this one backs up


def test_the_id_windows_of_postgresql_change_no_hit(org, corpus, monkeypatch):
    from bancheng.search import selectors

    queries = [q for q, _, _ in PARAPHRASES] + ["公积金", "登记 证明"]
    wide = [[h.object_id for h in search(org.office, q, limit=50).hits] for q in queries]
    monkeypatch.setattr(selectors, "ID_WINDOWS", (3, 12))
    monkeypatch.setattr(selectors, "_newest", [0.0, -1e9])  # read the newest id again
    narrow = [[h.object_id for h in search(org.office, q, limit=50).hits] for q in queries]
    assert narrow == wide


@pytest.mark.parametrize(
    "query",
    [
        '公积金" OR 1=1 --',
        "AND OR NOT",
        "NEAR(公积金 提取)",
        "提取*",
        "c++ 公积金",
        "'; DROP TABLE x; --",
        "\\ % _ ^ :",
    ],
)
def test_operator_and_quote_characters_in_a_query_are_plain_text(org, corpus, query):
    page = search(org.office, query)
    assert all(h.kind in {"case", "article", "item"} for h in page.hits)


def test_a_whole_problem_text_as_query_finds_its_case_first_in_few_statements(org, corpus):
    business, problem = CASES[12]
    search(org.office, "公积金")
    with CaptureQueriesContext(connection) as statements:
        page = search(org.office, f"{business} {problem}", kinds=("case",), limit=5)
    assert page.hits[0].object_id == corpus[12].pk
    assert len(statements) <= 6  # at most five tiers for eight words, and the count
