"""The evaluation table of a period: who may see it, and the units scored under the policy in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bancheng.domain.errors import PermissionDenied
from bancheng.domain.evaluation import EvaluationPeriod, EvaluationRules, UnitResult, evaluate
from bancheng.evaluation import queries
from bancheng.org.choices import Role
from bancheng.policies.services import policy_of

# The center office evaluates (seed 000 三(五)6: 中心办公室将根据办理情况进行考核评价); leaders and customer
# service read the results, the auditor checks them. Everyone else, the administrator included, is refused.
MAY_SEE = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.LEADER, Role.AUDITOR}


def check_may_see_evaluation(user: Any) -> None:
    if getattr(user, "role", None) not in MAY_SEE:
        raise PermissionDenied(
            "evaluation.forbidden", "只有中心办公室、客户服务部、领导和审计可以查看单位考核"
        )


@dataclass(frozen=True)
class Evaluation:
    period: EvaluationPeriod
    rules: EvaluationRules
    results: list[UnitResult]
    as_of: datetime


def evaluation_of(period: EvaluationPeriod, *, as_of: datetime) -> Evaluation:
    """Every unit with anything in ``period``, scored under the policy in force, best first."""
    policy = policy_of(None)
    counts = queries.unit_counts(period.span, as_of=as_of, bad_rating=policy.bad_rating)
    return Evaluation(period, policy.evaluation, evaluate(counts, policy.evaluation), as_of)
