"""``{% rating_loops case %}`` on the case page; ``reopen_flag`` for lists."""

from __future__ import annotations

from typing import Any

from django import template

from bancheng.domain.errors import DomainError
from bancheng.domain.policy import Policy
from bancheng.domain.ratings import reopen_flagged
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
def reopen_flag(case: Any) -> bool:
    """Whether the case was reopened at least the policy's number of times (重办≥3次)."""
    return reopen_flagged(case.reopen_count, policy_of(None).reopen_flag_threshold)


@register.simple_tag(takes_context=True)
def reopen_threshold(context: Any) -> int:
    """The policy's reopen flag threshold for a case table: ``reopen_at`` or the ``policy`` the page already
    has, else the policy in force, looked up once per request."""
    if isinstance(context.get("reopen_at"), int):
        return int(context["reopen_at"])
    policy = context.get("policy")
    if isinstance(policy, Policy):
        return policy.reopen_flag_threshold
    request = context.get("request")
    cached = getattr(request, "_reopen_flag_threshold", None)
    if cached is not None:
        return int(cached)
    try:
        found = policy_of(None).reopen_flag_threshold
    except DomainError:  # no policy published yet: the default
        found = REDO_DEFAULT
    if request is not None:
        request._reopen_flag_threshold = found
    return found
