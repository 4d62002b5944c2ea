"""Search over the index, ranked by each database's own full-text engine over the jieba-cut terms.

A query is cut with ``query_terms`` and matched as the OR of its terms; hits are ordered by how many of the
query's distinct terms they contain (all of them first), then by the engine's relevance (PostgreSQL
``ts_rank_cd`` over a 'simple' tsvector with a GIN index; SQLite FTS5 ``bm25()``), then newest first.
Only hits the user may see are returned: the permission filter runs on the index's own columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from bancheng.cases.models import Assignment
from bancheng.cases.selectors import SEE_ALL, UNIT_ROLES, officers_backed_up_by
from bancheng.org.choices import Role
from bancheng.search.choices import Kind
from bancheng.search.models import SearchEntry
from bancheng.search.snippets import snippet
from bancheng.search.sources import sources
from bancheng.text.segment import query_terms

KINDS: tuple[str, ...] = (Kind.CASE, Kind.ARTICLE, Kind.ITEM)
EDITORS = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.ADMIN}
MAX_TERMS = 12
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


def _postgresql(terms: tuple[str, ...], scope: str) -> tuple[str, str, list[Any], list[Any]]:
    one = "plainto_tsquery('simple', %s)"
    anyq = "(" + " || ".join([one] * len(terms)) + ")"
    hits = " + ".join([f"(e.document @@ {one})::int"] * len(terms))
    select = (
        f"SELECT e.kind, e.object_id, e.title, e.body, {hits} AS hits, ts_rank_cd(e.document, {anyq}, 1) AS rank "
        f"FROM {SearchEntry._meta.db_table} e WHERE e.document @@ {anyq} AND ({scope}) "
        "ORDER BY hits DESC, rank DESC, e.happened_at DESC NULLS LAST, e.id DESC LIMIT %s OFFSET %s"
    )
    count = f"SELECT count(*) FROM (SELECT 1 FROM {SearchEntry._meta.db_table} e WHERE e.document @@ {anyq} AND ({scope}) LIMIT %s) c"
    return select, count, [*terms, *terms, *terms], [*terms]


def _fts5_query(terms: tuple[str, ...]) -> str:
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _sqlite(terms: tuple[str, ...], scope: str) -> tuple[str, str, list[Any], list[Any]]:
    table = SearchEntry._meta.db_table
    hits = " + ".join(["(instr(' ' || e.terms || ' ', %s) > 0)"] * len(terms))
    select = (
        f"SELECT e.kind, e.object_id, e.title, e.body, {hits} AS hits, -bm25(search_fts) AS rank "
        f"FROM search_fts JOIN {table} e ON e.id = search_fts.rowid WHERE search_fts MATCH %s AND ({scope}) "
        "ORDER BY hits DESC, rank DESC, e.happened_at DESC, e.id DESC LIMIT %s OFFSET %s"
    )
    count = (
        f"SELECT count(*) FROM (SELECT 1 FROM search_fts JOIN {table} e ON e.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s AND ({scope}) LIMIT %s) c"
    )
    fts = _fts5_query(terms)
    return select, count, [*(f" {t} " for t in terms), fts], [fts]


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
    terms = query_terms((query or "").strip()[:200])[:MAX_TERMS]
    wanted = [k for k in kinds if k in KINDS]
    scope, scope_params = _scope(user, wanted, exclude_case_id)
    if not terms or not scope:
        return SearchPage(query_terms=terms)
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    build = _postgresql if connection.vendor == "postgresql" else _sqlite
    select, count, params, count_params = build(terms, scope)
    with connection.cursor() as cursor:
        cursor.execute(select, [*params, *scope_params, limit, offset])
        rows = cursor.fetchall()
        if offset == 0 and len(rows) < limit:
            total = len(rows)
        else:
            cursor.execute(count, [*count_params, *scope_params, COUNT_CAP])
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
