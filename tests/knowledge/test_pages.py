"""The knowledge pages as each role: drafting from the case page, the list, the article, the edit form, the
review queue, the version history; drafts invisible to others; bad input a clear page, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from bancheng.knowledge import actions
from bancheng.knowledge.models import Article
from tests.knowledge.conftest import NAME, PHONE, at


@pytest.fixture
def as_user(org):
    def sign_in(username: str) -> Client:
        client = Client()
        client.force_login(org.people[username])
        return client

    return sign_in


@pytest.fixture
def published(org, draft):
    actions.submit_article(draft, actor=org.officer, now=at(6, 11))
    return actions.publish_article(draft, actor=org.office, now=at(6, 12))


def test_the_case_page_of_a_closed_case_offers_the_button_and_drafts_in_one_click(as_user, closed_case):
    officer = as_user("officer")
    page = officer.get(f"/cases/{closed_case.pk}/")
    assert page.status_code == 200 and "生成知识条目" in page.content.decode()
    response = officer.post(f"/knowledge/from-case/{closed_case.pk}/")
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/knowledge/articles/{article.pk}/"
    body = officer.get(response["Location"]).content.decode()
    assert "已隐去诉求人个人信息" in body and NAME not in body and PHONE not in body
    again = officer.post(f"/knowledge/from-case/{closed_case.pk}/")
    assert again["Location"] == f"/knowledge/articles/{article.pk}/" and Article.objects.count() == 1
    case_page = officer.get(f"/cases/{closed_case.pk}/").content.decode()
    assert (
        f'href="/knowledge/articles/{article.pk}/"' in case_page and "生成知识条目</button>" not in case_page
    )
    other = as_user("officer2").get(f"/cases/{closed_case.pk}/").content.decode()  # the draft is not theirs
    assert f"/knowledge/articles/{article.pk}/" not in other and "生成知识条目</button>" in other


def test_an_open_case_page_has_no_button_and_a_forced_post_is_refused_in_chinese(as_user, open_case):
    officer = as_user("officer")
    assert "生成知识条目" not in officer.get(f"/cases/{open_case.pk}/").content.decode()
    response = officer.post(f"/knowledge/from-case/{open_case.pk}/", follow=True)
    assert response.status_code == 200 and "尚未办结" in response.content.decode()
    assert not Article.objects.exists()


def test_roles_that_may_not_draft_see_no_button(as_user, closed_case):
    for who in ("leader", "auditor"):
        page = as_user(who).get(f"/cases/{closed_case.pk}/")
        assert page.status_code == 200 and "生成知识条目" not in page.content.decode()
    assert as_user("leader").post(f"/knowledge/from-case/{closed_case.pk}/").status_code == 403


def test_drafts_are_invisible_to_other_users_but_seen_by_author_and_editors(as_user, draft):
    url = f"/knowledge/articles/{draft.pk}/"
    for who in ("officer", "office", "service", "admin"):
        assert as_user(who).get(url).status_code == 200, who
        assert draft.title in as_user(who).get("/knowledge/").content.decode(), who
    for who in ("officer2", "handler", "leader", "auditor"):
        client = as_user(who)
        assert client.get(url).status_code == 404, who
        assert client.get(f"{url}versions/").status_code == 404, who
        assert client.get(f"/knowledge/cards/article/{draft.pk}.pdf").status_code == 404, who
        assert draft.title not in client.get("/knowledge/").content.decode(), who


def test_a_published_article_is_read_by_everyone_signed_in(as_user, published, client):
    for who in ("officer2", "handler", "unithead", "leader", "auditor"):
        page = as_user(who).get(f"/knowledge/articles/{published.pk}/")
        assert page.status_code == 200 and "打印指南卡片" in page.content.decode()
        assert published.title in as_user(who).get("/knowledge/").content.decode()
    assert client.get(f"/knowledge/articles/{published.pk}/").status_code == 302  # not signed in


def test_the_review_queue_is_the_editors(as_user, org, draft):
    actions.submit_article(draft, actor=org.officer, now=at(6, 11))
    queue = as_user("office").get("/knowledge/review/")
    assert queue.status_code == 200 and draft.title in queue.content.decode()
    assert as_user("officer").get("/knowledge/review/").status_code == 403


def test_submit_publish_send_back_and_withdraw_through_the_pages(as_user, draft):
    officer, office = as_user("officer"), as_user("office")
    base = f"/knowledge/articles/{draft.pk}"
    assert officer.post(f"{base}/submit/", {"version": 1}).status_code == 302
    assert office.post(f"{base}/send_back/", {"version": 1, "reason": ""}, follow=True).status_code == 200
    draft.refresh_from_db()
    assert draft.status == "in_review"  # no reason: refused with a message
    office.post(f"{base}/send_back/", {"version": 1, "reason": "请补充政策依据"})
    draft.refresh_from_db()
    assert draft.status == "draft" and "请补充政策依据" in officer.get(f"{base}/").content.decode()
    officer.post(f"{base}/submit/", {"version": 1})
    assert officer.post(f"{base}/publish/", {"version": 1}).status_code == 403
    office.post(f"{base}/publish/", {"version": 1})
    draft.refresh_from_db()
    assert draft.status == "published"
    office.post(f"{base}/withdraw/", {"version": 1, "reason": "政策调整"})
    draft.refresh_from_db()
    assert draft.status == "withdrawn"
    assert as_user("leader").get(f"{base}/").status_code == 404


def test_a_stale_form_gets_the_conflict_page(as_user, draft):
    office = as_user("office")
    response = office.post(f"/knowledge/articles/{draft.pk}/submit/", {"version": 7})
    assert response.status_code == 409 and "已被他人修改" in response.content.decode()
    assert office.post(f"/knowledge/articles/{draft.pk}/nonsense/", {"version": 1}).status_code == 404
    assert office.post(f"/knowledge/articles/{draft.pk}/submit/", {"version": "x"}).status_code == 409


def form_data(article: Article, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": article.title,
        "problem": article.problem,
        "cause": article.cause,
        "solution": article.solution,
        "policy_basis": article.policy_basis,
        "categories": list(article.categories),
        "version": article.version,
        "note": "",
    }
    data.update(changes)
    return data


def test_the_edit_form_saves_a_new_version_and_the_history_shows_both(as_user, draft):
    officer = as_user("officer")
    url = f"/knowledge/articles/{draft.pk}/edit/"
    assert officer.get(url).status_code == 200
    response = officer.post(url, form_data(draft, title="离职提取被退回怎么办", note="改标题"))
    assert response.status_code == 302
    history = officer.get(f"/knowledge/articles/{draft.pk}/versions/").content.decode()
    assert "第1版" in history and "第2版" in history and "改标题" in history
    old = officer.get(f"/knowledge/articles/{draft.pk}/versions/1/").content.decode()
    assert "离职提取住房公积金" in old
    assert officer.get(f"/knowledge/articles/{draft.pk}/versions/9/").status_code == 404


def test_bad_edit_input_is_a_400_with_the_form_and_a_stale_one_a_409(as_user, draft):
    officer = as_user("officer")
    url = f"/knowledge/articles/{draft.pk}/edit/"
    assert officer.post(url, form_data(draft, title="")).status_code == 400
    assert officer.post(url, form_data(draft, categories=["nope"])).status_code == 400
    officer.post(url, form_data(draft, title="新标题"))
    assert officer.post(url, form_data(draft, title="又一个")).status_code == 409
    assert as_user("officer2").get(url).status_code == 404
    assert as_user("office").get(url).status_code == 200


def test_a_new_article_from_scratch(as_user):
    office = as_user("office")
    assert office.get("/knowledge/articles/new/").status_code == 200
    response = office.post(
        "/knowledge/articles/new/",
        {"title": "租房提取", "problem": "租房提取被退回", "categories": ["withdrawal"]},
    )
    article = Article.objects.get()
    assert response["Location"] == f"/knowledge/articles/{article.pk}/"
    assert office.post("/knowledge/articles/new/", {"title": "", "problem": ""}).status_code == 400
    assert as_user("handler").get("/knowledge/articles/new/").status_code == 403


def test_the_list_filters_published_articles_by_category(as_user, published):
    client = as_user("handler")
    assert published.title in client.get("/knowledge/?category=withdrawal").content.decode()
    assert published.title not in client.get("/knowledge/?category=loan").content.decode()
    assert client.get("/knowledge/?category=junk&page=x").status_code == 200


def test_the_navigation_links_the_knowledge_base(as_user):
    assert 'href="/knowledge/"' in as_user("handler").get("/knowledge/").content.decode()


def test_the_knowledge_events_are_labelled_on_the_audit_page(as_user, draft):
    page = as_user("auditor").get("/audit/?stream=knowledge").content.decode()
    assert "由诉求件生成知识条目" in page


def test_the_list_costs_the_same_queries_whatever_the_number_of_articles(as_user, org, published):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bancheng.knowledge.drafting import ArticleFields

    client = as_user("office")
    client.get("/knowledge/")  # warm the policy cache
    with CaptureQueriesContext(connection) as one:
        client.get("/knowledge/")
    for n in range(4):
        extra = actions.create_article(
            ArticleFields(title=f"条目{n}", problem="问题", cause="原因", solution="办法"), actor=org.officer2
        )
        if n % 2:
            actions.submit_article(extra, actor=org.officer2)
            actions.publish_article(extra, actor=org.office)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/knowledge/")
    assert "条目3" in page.content.decode() and "条目0" in page.content.decode()
    assert len(many) == len(one)
