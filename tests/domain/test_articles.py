"""The knowledge article lifecycle table: which move is allowed in which status."""

from __future__ import annotations

import pytest

from bancheng.domain.articles import (
    EDITABLE,
    ArticleAction,
    ArticleStatus,
    allowed_actions,
    missing_for_review,
    next_status,
)
from bancheng.domain.errors import DomainError


def test_the_happy_path_runs_from_draft_through_review_to_published_and_withdrawn():
    status = ArticleStatus.DRAFT
    for action, expected in [
        (ArticleAction.SUBMIT, ArticleStatus.IN_REVIEW),
        (ArticleAction.PUBLISH, ArticleStatus.PUBLISHED),
        (ArticleAction.WITHDRAW, ArticleStatus.WITHDRAWN),
        (ArticleAction.REVISE, ArticleStatus.DRAFT),
    ]:
        status = next_status(status, action)
        assert status == expected


def test_an_article_under_review_can_be_sent_back_to_draft():
    assert next_status("in_review", "send_back_article") == ArticleStatus.DRAFT


def test_a_draft_cannot_be_published_without_review():
    with pytest.raises(DomainError) as refused:
        next_status("draft", "publish_article")
    assert refused.value.code == "article.not_allowed"
    assert refused.value.message == "知识条目草稿，不能审核发布"


def test_unknown_statuses_and_actions_are_refused_with_the_same_code():
    for status, action in [("lost", "submit_article"), ("draft", "delete_article")]:
        with pytest.raises(DomainError) as refused:
            next_status(status, action)
        assert refused.value.code == "article.not_allowed"


def test_allowed_actions_and_labels_per_status():
    assert allowed_actions("in_review") == [ArticleAction.PUBLISH, ArticleAction.SEND_BACK]
    assert allowed_actions("published") == [ArticleAction.WITHDRAW]
    assert [a.label for a in allowed_actions("draft")] == ["提交审核"]
    assert [s.label for s in ArticleStatus] == ["草稿", "待审核", "已发布", "已撤回"]
    assert ArticleStatus.WITHDRAWN not in EDITABLE


def test_the_fields_required_before_review_are_named_in_chinese():
    assert missing_for_review({"title": "标题", "problem": " ", "cause": "原因"}) == ["问题", "解决办法"]
    assert missing_for_review({"title": "a", "problem": "b", "cause": "c", "solution": "d"}) == []
