"""A deployment's policy: classes and their limits, what "prompt" means, warning thresholds, escalation
levels, categories, natures, the satisfaction scale, the closing rule, the ledger layout and the forms.

Policy is data: an administrator edits it and publishes a new version; a case keeps the version it was
assessed under. Three presets carry exactly the rules of the source documents:
``shenyang`` (seed 000), ``shanting`` (seed 001) and ``putuo`` (seed 004).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

from bancheng.domain.deadlines import IMMEDIATELY, Limit, LimitUnit, PauseMode
from bancheng.domain.errors import DomainError
from bancheng.domain.evaluation import EvaluationRules
from bancheng.domain.hotline import limit_problems as hotline_limit_problems
from bancheng.domain.kpi import DEFAULT_WEIGHTS, Kpi
from bancheng.domain.recurring import Rule


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class CaseClass:
    """A difficulty class (一般/困难/特殊 or 简单/一般/复杂) and its feedback limit."""

    code: str
    label: str
    feedback_limit: Limit
    description: str = ""
    handled_at_level: int = 0  # the escalation level a case of this class starts at


@dataclass(frozen=True)
class EscalationLevel:
    level: int
    code: str
    label: str


@dataclass(frozen=True)
class KpiWeight:
    """The weight of one of the rates (``kpi.Kpi`` code) in the composite score (综合得分)."""

    kpi: str
    weight: float


# The composite score's weights: the three "100%" goals (seed 000) and the hotline's three rates (响应率、
# 解决率、满意率, seed 002); they sum to 1.
KPI_WEIGHTS = tuple(KpiWeight(k.value, w) for k, w in DEFAULT_WEIGHTS.items())
WEIGHTED_KPIS = tuple(DEFAULT_WEIGHTS)
DEFAULT_EVALUATION = EvaluationRules()


@dataclass(frozen=True)
class LedgerColumn:
    """One column of the ledger: its heading, the group heading above it, and the case field it shows."""

    label: str
    source: str
    group: str = ""


def _days(n: int) -> Limit:
    return Limit(n, LimitUnit.WORKING_DAYS)


TEN_MINUTES = Limit(10, LimitUnit.BUSINESS_MINUTES)
TWO_DAYS = Limit(2, LimitUnit.WORKING_DAYS)
HOTLINE_LIMITS: tuple[tuple[str, int], ...] = (
    ("咨询", 2),
    ("求助", 10),
    ("建议", 10),
    ("投诉", 15),
    ("举报", 15),
)
# 差评整改: the seeds ask for rectification (seed 000 事后回访 "做好整改工作", 按期整改率) without a number;
# 5 working days is the common local 好差评 rule ("5个工作日内整改反馈"), editable by the administrator.
RECTIFY_DAYS = Limit(5, LimitUnit.WORKING_DAYS)

SCOPE_EXCLUSIONS = (
    Choice("petition", "信访事项", "依照《信访工作条例》向信访部门反映"),
    Choice("discipline", "纪检监察事项", "向纪检监察机关反映"),
    Choice("litigation", "涉法涉诉事项", "通过诉讼、仲裁、行政复议等法定途径解决"),
    Choice("forbidden", "法律法规禁止办理的事项", "依法不能办理，向诉求人说明依据"),
)

THREE_LEVELS = (
    Choice("satisfied", "满意"),
    Choice("basically_satisfied", "基本满意"),
    Choice("unsatisfied", "不满意"),
)

FIVE_LEVELS = (  # 好差评, the national rating scale
    Choice("very_satisfied", "非常满意"),
    Choice("satisfied", "满意"),
    Choice("basically_satisfied", "基本满意"),
    Choice("unsatisfied", "不满意"),
    Choice("very_unsatisfied", "非常不满意"),
)

NATURES = (
    Choice("policy", "政策类", "政策规定不明确、不合理或衔接不畅"),
    Choice("service", "服务类", "服务态度、作风、效率问题"),
    Choice("business_environment", "营商环境类", "影响企业办事的堵点难点"),
    Choice("other", "其他"),
)

DISPOSALS = (
    Choice("on_the_spot", "当场办结"),
    Choice("transfer", "转办"),
    Choice("escalate", "提级办理"),
)

LEVELS = (
    EscalationLevel(0, "window", "窗口办理专员"),
    EscalationLevel(1, "unit_head", "部门负责人"),
    EscalationLevel(2, "customer_service", "客户服务部 / 领导小组办公室"),
    EscalationLevel(3, "leadership", "领导小组 / 主任办公会"),
)


@dataclass(frozen=True)
class Policy:
    preset: str
    name: str
    classes: tuple[CaseClass, ...]
    categories: tuple[Choice, ...]
    ledger_layout: tuple[LedgerColumn, ...]
    forms: tuple[Choice, ...]
    case_number_prefix: str
    prompt_transfer_limit: Limit = IMMEDIATELY  # 即时转办: by close of business of the registration day
    response_limit: Limit = TEN_MINUTES  # seed 000: 10分钟内将相关部门人员召集至窗口
    due_soon_minutes: int = 180  # business minutes before due: 3 business hours by default
    calendar_cap_days: int | None = None
    pause_mode: PauseMode = PauseMode.EXTEND
    extension_requires_approval: bool = True
    extension_approver_roles: tuple[str, ...] = ("unit_head", "leader")
    escalation_levels: tuple[EscalationLevel, ...] = LEVELS
    natures: tuple[Choice, ...] = NATURES
    disposals: tuple[Choice, ...] = DISPOSALS
    out_of_scope_reasons: tuple[Choice, ...] = SCOPE_EXCLUSIONS
    satisfaction_scale: tuple[Choice, ...] = THREE_LEVELS
    closing_satisfaction: tuple[str, ...] = ("satisfied", "basically_satisfied")
    bad_rating: tuple[str, ...] = ("unsatisfied",)
    weekend_service: bool = False
    notice_answer_limit: Limit = TWO_DAYS
    supervision_after_overdue: bool = True
    kpi_weights: tuple[KpiWeight, ...] = KPI_WEIGHTS
    evaluation: EvaluationRules = DEFAULT_EVALUATION
    rectify_limit: Limit = RECTIFY_DAYS  # a bad rating's rectification, from its assignment to the unit
    reopen_flag_threshold: int = 3  # cases reopened (重办) this many times or more are flagged
    # The weekly recurring-problem groups (domain/recurring.py): look-back in weeks, distinct requesters, cosine.
    recurring_lookback_weeks: int = 4
    recurring_min_requesters: int = 3
    recurring_similarity: float = 0.4
    # The 12345 platform's own time limit per 诉求类型, in working days (the hotline work order's second clock).
    hotline_limits: tuple[tuple[str, int], ...] = HOTLINE_LIMITS

    def hotline_limit(self, request_type: str) -> Limit | None:
        """The 12345 platform's limit for a work order of ``request_type`` (None when it sets none)."""
        for kind, days in self.hotline_limits:
            if kind == request_type:
                return Limit(days, LimitUnit.WORKING_DAYS)
        return None

    def recurring_rule(self) -> Rule:
        """The settings of the weekly recurring-problem groups."""
        return Rule(self.recurring_lookback_weeks, self.recurring_min_requesters, self.recurring_similarity)

    def case_class(self, code: str) -> CaseClass:
        return _find(self.classes, code, "policy.unknown_class", "问题类型")

    def category(self, code: str) -> Choice:
        return _find(self.categories, code, "policy.unknown_category", "事项分类")

    def nature(self, code: str) -> Choice:
        return _find(self.natures, code, "policy.unknown_nature", "问题性质")

    def out_of_scope_reason(self, code: str) -> Choice:
        return _find(self.out_of_scope_reasons, code, "policy.unknown_out_of_scope_reason", "不予受理理由")

    def satisfaction(self, code: str) -> Choice:
        return _find(self.satisfaction_scale, code, "policy.unknown_satisfaction", "满意度")

    def escalation_level(self, level: int) -> EscalationLevel:
        for item in self.escalation_levels:
            if item.level == level:
                return item
        raise DomainError("policy.unknown_level", f"处理层级 {level} 不存在", {"level": level})

    @property
    def max_escalation_level(self) -> int:
        return max(item.level for item in self.escalation_levels)

    def problems(self) -> list[str]:
        """What makes this policy unusable, in Chinese; empty when it can be published."""
        found = []
        for name in ("classes", "categories", "satisfaction_scale", "ledger_layout", "escalation_levels"):
            if not getattr(self, name):
                found.append(f"{_LABELS[name]}不能为空")
        for name in (
            "classes",
            "categories",
            "natures",
            "disposals",
            "out_of_scope_reasons",
            "satisfaction_scale",
        ):
            codes = [item.code for item in getattr(self, name)]
            if len(codes) != len(set(codes)):
                found.append(f"{_LABELS[name]}的代码不能重复")
        scale = {c.code for c in self.satisfaction_scale}
        if not set(self.closing_satisfaction) <= scale or not set(self.bad_rating) <= scale:
            found.append("可办结的满意度和差评须取自满意度等级")
        levels = sorted(item.level for item in self.escalation_levels)
        if levels != list(range(len(levels))):
            found.append("处理层级须从 0 起连续编号")
        if any(c.handled_at_level not in levels for c in self.classes):
            found.append("问题类型的起始处理层级不存在")
        if self.calendar_cap_days is not None and self.calendar_cap_days <= 0:
            found.append("自然日上限须大于 0")
        if self.due_soon_minutes < 0:
            found.append("预警时间不能为负数")
        if self.reopen_flag_threshold < 1:
            found.append("重办标记次数须至少为 1")
        found += self.recurring_rule().problems()
        found += hotline_limit_problems(self.hotline_limits)
        if not {"transfer", "on_the_spot"} <= {d.code for d in self.disposals}:
            found.append("处理方式须包含当场办结和转办")
        found += self.weight_problems()
        found += self.evaluation.problems()
        return found

    def weight_problems(self) -> list[str]:
        """The composite score's weights: known rates, each once, none negative, summing to 1."""
        found = []
        codes = [w.kpi for w in self.kpi_weights]
        if not set(codes) <= {k.value for k in WEIGHTED_KPIS} or len(codes) != len(set(codes)):
            found.append(
                "综合得分权重须取自即时转办率、按期答复率、按期整改率、响应率、解决率、满意率，且不能重复"
            )
        if any(w.weight < 0 for w in self.kpi_weights):
            found.append("综合得分权重不能为负数")
        if abs(sum(w.weight for w in self.kpi_weights) - 1) > 1e-6:
            found.append("综合得分各项权重之和须为 100%")
        return found

    @property
    def weights(self) -> dict[Kpi, float]:
        """The composite score's weights by KPI, for ``kpi.composite_score``."""
        return {Kpi(w.kpi): w.weight for w in self.kpi_weights}


_Coded = TypeVar("_Coded", Choice, CaseClass)

_LABELS = {
    "classes": "问题类型",
    "categories": "事项分类",
    "natures": "问题性质",
    "disposals": "处理方式",
    "out_of_scope_reasons": "不予受理理由",
    "satisfaction_scale": "满意度等级",
    "ledger_layout": "台账列",
    "escalation_levels": "处理层级",
}


def _find(items: tuple[_Coded, ...], code: str, error: str, what: str) -> _Coded:
    for item in items:
        if item.code == code:
            return item
    raise DomainError(error, f"{what}“{code}”不在现行政策中", {"code": code})


# ---- presets ---------------------------------------------------------------------------------------

SHENYANG = Policy(
    preset="shenyang",
    name="沈阳住房公积金管理中心“办不成事”反映窗口",
    case_number_prefix="SY",
    classes=(
        CaseClass("general", "一般问题", _days(1), "问题简单，事实清楚，能够现场沟通化解，当即解决"),
        CaseClass(
            "difficult", "困难问题", _days(5), "涉及跨部门、跨层级沟通协调，当日无法办结，上报本部门负责人", 1
        ),
        CaseClass(
            "special", "特殊问题", _days(10), "问题特别复杂，需提级协调，报客户服务部和中心主任办公会", 2
        ),
    ),
    categories=(
        Choice("deposit", "缴存"),
        Choice("withdrawal", "提取"),
        Choice("loan", "贷款"),
        Choice("transfer_continuation", "转移接续"),
        Choice("account", "账户管理"),
        Choice("other", "其他"),
    ),
    ledger_layout=(
        LedgerColumn("序号", "seq", "登记受理"),
        LedgerColumn("日期", "registered_on", "登记受理"),
        LedgerColumn("承办人", "officer", "登记受理"),
        LedgerColumn("事项分类", "category", "登记受理"),
        LedgerColumn("诉求人", "requester_name", "申请情况"),
        LedgerColumn("联系方式", "requester_phone", "申请情况"),
        LedgerColumn("反映内容", "problem", "申请情况"),
        LedgerColumn("协调部门及人员", "units", "办理情况"),
        LedgerColumn("解决方案", "resolution", "办理情况"),
        LedgerColumn("办结时间", "closed_at", "办理情况"),
        LedgerColumn("回访", "visit", "回访情况"),
        LedgerColumn("备注", "remarks", "备注"),
    ),
    forms=(
        Choice("intake", "“办不成事”反映窗口受理单"),
        Choice("supervision_notice", "“办不成事”反映窗口问题督办单"),
        Choice("transfer", "部门分转单"),
    ),
    # seed 000 三(五)2、6: 不配合 loses points in the year-end evaluation and bars 评优评先; the 10% quota and
    # the four grades are seed 004's, the only seed that gives them.
    evaluation=EvaluationRules(non_cooperation_points=5.0, non_cooperation_bars_excellent=True),
)

SHANTING = Policy(
    preset="shanting",
    name="山亭区政务服务大厅“办不成事”登记窗口",
    case_number_prefix="ST",
    classes=(
        CaseClass("simple", "简单事项", IMMEDIATELY, "能够立即解决的事项，立即协调解决即时办结"),
        CaseClass("general", "一般事项", _days(2), "一般事项和需要与上级沟通请示的事项，2个工作日内落实反馈"),
        CaseClass(
            "complex", "复杂事项", _days(5), "涉及多部门、流程复杂，牵头部门召开联席会议，5个工作日内反馈", 1
        ),
    ),
    categories=(
        Choice("withdrawal", "公积金提取"),
        Choice("enterprise", "企业开办与经营"),
        Choice("social_security", "社会保障"),
        Choice("household", "户籍与证照"),
        Choice("real_estate", "不动产登记"),
        Choice("tax", "税务"),
        Choice("other", "其他"),
    ),
    ledger_layout=(
        LedgerColumn("编号", "number"),
        LedgerColumn("反映人", "requester_name"),
        LedgerColumn("联系电话", "requester_phone"),
        LedgerColumn("反映事项", "problem"),
        LedgerColumn("受理时间", "registered_at"),
        LedgerColumn("问题类型及办理时限", "class_and_limit"),
        LedgerColumn("承办单位", "units"),
        LedgerColumn("办理结果", "resolution"),
        LedgerColumn("实际办结时间", "closed_at"),
        LedgerColumn("备注", "remarks"),
    ),
    forms=(
        Choice("intake", "“办不成事”登记窗口受理单"),
        Choice("transfer", "“办不成事”登记窗口转办单"),
    ),
    satisfaction_scale=(Choice("satisfied", "满意"), Choice("unsatisfied", "不满意")),
    closing_satisfaction=("satisfied",),
    escalation_levels=(
        EscalationLevel(0, "window", "窗口办理专员"),
        EscalationLevel(1, "lead_unit", "牵头部门 / 部门联席会议"),
        EscalationLevel(2, "task_force", "窗口工作专班"),
        EscalationLevel(3, "leadership", "区政务服务管理办公室"),
    ),
    # seed 001 六(二): 配合情况纳入“优质服务窗口”评选, 拒不配合 is criticised: it bars 优秀.
    evaluation=EvaluationRules(non_cooperation_points=5.0, non_cooperation_bars_excellent=True),
)

PUTUO = Policy(
    preset="putuo",
    name="普陀区社区事务受理服务中心",
    case_number_prefix="PT",
    classes=(
        CaseClass("general", "一般事项", _days(10), "未有明确时限要求的受理项目，一般在10个工作日内办结"),
    ),
    categories=(
        Choice("withdrawal", "公积金提取"),
        Choice("social_security", "社会保障"),
        Choice("civil_affairs", "民政救助"),
        Choice("household", "户籍与计生"),
        Choice("medical_insurance", "医疗保险"),
        Choice("labor", "劳动就业"),
        Choice("other", "其他"),
    ),
    ledger_layout=(
        LedgerColumn("编号", "number"),
        LedgerColumn("受理日期", "registered_on"),
        LedgerColumn("办事人", "requester_name"),
        LedgerColumn("联系电话", "requester_phone"),
        LedgerColumn("事项分类", "category"),
        LedgerColumn("反映事项", "problem"),
        LedgerColumn("首问责任人", "officer"),
        LedgerColumn("承办单位", "units"),
        LedgerColumn("时限", "class_and_limit"),
        LedgerColumn("办理结果", "resolution"),
        LedgerColumn("办结日期", "closed_at"),
        LedgerColumn("评价", "visit"),
        LedgerColumn("备注", "remarks"),
    ),
    forms=(
        Choice("intake", "受理单"),
        Choice("transfer", "转办单"),
        Choice("one_time_notice", "一次告知单"),
    ),
    calendar_cap_days=60,
    pause_mode=PauseMode.RESTART,
    extension_approver_roles=("leader",),
    satisfaction_scale=FIVE_LEVELS,
    closing_satisfaction=("very_satisfied", "satisfied", "basically_satisfied"),
    bad_rating=("unsatisfied", "very_unsatisfied"),
    weekend_service=True,
    # seed 004 附件3: 月度、季度、年度考核; 优秀、合格、基本合格、不合格; 考核优秀比例为10%; 减分 for breaking
    # 限时办结制 and 收件回复制 and for complaints found true (the seed does not bar 优秀 for non-cooperation).
    evaluation=EvaluationRules(excellent_quota=0.10, non_cooperation_bars_excellent=False),
)

PRESETS: dict[str, Policy] = {p.preset: p for p in (SHENYANG, SHANTING, PUTUO)}


def preset(code: str) -> Policy:
    try:
        return PRESETS[code]
    except KeyError:
        raise DomainError(
            "policy.unknown_preset", f"预设“{code}”不存在（可选：{'、'.join(PRESETS)}）", {"preset": code}
        ) from None


# ---- (de)serialization: the stored form of a published version --------------------------------------

_NESTED: dict[str, type] = {
    "classes": CaseClass,
    "categories": Choice,
    "ledger_layout": LedgerColumn,
    "forms": Choice,
    "escalation_levels": EscalationLevel,
    "natures": Choice,
    "disposals": Choice,
    "out_of_scope_reasons": Choice,
    "satisfaction_scale": Choice,
    "kpi_weights": KpiWeight,
}
_LIMITS = ("prompt_transfer_limit", "response_limit", "notice_answer_limit", "rectify_limit")


def _plain(value: Any) -> Any:
    if isinstance(value, Limit):
        return value.to_dict()
    if isinstance(value, PauseMode):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    result: dict[str, Any] = _plain(policy)
    return result


def policy_from_dict(data: dict[str, Any]) -> Policy:
    """The inverse of ``policy_to_dict``; a malformed document is refused with ``policy.invalid``."""
    try:
        values: dict[str, Any] = {}
        known = {f.name for f in fields(Policy)}
        for name, raw in data.items():
            if name not in known:
                raise ValueError(f"unknown field {name}")
            if name in _NESTED:
                values[name] = tuple(_nested(_NESTED[name], item) for item in raw)
            elif name in _LIMITS:
                values[name] = Limit.from_dict(raw)
            elif name == "pause_mode":
                values[name] = PauseMode(raw)
            elif name == "hotline_limits":
                values[name] = tuple((str(kind), int(days)) for kind, days in raw)
            elif name == "evaluation":
                values[name] = EvaluationRules(**raw)
            elif isinstance(raw, list):
                values[name] = tuple(raw)
            else:
                values[name] = raw
        policy = Policy(**values)
    except (TypeError, ValueError, KeyError, AttributeError, DomainError) as exc:  # DomainError: a bad limit
        raise DomainError("policy.invalid", f"政策格式不正确：{exc}") from None
    return policy


def _nested(kind: type, item: dict[str, Any]) -> Any:
    if kind is CaseClass:
        return CaseClass(**{**item, "feedback_limit": Limit.from_dict(item["feedback_limit"])})
    return kind(**item)
