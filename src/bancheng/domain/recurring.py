"""Recurring problems (同类问题多人反映): the one rule behind the weekly recurring-problem groups
(``bancheng.recurring``) and the analysis report's repeated problems (``domain/reports.py``).

A group is a set of cases that are linked, directly or through other cases, as "the same problem"; it counts
as a recurring problem when its cases come from at least ``min_requesters`` different requesters (one person
asking five times is not several requesters). What links two cases is the caller's: the report links cases
with the same category and business (``links_by_key``), the weekly groups link cases whose words are similar
(TF-IDF cosine, computed outside the domain). Requesters are told apart by their normalized phone
(``requester_key``), by name only when there is no phone.

Seed 002: the office "汇总整理反映问题 … 开展溯源分析", and when several people ask the same, it turns the
answer into a guide card (办理指南小卡片) so that they stop needing the window.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bancheng.domain.errors import DomainError

LOOKBACK_WEEKS = 4
MIN_REQUESTERS = 3
SIMILARITY = 0.4
CONTINUATION_OVERLAP = 0.5  # a group continues an earlier one when at least half the smaller one is shared

_NOT_DIGITS = re.compile(r"\D+")
_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """The settings of the weekly grouping: the look-back window in weeks, the minimum number of distinct
    requesters, and the cosine similarity above which two cases are the same problem."""

    lookback_weeks: int = LOOKBACK_WEEKS
    min_requesters: int = MIN_REQUESTERS
    similarity: float = SIMILARITY

    def problems(self) -> list[str]:
        found = []
        if not 1 <= self.lookback_weeks <= 26:
            found.append("同类问题回看周数须在 1 至 26 之间")
        if self.min_requesters < 2:
            found.append("同类问题最少诉求人数须至少为 2")
        if not 0.05 <= self.similarity <= 0.99:
            found.append("同类问题相似度阈值须在 0.05 至 0.99 之间")
        return found


def requester_key(phone: str, name: str = "") -> str:
    """Who asked, for counting distinct requesters: the phone's digits without the country code (+86, 0086)
    and spacing, so ``138 0000 0001`` and ``+86-13800000001`` are one person; the name when there is no
    phone; ``""`` when neither is known (such a case counts for nobody)."""
    digits = _NOT_DIGITS.sub("", phone or "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if digits:
        return digits
    name = re.sub(r"\s+", "", name or "")
    return f"name:{name}" if name else ""


@dataclass(frozen=True)
class Member:
    """What the rule reads of one case: its reference (case number or id) and its requester key."""

    ref: str
    requester: str


@dataclass(frozen=True)
class Group:
    """A recurring problem: indexes of its members in the caller's list, and how many distinct requesters."""

    members: tuple[int, ...]
    requesters: int


class DisjointSets:
    """Union-find over ``0..count-1`` (path halving, union by size): the connected components of the links."""

    def __init__(self, count: int) -> None:
        self.parent = list(range(count))
        self.size = [1] * count

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]

    def components(self) -> list[list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for item in range(len(self.parent)):
            found[self.find(item)].append(item)
        return list(found.values())


def links_by_key(keys: Sequence[Hashable | None]) -> Iterator[tuple[int, int]]:
    """Links between the items with the same key (``None``: linked to nothing), as a chain per key."""
    last: dict[Hashable, int] = {}
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key in last:
            yield last[key], index
        last[key] = index


def groups_from_components(
    members: Sequence[Member], components: Iterable[Sequence[int]], min_requesters: int
) -> list[Group]:
    """The components with at least ``min_requesters`` distinct requesters; most requesters, then most
    cases first."""
    found = []
    for component in components:
        people = {members[i].requester for i in component if members[i].requester}
        if len(people) >= min_requesters:
            found.append(Group(tuple(sorted(component)), len(people)))
    return sorted(found, key=lambda g: (-g.requesters, -len(g.members), g.members))


def recurring_groups(
    members: Sequence[Member], links: Iterable[tuple[int, int]], min_requesters: int = MIN_REQUESTERS
) -> list[Group]:
    """Cases linked (directly or through others) as the same problem, kept when they come from at least
    ``min_requesters`` different requesters."""
    sets = DisjointSets(len(members))
    for a, b in links:
        sets.union(a, b)
    return groups_from_components(members, sets.components(), min_requesters)


def continued_from(
    previous: Mapping[int, frozenset[int]],
    current: Sequence[frozenset[int]],
    overlap: float = CONTINUATION_OVERLAP,
) -> dict[int, int]:
    """Which earlier group each current group continues: index in ``current`` → key of ``previous``. A group
    continues an earlier one when they share at least ``overlap`` of the smaller one's cases; the pairs
    sharing the most cases are matched first, and each earlier group is continued at most once."""
    candidates = []
    by_case: dict[int, list[int]] = defaultdict(list)
    for key, cases in previous.items():
        for case in cases:
            by_case[case].append(key)
    for index, cases in enumerate(current):
        shared: dict[int, int] = defaultdict(int)
        for case in cases:
            for key in by_case.get(case, ()):
                shared[key] += 1
        for key, count in shared.items():
            if count >= overlap * min(len(cases), len(previous[key])):
                candidates.append((-count, index, key))
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for _, index, key in sorted(candidates):
        if index not in matched and key not in taken:
            matched[index] = key
            taken.add(key)
    return matched


def top_terms(weights: Mapping[str, float], count: int = 5) -> list[str]:
    """The ``count`` heaviest terms, heaviest first (ties in term order, so a label is stable)."""
    return [term for term, _ in sorted(weights.items(), key=lambda tw: (-tw[1], tw[0]))[:count]]


# ---- weeks: a group belongs to the ISO week whose cases closed its window ---------------------------


def parse_week(text: str) -> date:
    """``2026-W47`` → the Monday of that ISO week; anything else is a ``recurring.bad_week`` error."""
    found = _WEEK.match(text or "")
    if found is not None:
        with suppress(ValueError):  # week 53 of a year that has 52
            return date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
    raise DomainError("recurring.bad_week", f"无法识别的周次：{text}（格式如 2026-W47）", {"text": text})


def week_code(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}年第{week}周（{monday.month}月{monday.day}日—{(monday + timedelta(days=6)).day}日）"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def last_ended_week(local_now: datetime) -> date:
    """The Monday of the latest week that has ended at ``local_now`` (a local, Asia/Shanghai time)."""
    return monday_of(local_now.date()) - timedelta(days=7)


def window(monday: date, lookback_weeks: int) -> tuple[date, date]:
    """The days [first, end) of the ``lookback_weeks`` weeks ending with the week of ``monday``."""
    return monday - timedelta(days=7 * (lookback_weeks - 1)), monday + timedelta(days=7)


def trend(days: Iterable[date], monday: date, lookback_weeks: int) -> list[int]:
    """Cases per week of the window, oldest week first."""
    first, _ = window(monday, lookback_weeks)
    counts = [0] * lookback_weeks
    for day in days:
        index = (day - first).days // 7
        if 0 <= index < lookback_weeks:
            counts[index] += 1
    return counts
