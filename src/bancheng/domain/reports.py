"""The analysis report (研判通报) rules: which periods a report covers, how they are named, which earlier
periods its trend shows, and what counts as a repeated problem.

Seed 001 (五(二) 分析研判机制): the office "定期研判、深剖根源，汇总形成简要情况通报至各相关部门". A report
covers one calendar month or quarter (Asia/Shanghai), of one branch or of the whole center.

Repeated problems (反复反映问题), over the cases registered in the report's period and scope:
- the same problem reported by several requesters: cases with the same category and the same business
  (所办事项, compared after trimming spaces and ignoring case) from at least ``MIN_REQUESTERS`` different
  requesters (told apart by phone number, or by name where there is no phone); the grouping is
  ``domain/recurring.py``'s, the rule of the weekly recurring-problem groups, with "same problem" meaning
  the same category and business here;
- the same requester several times: one requester (same phone, or same name where there is no phone) with
  at least ``MIN_REPEATS`` cases in the period, whatever the topic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bancheng.domain import recurring
from bancheng.domain.errors import DomainError
from bancheng.domain.kpi import PeriodKind, period_start

REPORT_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER)
MIN_REQUESTERS = 2
MIN_REPEATS = 2
TREND_LENGTH = {PeriodKind.MONTH: 6, PeriodKind.QUARTER: 4}
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_QUARTER = re.compile(r"^\s*(\d{4})\s*[Qq]([1-4])\s*$")


def parse_month(text: str) -> date:
    """``2026-10`` → the first day of that month; anything else is a ``report.bad_period`` error."""
    found = _MONTH.match(text or "")
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        raise DomainError("report.bad_period", f"无法识别的月份：{text}（格式如 2026-10）", {"text": text})
    return date(int(found.group(1)), int(found.group(2)), 1)


def parse_quarter(text: str) -> date:
    """``2026Q3`` → the first day of that quarter."""
    found = _QUARTER.match(text or "")
    if found is None or int(found.group(1)) < 2000:
        raise DomainError("report.bad_period", f"无法识别的季度：{text}（格式如 2026Q3）", {"text": text})
    return date(int(found.group(1)), (int(found.group(2)) - 1) * 3 + 1, 1)


def require_kind(kind: str) -> PeriodKind:
    if kind not in {k.value for k in REPORT_KINDS}:
        raise DomainError("report.bad_kind", "研判通报只按月或按季度生成", {"kind": kind})
    return PeriodKind(kind)


def period_label(kind: PeriodKind, start: date) -> str:
    """``2026年10月`` or ``2026年第三季度``."""
    if kind is PeriodKind.QUARTER:
        return f"{start.year}年{QUARTER_NAMES[(start.month - 1) // 3 + 1]}"
    return f"{start.year}年{start.month}月"


def period_code(kind: PeriodKind, start: date) -> str:
    """``2026-10`` or ``2026Q3``: the CLI's spelling, and the download file names'."""
    if kind is PeriodKind.QUARTER:
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def shift(kind: PeriodKind, start: date, count: int) -> date:
    """The start of the period ``count`` periods after (negative: before) the one starting at ``start``."""
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3}[kind] * count
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def trend_starts(kind: PeriodKind, start: date) -> list[date]:
    """The periods the trend chart shows, oldest first, ending with the report's own: six months for a
    monthly report, four quarters for a quarterly one."""
    first = period_start(kind, start)
    return [shift(kind, first, -back) for back in range(TREND_LENGTH[kind] - 1, -1, -1)]


def title(kind: PeriodKind, start: date) -> str:
    return f"“办不成事”反映窗口研判通报（{period_label(kind, start)}）"


@dataclass(frozen=True)
class CaseRow:
    """What the repeated-problem rule reads of one case (personal data stays with the caller)."""

    number: str
    category: str
    business: str
    requester: str  # phone, or name when there is no phone


@dataclass(frozen=True)
class SameProblem:
    category: str
    business: str
    cases: tuple[str, ...]
    requesters: int


@dataclass(frozen=True)
class SameRequester:
    requester: str
    cases: tuple[str, ...]


def _topic(business: str) -> str:
    return re.sub(r"\s+", "", business).casefold()


def same_problems(rows: Iterable[CaseRow], min_requesters: int = MIN_REQUESTERS) -> list[SameProblem]:
    """Same category and business from at least ``min_requesters`` requesters; most requesters first."""
    kept = [row for row in rows if row.business.strip()]
    members = [recurring.Member(row.number, row.requester) for row in kept]
    links = recurring.links_by_key([(row.category, _topic(row.business)) for row in kept])
    found = []
    for group in recurring.recurring_groups(members, links, min_requesters):
        first = kept[group.members[0]]
        cases = tuple(sorted(kept[i].number for i in group.members))
        found.append(SameProblem(first.category, first.business.strip(), cases, group.requesters))
    return sorted(found, key=lambda p: (-p.requesters, -len(p.cases), p.category, p.business))


def same_requesters(rows: Iterable[CaseRow], min_repeats: int = MIN_REPEATS) -> list[SameRequester]:
    """One requester with at least ``min_repeats`` cases; most cases first."""
    groups: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.requester:
            groups[row.requester].append(row.number)
    found = [SameRequester(who, tuple(sorted(numbers))) for who, numbers in groups.items()]
    return sorted((f for f in found if len(f.cases) >= min_repeats), key=lambda f: (-len(f.cases), f.cases))
