"""The case page's knowledge card: on a done case, the articles drafted from it (one query, only for done
cases) and, for a drafter while none is in use, the 「生成知识条目」 button."""

from __future__ import annotations

from typing import Any

from django import template

from bancheng.domain.articles import ArticleStatus
from bancheng.knowledge import permissions, selectors
from bancheng.knowledge.actions import DRAFTABLE_CASE_STATES

register = template.Library()


@register.simple_tag(takes_context=True)
def case_knowledge(context: template.Context, case: Any) -> dict[str, Any]:
    user = context.get("user")
    if case.state not in DRAFTABLE_CASE_STATES:
        return {"show": False}
    articles = list(selectors.articles_from_case(user, case))
    in_use = any(a.status != ArticleStatus.WITHDRAWN for a in articles)
    may_draft = permissions.may_draft(user) and not in_use
    return {"show": may_draft or bool(articles), "may_draft": may_draft, "articles": articles}
