"""The numbers of 办成, defined once on the plain facts of the records (DESIGN.md "The numbers it computes").

Each KPI is a ratio ``numerator / denominator`` over one kind of item (a deadline, a follow-up visit, a case,
a supervision notice), counted in a period by the item's own anchor time. The exact rule of each is in its
docstring and in docs/kpi.md; ``bancheng.stats.queries`` computes the same numbers in the database and a
property test checks that both agree on the same records.

A rate whose denominator is empty is ``None`` (shown "—"), never 100% nor 0%.
Periods are half-open ``[start, end)`` in Asia/Shanghai.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bancheng.domain.calendar import TZ

# Deadline kinds, as stored (cases/choices.py DeadlineKind).
PROMPT_TRANSFER = "prompt_transfer"
FEEDBACK = "feedback"
ASSIGNMENT = "assignment"

CLOSED_STATES = frozenset({"closed", "archived"})


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def label(self) -> str:
        return {"week": "周", "month": "月", "quarter": "季度", "year": "年"}[self.value]


def period_start(kind: PeriodKind, day: date) -> date:
    """The first day of the week (Monday), month, quarter or year that holds ``day``."""
    if kind is PeriodKind.WEEK:
        return day - timedelta(days=day.weekday())
    if kind is PeriodKind.MONTH:
        return day.replace(day=1)
    if kind is PeriodKind.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def _next_start(kind: PeriodKind, start: date) -> date:
    if kind is PeriodKind.WEEK:
        return start + timedelta(days=7)
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[kind]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A half-open span of time ``[start, end)``, in Asia/Shanghai days."""

    start: datetime
    end: datetime

    @classmethod
    def of(cls, kind: PeriodKind, day: date) -> Period:
        first = period_start(kind, day)
        return cls.between(first, _next_start(kind, first))

    @classmethod
    def between(cls, first: date, end: date) -> Period:
        """From the start of ``first`` to the start of ``end`` (``end`` itself is not in the period)."""
        return cls(datetime.combine(first, datetime.min.time(), tzinfo=TZ), _midnight(end))

    def __contains__(self, at: object) -> bool:
        return isinstance(at, datetime) and self.start <= at < self.end


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=TZ)


@dataclass(frozen=True)
class DeadlineFacts:
    """One time limit: its kind, when it was due, when it was met (None while open), whether it was
    cancelled (a lapsed prompt transfer, a withdrawn case), and the unit of its assignment, if any."""

    kind: str
    due_at: datetime
    met_at: datetime | None = None
    cancelled: bool = False
    unit: int | None = None

    def decided(self, as_of: datetime) -> bool:
        """Met, or still open past its due time as of ``as_of``: its outcome is known."""
        return not self.cancelled and (self.met_at is not None or self.due_at < as_of)

    @property
    def on_time(self) -> bool:
        return self.met_at is not None and self.met_at <= self.due_at


@dataclass(frozen=True)
class VisitFacts:
    """One follow-up visit (回访) and its three answers. ``appealed``: a bad rating whose appeal (差评申诉)
    was approved as given by mistake; it counts in none of the visit-based rates."""

    visited_at: datetime
    contacted: bool
    solved: bool
    satisfaction: str
    appealed: bool = False


@dataclass(frozen=True)
class NoticeFacts:
    """One supervision notice (督办单) issued to a unit."""

    issued_at: datetime
    unit: int


@dataclass(frozen=True)
class CaseFacts:
    """The plain facts of one case that the numbers need, read from its rows."""

    registered_at: datetime
    state: str
    branch: int
    officer: int
    channel: str
    category: str = ""
    nature: str = ""
    case_class: str = ""
    out_of_scope: bool = False
    feedback_at: datetime | None = None
    visited_at: datetime | None = None
    closed_at: datetime | None = None
    units: frozenset[int] = frozenset()  # units of every assignment of the case
    deadlines: tuple[DeadlineFacts, ...] = ()
    visits: tuple[VisitFacts, ...] = ()
    notices: tuple[NoticeFacts, ...] = ()

    @property
    def withdrawn(self) -> bool:
        """Withdrawn, or withdrawn then archived: a withdrawal only happens before any visit, and a case is
        closed only after one, so an archived case without a visit that was not out of scope was withdrawn."""
        return self.state == "withdrawn" or (
            self.state == "archived" and self.visited_at is None and not self.out_of_scope
        )

    @property
    def counts_for_completion(self) -> bool:
        return not self.out_of_scope and not self.withdrawn

    @property
    def completed(self) -> bool:
        return self.state in CLOSED_STATES


@dataclass(frozen=True)
class Ratio:
    """``numerator / denominator``; ``rate`` is None when the denominator is empty."""

    numerator: int = 0
    denominator: int = 0

    @property
    def rate(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.numerator + other.numerator, self.denominator + other.denominator)


class Grouping(StrEnum):
    ALL = "all"
    BRANCH = "branch"
    UNIT = "unit"
    OFFICER = "officer"
    CATEGORY = "category"
    NATURE = "nature"
    CLASS = "class"
    CHANNEL = "channel"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def label(self) -> str:
        return _GROUPING_LABELS[self]

    @property
    def period_kind(self) -> PeriodKind | None:
        return PeriodKind(self.value) if self.value in PeriodKind.__members__.values() else None


_GROUPING_LABELS = {
    Grouping.ALL: "合计",
    Grouping.BRANCH: "受理单位",
    Grouping.UNIT: "承办单位",
    Grouping.OFFICER: "首问负责人",
    Grouping.CATEGORY: "事项分类",
    Grouping.NATURE: "问题性质",
    Grouping.CLASS: "问题类型",
    Grouping.CHANNEL: "渠道",
    Grouping.WEEK: "周",
    Grouping.MONTH: "月",
    Grouping.QUARTER: "季度",
    Grouping.YEAR: "年",
}

GroupValue = int | str | date | None


def group_values(
    case: CaseFacts, grouping: Grouping, at: datetime, unit: int | None = None
) -> tuple[GroupValue, ...]:
    """The groups one item of ``case`` counts in. By unit: an item of an assignment (its deadline, a notice)
    counts for that unit; any other item counts once for each unit the case was transferred to, or for the
    group ``None`` when it never was. By period: the period that holds the item's anchor time ``at``."""
    kind = grouping.period_kind
    if kind is not None:
        return (period_start(kind, at.astimezone(TZ).date()),)
    if grouping is Grouping.UNIT:
        if unit is not None:
            return (unit,)
        return tuple(sorted(case.units)) or (None,)
    plain: dict[Grouping, GroupValue] = {
        Grouping.ALL: None,
        Grouping.BRANCH: case.branch,
        Grouping.OFFICER: case.officer,
        Grouping.CATEGORY: case.category,
        Grouping.NATURE: case.nature,
        Grouping.CLASS: case.case_class,
        Grouping.CHANNEL: case.channel,
    }
    return (plain[grouping],)


@dataclass(frozen=True)
class Item:
    """One counted thing: the case it belongs to, its anchor time, its unit, and whether it is in the
    numerator."""

    case: CaseFacts
    at: datetime
    hit: bool
    unit: int | None = None
    amount: int = 1  # what it adds to the numerator when ``hit`` (working days for the average)


def _deadline_items(cases: Iterable[CaseFacts], kinds: frozenset[str] | None, period: Period, as_of: datetime,
                    hit: Callable[[DeadlineFacts], bool]) -> Iterator[Item]:  # fmt: skip
    for case in cases:
        for d in case.deadlines:
            if (kinds is None or d.kind in kinds) and d.due_at in period and d.decided(as_of):
                yield Item(case, d.due_at, hit(d), d.unit)


def _rate_items(kpi: Kpi, cases: Iterable[CaseFacts], period: Period, as_of: datetime,
                satisfied: frozenset[str], days: WorkingDays | None) -> Iterator[Item]:  # fmt: skip
    if kpi in _DEADLINE_KINDS:
        yield from _deadline_items(cases, _DEADLINE_KINDS[kpi], period, as_of, lambda d: d.on_time)
    elif kpi is Kpi.OVERDUE:
        yield from _deadline_items(cases, None, period, as_of, lambda d: not d.on_time)
    elif kpi in _VISIT_ANSWERS:
        answer = _VISIT_ANSWERS[kpi]
        for case in cases:
            for v in case.visits:
                if v.visited_at in period and not v.appealed:
                    yield Item(case, v.visited_at, answer(v, satisfied))
    elif kpi is Kpi.REGISTERED:
        for case in cases:
            if case.registered_at in period:
                yield Item(case, case.registered_at, True)
    elif kpi is Kpi.COMPLETION:
        for case in cases:
            if case.registered_at in period and case.counts_for_completion:
                yield Item(case, case.registered_at, case.completed)
    elif kpi is Kpi.FOLLOW_UP:
        for case in cases:
            if case.feedback_at is not None and case.feedback_at in period:
                yield Item(case, case.feedback_at, case.visited_at is not None)
    elif kpi is Kpi.NOTICES:
        for case in cases:
            for n in case.notices:
                if n.issued_at in period:
                    yield Item(case, n.issued_at, True, n.unit)
    else:  # Kpi.DAYS_TO_CLOSE
        if days is None:
            raise ValueError("the average working days to close needs a working calendar")
        for case in cases:
            closed = case.closed_at
            if closed is not None and closed in period and case.completed and case.counts_for_completion:
                span = days(case.registered_at.astimezone(TZ).date(), closed.astimezone(TZ).date())
                yield Item(case, closed, True, amount=span)


class WorkingDays(Protocol):
    def __call__(self, a: date, b: date, /) -> int: ...


class Kpi(StrEnum):
    """Every number the stats page shows, in its order."""

    PROMPT_TRANSFER = "prompt_transfer"
    ON_TIME_FEEDBACK = "on_time_feedback"
    ON_TIME_RECTIFICATION = "on_time_rectification"
    CONTACTED = "contacted"
    SOLVED = "solved"
    SATISFIED = "satisfied"
    COMPLETION = "completion"
    FOLLOW_UP = "follow_up"
    OVERDUE = "overdue"
    NOTICES = "notices"
    DAYS_TO_CLOSE = "days_to_close"
    REGISTERED = "registered"

    @property
    def label(self) -> str:
        return _KPI_LABELS[self]

    @property
    def is_rate(self) -> bool:
        """A percentage; the others are counts (overdue, notices) or an average (days to close)."""
        return self not in {Kpi.OVERDUE, Kpi.NOTICES, Kpi.DAYS_TO_CLOSE, Kpi.REGISTERED}

    @property
    def goal_is_full(self) -> bool:
        """One of the "100%" goals of seed 000 (三个100%) or seed 002 (响应、办结、满意)."""
        return self in {
            Kpi.PROMPT_TRANSFER,
            Kpi.ON_TIME_FEEDBACK,
            Kpi.ON_TIME_RECTIFICATION,
            Kpi.CONTACTED,
            Kpi.COMPLETION,
            Kpi.SATISFIED,
        }


_KPI_LABELS = {
    Kpi.PROMPT_TRANSFER: "即时转办率",
    Kpi.ON_TIME_FEEDBACK: "按期答复率",
    Kpi.ON_TIME_RECTIFICATION: "按期整改率",
    Kpi.CONTACTED: "响应率",
    Kpi.SOLVED: "解决率",
    Kpi.SATISFIED: "满意率",
    Kpi.COMPLETION: "办结率",
    Kpi.FOLLOW_UP: "回访率",
    Kpi.OVERDUE: "超期数",
    Kpi.NOTICES: "督办单下达数",
    Kpi.DAYS_TO_CLOSE: "平均办结工作日",
    Kpi.REGISTERED: "受理件数",
}

_DEADLINE_KINDS = {
    Kpi.PROMPT_TRANSFER: frozenset({PROMPT_TRANSFER}),
    Kpi.ON_TIME_FEEDBACK: frozenset({FEEDBACK}),
    Kpi.ON_TIME_RECTIFICATION: frozenset({ASSIGNMENT}),
}

_VISIT_ANSWERS: dict[Kpi, Callable[[VisitFacts, frozenset[str]], bool]] = {
    Kpi.CONTACTED: lambda v, _s: v.contacted,
    Kpi.SOLVED: lambda v, _s: v.solved,
    Kpi.SATISFIED: lambda v, s: v.satisfaction in s,
}


def measure(
    kpi: Kpi,
    cases: Iterable[CaseFacts],
    period: Period,
    *,
    as_of: datetime,
    grouping: Grouping = Grouping.ALL,
    satisfied: Iterable[str] = (),
    working_days: WorkingDays | None = None,
) -> dict[GroupValue, Ratio]:
    """One KPI over ``cases`` in ``period``, per group (``by``); see each KPI's function for its rule."""
    out: dict[GroupValue, Ratio] = defaultdict(Ratio)
    for item in _rate_items(kpi, cases, period, as_of, frozenset(satisfied), working_days):
        for group in group_values(item.case, grouping, item.at, item.unit):
            out[group] += Ratio(item.amount if item.hit else 0, 1)
    return dict(out)


def _total(
    kpi: Kpi,
    cases: Iterable[CaseFacts],
    period: Period,
    as_of: datetime,
    satisfied: Iterable[str] = (),
    working_days: WorkingDays | None = None,
) -> Ratio:
    found = measure(kpi, cases, period, as_of=as_of, satisfied=satisfied, working_days=working_days)
    return found.get(None, Ratio())


def prompt_transfer_rate(cases: Iterable[CaseFacts], period: Period, *, as_of: datetime) -> Ratio:
    """即时转办率. Denominator: prompt-transfer deadlines (opened when the assessment chose a transfer) not
    cancelled, due in the period, and decided as of ``as_of`` (the case was transferred, or the limit has
    passed without a transfer). Numerator: those whose first transfer came at or before the limit."""
    return _total(Kpi.PROMPT_TRANSFER, cases, period, as_of)


def on_time_feedback_rate(cases: Iterable[CaseFacts], period: Period, *, as_of: datetime) -> Ratio:
    """按期答复率. Denominator: feedback deadlines not cancelled, due in the period, and given or overdue as
    of ``as_of``. Numerator: those where the requester was answered at or before the deadline."""
    return _total(Kpi.ON_TIME_FEEDBACK, cases, period, as_of)


def on_time_rectification_rate(cases: Iterable[CaseFacts], period: Period, *, as_of: datetime) -> Ratio:
    """按期整改率. Denominator: assignment deadlines (opened when a unit signs for it) not cancelled, due in
    the period, and resolved or overdue as of ``as_of``. Numerator: those resolved at or before the due
    time (extensions approved move the due time)."""
    return _total(Kpi.ON_TIME_RECTIFICATION, cases, period, as_of)


def contacted_rate(cases: Iterable[CaseFacts], period: Period) -> Ratio:
    """响应率. Denominator: follow-up visits made in the period. Numerator: those where the requester says
    they were contacted."""
    return _total(Kpi.CONTACTED, cases, period, period.end)


def solved_rate(cases: Iterable[CaseFacts], period: Period) -> Ratio:
    """解决率. Denominator: follow-up visits made in the period. Numerator: those where the requester says
    the problem was solved."""
    return _total(Kpi.SOLVED, cases, period, period.end)


def satisfied_rate(cases: Iterable[CaseFacts], period: Period, *, satisfied: Iterable[str]) -> Ratio:
    """满意率. Denominator: follow-up visits made in the period. Numerator: those whose satisfaction is one of
    the policy's satisfied codes (``policy.closing_satisfaction``: 满意, 基本满意 by default)."""
    return _total(Kpi.SATISFIED, cases, period, period.end, satisfied=satisfied)


def completion_rate(cases: Iterable[CaseFacts], period: Period) -> Ratio:
    """办结率. Denominator: cases registered in the period, except those ruled out of scope or withdrawn.
    Numerator: those closed (销号), archived or not."""
    return _total(Kpi.COMPLETION, cases, period, period.end)


def follow_up_rate(cases: Iterable[CaseFacts], period: Period) -> Ratio:
    """回访率. Denominator: cases whose (latest) feedback was given in the period. Numerator: those visited
    since (the case has a visit time)."""
    return _total(Kpi.FOLLOW_UP, cases, period, period.end)


def overdue_count(cases: Iterable[CaseFacts], period: Period, *, as_of: datetime) -> Ratio:
    """超期数 (the numerator). Of every deadline of any kind, not cancelled, due in the period and decided as
    of ``as_of`` (the denominator), those met late or still open past due."""
    return _total(Kpi.OVERDUE, cases, period, as_of)


def registered_count(cases: Iterable[CaseFacts], period: Period) -> Ratio:
    """受理件数: every case registered in the period, whatever became of it (numerator and denominator alike)."""
    return _total(Kpi.REGISTERED, cases, period, period.end)


def notices_issued(cases: Iterable[CaseFacts], period: Period) -> Ratio:
    """督办单下达数: supervision notices issued in the period (numerator and denominator alike)."""
    return _total(Kpi.NOTICES, cases, period, period.end)


def days_to_close(cases: Iterable[CaseFacts], period: Period, *, working_days: WorkingDays) -> Ratio:
    """平均办结工作日. Denominator: cases closed in the period (closed or archived after a close, so not out of
    scope nor withdrawn). Numerator: the sum of their working days from the registration day to the
    closing day (the working days in (registered, closed], so a case closed the day it came is 0).
    ``rate`` is the average."""
    return _total(Kpi.DAYS_TO_CLOSE, cases, period, period.end, working_days=working_days)


# The composite score's weights, until the policy carries them (the sum need not be 1).
DEFAULT_WEIGHTS: Mapping[Kpi, float] = {
    Kpi.PROMPT_TRANSFER: 0.2,
    Kpi.ON_TIME_FEEDBACK: 0.2,
    Kpi.ON_TIME_RECTIFICATION: 0.2,
    Kpi.CONTACTED: 0.1,
    Kpi.SOLVED: 0.15,
    Kpi.SATISFIED: 0.15,
}


def composite_score(
    rates: Mapping[Kpi, float | None], weights: Mapping[Kpi, float] = DEFAULT_WEIGHTS
) -> float | None:
    """综合得分 in [0, 1]: the weighted mean of the rates that have a denominator (a rate that is None
    drops out, the other weights count in proportion); None when no weighted rate has one."""
    pairs = [(weights[k], r) for k, r in rates.items() if r is not None and weights.get(k, 0) > 0]
    total = sum(w for w, _ in pairs)
    return None if total == 0 else sum(w * r for w, r in pairs) / total
