"""Reading the knowledge base, scoped to the viewer: published articles for everyone signed in; drafts, those
under review and withdrawn ones only for their author and the editors."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from bancheng.domain.articles import ArticleStatus
from bancheng.domain.errors import NotFound
from bancheng.knowledge import permissions
from bancheng.knowledge.models import Article, ArticleVersion


def articles_visible_to(user: Any) -> QuerySet[Article]:
    """Every article ``user`` may read, newest change first, with the people on it loaded."""
    articles = Article.objects.select_related("author", "reviewer", "source_case")
    if getattr(user, "role", None) is None or not getattr(user, "is_active", False):
        return articles.none()
    if permissions.is_editor(user):
        return articles
    return articles.filter(Q(status=ArticleStatus.PUBLISHED) | Q(author_id=user.pk))


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).order_by("-published_at", "-pk")


def get_article_for_user(user: Any, pk: int) -> Article:
    """One article the user may read; one they may not read is as absent as one that does not exist."""
    article = articles_visible_to(user).filter(pk=pk).first()
    if article is None:
        raise NotFound("knowledge.not_found", "知识条目不存在或您无权查看", {"article": pk})
    return article


def review_queue(user: Any) -> QuerySet[Article]:
    """Articles waiting for review, oldest submission first (editors only)."""
    permissions.require_editor(user)
    return (
        Article.objects.filter(status=ArticleStatus.IN_REVIEW)
        .select_related("author", "source_case")
        .order_by("submitted_at", "pk")
    )


def article_versions(article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.select_related("author").order_by("-number")


def get_version(article: Article, number: int) -> ArticleVersion:
    version = article.versions.select_related("author").filter(number=number).first()
    if version is None:
        raise NotFound(
            "knowledge.version_not_found", "该版本不存在", {"article": article.pk, "number": number}
        )
    return version


def articles_from_case(user: Any, case: Any) -> QuerySet[Article]:
    """The articles drafted from ``case`` that ``user`` may read (the case page's knowledge card)."""
    return articles_visible_to(user).filter(source_case=case).order_by("-pk")
