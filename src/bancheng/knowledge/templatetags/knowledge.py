"""The case page's knowledge card: whether to offer 「生成知识条目」 (a done case, a drafter). No query."""

from __future__ import annotations

from typing import Any

from django import template

from bancheng.knowledge import permissions
from bancheng.knowledge.actions import DRAFTABLE_CASE_STATES

register = template.Library()


@register.simple_tag(takes_context=True)
def case_knowledge(context: template.Context, case: Any) -> dict[str, bool]:
    user = context.get("user")
    may_draft = case.state in DRAFTABLE_CASE_STATES and permissions.may_draft(user)
    return {"show": may_draft, "may_draft": may_draft}
