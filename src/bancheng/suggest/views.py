"""The live panel of the registration page: as the officer types the business and the problem, the
suggested category and handling unit (with confidence and deciding words), similar past cases the officer
may see, and matching knowledge articles and catalog items."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bancheng.cases import permissions
from bancheng.domain.errors import PermissionDenied
from bancheng.domain.lifecycle import CaseAction
from bancheng.suggest import learning, selectors
from bancheng.text.segment import words

log = logging.getLogger(__name__)

MIN_CHARACTERS = 4
MAX_CHARACTERS = 2000
HITS_PER_KIND = 5
KINDS = (("case", "相似的历史诉求"), ("article", "相关知识库文章"), ("item", "相关办事事项"))


def _require_register(user: object) -> None:
    if getattr(user, "role", None) not in permissions.ROLES_BY_ACTION[CaseAction.REGISTER]:
        raise PermissionDenied("auth.forbidden", "您的角色无权受理登记")


@login_required
@require_GET
def panel(request: HttpRequest) -> HttpResponse:
    _require_register(request.user)
    business = request.GET.get("business", "").strip()[:200]
    problem = request.GET.get("problem", "").strip()[:MAX_CHARACTERS]
    text = learning.case_text(business, problem).strip()
    context: dict[str, Any] = {"typed": len(text) >= MIN_CHARACTERS}
    if context["typed"]:
        suggestion = selectors.suggest(text)
        context["suggestion"] = suggestion
        context["models_exist"] = bool(suggestion.category_model_id or suggestion.unit_model_id)
        context["groups"] = _related(request.user, business, problem)
    return render(request, "suggest/_results.html", context)


def _related(user: Any, business: str, problem: str) -> list[dict[str, Any]]:
    """Hits of the full-text search per kind (only what the user may see: the search decides)."""
    try:
        from bancheng.search.selectors import search
    except ImportError:  # the search app is not installed
        return []
    # the words of the text, not its single characters (说, 要, 拒 …), so the hits share its topic
    query = " ".join(dict.fromkeys(w for w in words(f"{business}\n{problem}") if len(w) >= 2))[:200]
    groups = []
    for kind, title in KINDS:
        try:
            page = search(user, query, kinds=(kind,), limit=HITS_PER_KIND)
        except Exception:  # the panel is a help: a failing search must not break registration
            log.exception("search for the suggestion panel failed")
            return []
        groups.append({"kind": kind, "title": title, "hits": list(page.hits)})
    return groups
