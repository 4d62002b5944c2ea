"""``{% rating_loops case %}`` on the case page; ``redo_flag`` for lists."""

from __future__ import annotations

from typing import Any

from django import template

from bancheng.domain.errors import DomainError
from bancheng.domain.policy import Policy
from bancheng.domain.ratings import redo_flagged
from bancheng.policies.services import policy_of
from bancheng.ratings.selectors import case_loops

register = template.Library()
REDO_DEFAULT = 3


@register.inclusion_tag("ratings/_case_loops.html", takes_context=True)
def rating_loops(context: dict[str, Any], case: Any, policy: Policy) -> dict[str, Any]:
    """The case's bad-rating loops, with the buttons the viewer may press now; no query at all when none of
    the case's visits (``visits`` of the case page) gave a bad rating."""
    visits = context.get("visits") or []
    bad = any(v.satisfaction in policy.bad_rating for v, _ in visits)
    return {
        "case": case,
        "loops": case_loops(context["request"].user, case) if bad else [],
        "labels": {c.code: c.label for c in policy.satisfaction_scale},
    }


@register.filter
def redo_flag(case: Any) -> bool:
    """Whether the case was reopened at least the policy's number of times (重办≥3次)."""
    return redo_flagged(case.reopen_count, policy_of(None).redo_flag_threshold)


@register.simple_tag(takes_context=True)
def redo_threshold(context: Any) -> int:
    """The policy's redo flag threshold for a case table: ``redo_at`` or the ``policy`` the page already
    has, else the policy in force, looked up once per request."""
    if isinstance(context.get("redo_at"), int):
        return int(context["redo_at"])
    policy = context.get("policy")
    if isinstance(policy, Policy):
        return policy.redo_flag_threshold
    request = context.get("request")
    cached = getattr(request, "_redo_flag_threshold", None)
    if cached is not None:
        return int(cached)
    try:
        found = policy_of(None).redo_flag_threshold
    except DomainError:  # no policy published yet: the default
        found = REDO_DEFAULT
    if request is not None:
        request._redo_flag_threshold = found
    return found
