"""Search over the index, ranked by each database's own full-text engine over the jieba-cut terms.

A query is cut into its words (each with the shorter words inside it, as the index holds them) and matched as
the OR of its words; hits are ordered by how many of the query's words they contain (all of them first), then
by the engine's relevance (PostgreSQL ``ts_rank_cd`` over a 'simple' tsvector with a GIN index; SQLite FTS5
``bm25()``), then newest first.

So that a common word never makes the engine rank half the table, the search goes down in tiers: first the
entries holding all the words, then at least n-1 of them, … down to any one; the first tier that fills the page
is ranked, and a tier ranks at most its newest ``CANDIDATES`` entries. Only hits the user may see are
returned: the permission filter runs on the index's own columns."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from math import comb
from typing import Any

from django.db import connection

from bancheng.cases.models import Assignment
from bancheng.cases.selectors import SEE_ALL, UNIT_ROLES, officers_backed_up_by
from bancheng.org.choices import Role
from bancheng.search.choices import Kind
from bancheng.search.models import SearchEntry
from bancheng.search.snippets import snippet
from bancheng.search.sources import sources
from bancheng.text.segment import search_terms, words

KINDS: tuple[str, ...] = (Kind.CASE, Kind.ARTICLE, Kind.ITEM)
EDITORS = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.ADMIN}
MAX_WORDS = 8
MAX_COMBINATIONS = 40
ID_WINDOWS = (50_000, 500_000)  # PostgreSQL: where the newest candidates are looked for first
WALKED = 1  # PostgreSQL: how many of those windows are walked down the primary key (the rest use GIN)
CANDIDATES = 2000  # the entries a tier ranks at most (the newest), so that a common word never ranks them all
MAX_LIMIT = 100
COUNT_CAP = 1000  # the total is counted up to here; beyond, the page says "1000+"


@dataclass(frozen=True)
class SearchHit:
    kind: str
    object_id: int
    title: str
    snippet_html: str
    url: str
    score: float


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    query_terms: tuple[str, ...] = ()

    @property
    def total_capped(self) -> bool:
        return self.total >= COUNT_CAP


def _scope(user: Any, kinds: Sequence[str], exclude_case_id: int | None) -> tuple[str, list[Any]]:
    """The WHERE fragment (over alias ``e``) of the entries this user may see, mirroring
    ``cases_visible_to`` for cases; an empty fragment means nothing."""
    parts: list[str] = []
    params: list[Any] = []
    role = getattr(user, "role", None)
    if Kind.CASE in kinds and getattr(user, "is_authenticated", False):
        case_sql = ""
        if role in SEE_ALL:
            case_sql = "e.kind = 'case'"
        elif role == Role.CASE_OFFICER:
            officers = [user.pk, *officers_backed_up_by(user).values_list("pk", flat=True)]
            marks = ", ".join(["%s"] * len(officers))
            case_sql = f"e.kind = 'case' AND (e.branch_id = %s OR e.owner_id IN ({marks}))"
            params += [user.unit_id if user.unit_id is not None else -1, *officers]
        elif role in UNIT_ROLES and user.unit_id is not None:
            table = Assignment._meta.db_table
            case_sql = (
                f"e.kind = 'case' AND e.object_id IN (SELECT a.case_id FROM {table} a WHERE a.unit_id = %s)"
            )
            params.append(user.unit_id)
        if case_sql:
            if exclude_case_id is not None:
                case_sql += " AND e.object_id <> %s"
                params.append(exclude_case_id)
            parts.append(f"({case_sql})")
    if Kind.ARTICLE in kinds:
        if role in EDITORS:
            parts.append("e.kind = 'article'")
        else:
            parts.append("(e.kind = 'article' AND (e.restricted = %s OR e.owner_id = %s))")
            params += [False, getattr(user, "pk", None) or -1]
    if Kind.ITEM in kinds:
        parts.append("e.kind = 'item'")
    return " OR ".join(parts), params


def query_groups(query: str) -> list[tuple[str, ...]]:
    """The query's words (jieba's precise cut), each with the shorter words inside it (公积金 → 公积, 积金,
    公积金): a word counts as found when any of its group is in the text."""
    groups: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for word in words(query):
        if word in seen:
            continue
        seen.add(word)
        groups.append(tuple(dict.fromkeys([word, *search_terms(word)])))
        if len(groups) == MAX_WORDS:
            break
    return groups


def tiers(n: int) -> list[int]:
    """The thresholds tried, most words first: "at least k of the n words" for k = n … 1, leaving out a k
    whose combinations would make too long a query (k = 1 and k = n are always there)."""
    return [k for k in range(n, 0, -1) if k in (1, n) or comb(n, k) <= MAX_COMBINATIONS]


class _Engine:
    """One database's full-text SQL: the tier query (entries with at least k of the query's words, capped,
    newest first, then ranked) and the capped count of entries with any word."""

    table = SearchEntry._meta.db_table

    def __init__(self, groups: list[tuple[str, ...]]) -> None:
        self.groups = groups


class _PostgreSQL(_Engine):
    def __init__(self, groups: list[tuple[str, ...]], newest_id: int) -> None:
        super().__init__(groups)
        self.newest_id = int(newest_id)

    def _group(self, group: tuple[str, ...]) -> tuple[str, list[str]]:
        return "(" + " || ".join(["plainto_tsquery('simple', %s)"] * len(group)) + ")", list(group)

    def _at_least(self, k: int) -> tuple[str, list[str]]:
        parts, params = [], []
        for combo in combinations(self.groups, k):
            sqls = [self._group(g) for g in combo]
            parts.append("(" + " && ".join(sql for sql, _ in sqls) + ")")
            params += [p for _, ps in sqls for p in ps]
        return "(" + " || ".join(parts) + ")", params

    def tier(self, k: int, scope: str) -> tuple[str, list[Any]]:
        where, where_params = self._at_least(k)
        hits = [self._group(g) for g in self.groups]
        hits_sql = " + ".join(f"(c.document @@ {sql})::int" for sql, _ in hits)
        anyq, any_params = self._at_least(1)
        # The capped candidates are picked by id alone (a narrow sort), newest first, then ranked on their own
        # rows. GIN gives no order, so the newest are looked for in id windows (the newest 50,000 entries, then
        # 500,000, then the rest): PostgreSQL runs a later branch of the UNION ALL only when the earlier ones
        # gave fewer than the cap, so a common word costs one window's matches, not the whole table's. The
        # bounds are literals (so the planner ANDs the GIN bitmap with a primary-key range) computed from a
        # newest id read at most once a minute: the branches split the ids whatever that id is.
        edges = [max(0, self.newest_id - w) for w in ID_WINDOWS]
        bounds = [f"e.id > {edges[0]:d}"]
        bounds += [f"e.id <= {hi:d} AND e.id > {lo:d}" for hi, lo in pairwise(edges)]
        bounds.append(f"e.id <= {edges[-1]:d}")
        # The newest window is walked down the primary key with the match as a plain filter (CASE keeps the
        # planner off the GIN index, whose estimate for an OR of ANDs is far too low): at most 50,000 rows,
        # stopping at the cap. The older windows use the GIN index.
        newest = f"(CASE WHEN e.document @@ {where} THEN true ELSE false END)"
        branch = (
            f"(SELECT e.id FROM {self.table} e WHERE __MATCH__ AND ({scope}) AND __BOUND__ "
            "ORDER BY e.id DESC LIMIT %s)"
        )
        union = " UNION ALL ".join(
            branch.replace("__BOUND__", b).replace(
                "__MATCH__", newest if i < WALKED else f"e.document @@ {where}"
            )
            for i, b in enumerate(bounds)
        )
        sql = (
            f"SELECT c.kind, c.object_id, c.title, c.body, {hits_sql} AS hits, "
            f"ts_rank_cd(c.document, {anyq}, 1) AS rank FROM ({union} LIMIT %s) ids "
            f"JOIN {self.table} c ON c.id = ids.id "
            "ORDER BY hits DESC, rank DESC, c.happened_at DESC NULLS LAST, c.id DESC LIMIT %s"
        )
        candidates = [*where_params, SCOPE, CAP] * len(bounds)
        return sql, [*[p for _, ps in hits for p in ps], *any_params, *candidates, CAP, NEED]

    def count(self, scope: str) -> tuple[str, list[Any]]:
        anyq, params = self._at_least(1)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {self.table} e WHERE e.document @@ {anyq} AND ({scope}) LIMIT %s) c"
        return sql, [*params, SCOPE, CAP]


class _SQLite(_Engine):
    @staticmethod
    def _quoted(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    def _group(self, group: tuple[str, ...]) -> str:
        return "(" + " OR ".join(self._quoted(t) for t in group) + ")"

    def _at_least(self, k: int) -> str:
        return " OR ".join(
            "(" + " AND ".join(self._group(g) for g in combo) + ")" for combo in combinations(self.groups, k)
        )

    def tier(self, k: int, scope: str) -> tuple[str, list[Any]]:
        hits, params = [], []
        for group in self.groups:
            hits.append("(" + " OR ".join(["instr(' ' || c.terms || ' ', %s) > 0"] * len(group)) + ")")
            params += [f" {t} " for t in group]
        sql = (
            f"SELECT c.kind, c.object_id, c.title, c.body, {' + '.join(hits)} AS hits, -c.bm AS rank FROM ("
            f"SELECT e.id, e.kind, e.object_id, e.title, e.body, e.terms, e.happened_at, bm25(search_fts) AS bm "
            f"FROM search_fts JOIN {self.table} e ON e.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND ({scope}) ORDER BY search_fts.rowid DESC LIMIT %s) c "
            "ORDER BY hits DESC, rank DESC, c.happened_at DESC, c.id DESC LIMIT %s"
        )
        return sql, [*params, self._at_least(k), SCOPE, CAP, NEED]

    def count(self, scope: str) -> tuple[str, list[Any]]:
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM search_fts JOIN {self.table} e ON e.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND ({scope}) LIMIT %s) c"
        )
        return sql, [self._at_least(1), SCOPE, CAP]


_newest: list[float] = [0.0, -1e9]  # the newest entry id seen, and when (monotonic seconds)


def _newest_id() -> int:
    """The largest entry id, read again at most once a minute (PostgreSQL's id windows need no more)."""
    if time.monotonic() - _newest[1] > 60:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {SearchEntry._meta.db_table}")
            _newest[:] = [float(cursor.fetchone()[0]), time.monotonic()]
    return int(_newest[0])


SCOPE, CAP, NEED = object(), object(), object()  # where the scope's parameters and the limits go


def _bind(params: list[Any], scope_params: list[Any], cap: int, need: int = 0) -> list[Any]:
    """The statement's parameters with the scope's and the limits put where their markers stand."""
    bound: list[Any] = []
    for p in params:
        if p is SCOPE:
            bound += scope_params
        elif p is CAP:
            bound.append(cap)
        elif p is NEED:
            bound.append(need)
        else:
            bound.append(p)
    return bound


def search(
    user: Any,
    query: str,
    *,
    kinds: Sequence[str] = KINDS,
    limit: int = 20,
    offset: int = 0,
    exclude_case_id: int | None = None,
) -> SearchPage:
    """The hits of ``query`` this user may see, best first: cases through the same rules as
    ``cases_visible_to``, unpublished articles only to their author and the editors (center office,
    customer service, administrator), inactive catalog items never (they are not in the index)."""
    text = (query or "").strip()[:200]
    groups = query_groups(text)
    terms = tuple(dict.fromkeys(t for g in groups for t in g))
    wanted = [k for k in kinds if k in KINDS]
    scope, scope_params = _scope(user, wanted, exclude_case_id)
    if not groups or not scope:
        return SearchPage(query_terms=terms)
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    need = offset + limit
    engine: _Engine = (
        _PostgreSQL(groups, _newest_id()) if connection.vendor == "postgresql" else _SQLite(groups)
    )
    rows: list[Any] = []
    with connection.cursor() as cursor:
        for k in tiers(len(groups)):
            sql, params = engine.tier(k, scope)
            cursor.execute(sql, _bind(params, scope_params, CANDIDATES, need))
            rows = cursor.fetchall()
            if len(rows) >= need:
                break
        rows = rows[offset:]
        if offset == 0 and len(rows) < limit:
            total = len(rows)
        else:
            sql, params = engine.count(scope)
            cursor.execute(sql, _bind(params, scope_params, COUNT_CAP))
            total = int(cursor.fetchone()[0])
    urls = sources()
    hits = [
        SearchHit(
            kind=kind,
            object_id=int(object_id),
            title=title,
            snippet_html=snippet(body or title, terms),
            url=urls[kind].url(int(object_id)) if kind in urls else "",
            score=float(n) + float(rank) / (1.0 + abs(float(rank))),
        )
        for kind, object_id, title, body, n, rank in rows
    ]
    return SearchPage(hits=hits, total=total, query_terms=terms)
