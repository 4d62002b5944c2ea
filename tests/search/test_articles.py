from __future__ import annotations

import pytest

from bancheng.search.selectors import search
from tests.support import shanghai

pytestmark = pytest.mark.django_db


def test_an_article_is_found_by_its_author_and_editors_unless_published_then_by_everyone(
    org, django_capture_on_commit_callbacks
):
    from bancheng.knowledge import actions as kn
    from bancheng.knowledge.drafting import ArticleFields

    now = shanghai(2026, 3, 4, 9)
    fields = ArticleFields(
        title="单位注销后如何开具公积金封存证明",
        problem="单位已注销，职工提取公积金时开不出封存证明",
        cause="单位注销前未办理账户封存",
        solution="由档案保管单位或主管部门出具证明，窗口按容缺受理先行办理提取",
        policy_basis="《住房公积金管理条例》第二十四条",
    )

    def found(who: str) -> set[int]:
        return {h.object_id for h in search(getattr(org, who), "封存证明 单位注销", kinds=("article",)).hits}

    with django_capture_on_commit_callbacks(execute=True):
        article = kn.create_article(fields, actor=org.officer, now=now)
    assert found("officer") == found("office") == found("service") == {article.pk}
    assert found("officer2") == found("handler") == found("leader") == set()

    with django_capture_on_commit_callbacks(execute=True):
        kn.submit_article(article, actor=org.officer, now=now)
        kn.publish_article(article, actor=org.office, now=now)
    assert found("officer2") == found("handler") == {article.pk}
    hit = search(org.handler, "封存证明", kinds=("article",)).hits[0]
    assert hit.url == f"/knowledge/articles/{article.pk}/"
    assert hit.title == fields.title

    with django_capture_on_commit_callbacks(execute=True):
        kn.withdraw_article(article, actor=org.office, reason="政策调整", now=now)
    assert found("office") == {article.pk}
    assert found("officer2") == found("handler") == set()
