"""``{% rating_loops case %}`` on the case page; ``redo_flag`` for lists."""

from __future__ import annotations

from typing import Any

from django import template

from bancheng.domain.errors import DomainError
from bancheng.domain.ratings import redo_flagged
from bancheng.policies.services import policy_of
from bancheng.ratings.selectors import case_loops

register = template.Library()
REDO_DEFAULT = 3


@register.inclusion_tag("ratings/_case_loops.html", takes_context=True)
def rating_loops(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context["request"].user
    policy = policy_of(case.policy_version_id)
    return {
        "case": case,
        "loops": case_loops(user, case),
        "labels": {c.code: c.label for c in policy.satisfaction_scale},
    }


@register.filter
def redo_flag(case: Any) -> bool:
    """Whether the case was reopened at least the policy's number of times (重办≥3次)."""
    return redo_flagged(case.reopen_count, policy_of(None).redo_flag_threshold)


@register.simple_tag
def redo_threshold() -> int:
    try:
        return policy_of(None).redo_flag_threshold
    except DomainError:  # no policy published yet: the default
        return REDO_DEFAULT
