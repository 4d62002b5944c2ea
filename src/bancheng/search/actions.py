"""Writes of the search index. The index is derived data (no audit event): a row is rebuilt from its object
whenever the object changes, and ``reindex`` rebuilds a whole kind."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from bancheng.search.models import PendingIndex, SearchEntry
from bancheng.search.sources import Document, sources

log = logging.getLogger(__name__)
CHUNK = 1000


def _entry(kind: str, object_id: int, doc: Document, now: datetime) -> SearchEntry:
    return SearchEntry(
        kind=kind,
        object_id=object_id,
        title=doc.title[:300],
        body=doc.body,
        terms=doc.terms(),
        branch_id=doc.branch_id,
        owner_id=doc.owner_id,
        restricted=doc.restricted,
        happened_at=doc.happened_at,
        source_hash=doc.source_hash,
        indexed_at=now,
    )


def index_objects(kind: str, ids: Iterable[int], *, now: datetime | None = None, force: bool = False) -> int:
    """Bring the index rows of these objects up to date: a changed object is cut again and rewritten, an
    unchanged one (same fingerprint) is left alone, a gone or unsearchable one leaves the index.
    Returns the number of rows written or removed. One transaction."""
    source = sources().get(kind)
    wanted = sorted({int(i) for i in ids})
    if source is None or not wanted:
        return 0
    when = now or timezone.now()
    hashes = dict(
        SearchEntry.objects.filter(kind=kind, object_id__in=wanted).values_list("object_id", "source_hash")
    )
    fresh: list[SearchEntry] = []
    stale: set[int] = set()
    found: set[int] = set()
    for obj in source.queryset().filter(pk__in=wanted):
        found.add(obj.pk)
        doc = source.document(obj)
        if doc is None:
            if obj.pk in hashes:
                stale.add(obj.pk)
            continue
        if not force and hashes.get(obj.pk) == doc.source_hash:
            continue
        if obj.pk in hashes:
            stale.add(obj.pk)
        fresh.append(_entry(kind, obj.pk, doc, when))
    stale |= {pk for pk in hashes if pk not in found}
    if not fresh and not stale:
        return 0
    with transaction.atomic():
        if stale:
            SearchEntry.objects.filter(kind=kind, object_id__in=sorted(stale)).delete()
        SearchEntry.objects.bulk_create(fresh)
    return len(fresh) + len(stale - {e.object_id for e in fresh})


def remove_objects(kind: str, ids: Iterable[int]) -> int:
    deleted, _ = SearchEntry.objects.filter(kind=kind, object_id__in=list(ids)).delete()
    return deleted


def mark_pending(kind: str, ids: Iterable[int], *, now: datetime | None = None) -> None:
    """Leave these objects to the ``search_index`` job: one bulk statement, for batch paths that must stay fast."""
    when = now or timezone.now()
    rows = [PendingIndex(kind=kind, object_id=i, marked_at=when) for i in sorted(set(ids))]
    PendingIndex.objects.bulk_create(rows, ignore_conflicts=True)


def index_pending(*, now: datetime | None = None, limit: int = 5000) -> dict[str, int]:
    """Index what was marked pending (oldest first), then forget the marks."""
    rows = list(
        PendingIndex.objects.order_by("marked_at", "pk").values_list("pk", "kind", "object_id")[:limit]
    )
    by_kind: dict[str, list[int]] = {}
    for _, kind, object_id in rows:
        by_kind.setdefault(kind, []).append(object_id)
    written = 0
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), CHUNK):
            written += index_objects(kind, ids[start : start + CHUNK], now=now)
    PendingIndex.objects.filter(pk__in=[r[0] for r in rows]).delete()
    return {"pending": len(rows), "written": written}


def reindex(kind: str | None = None, *, now: datetime | None = None, force: bool = True) -> dict[str, int]:
    """Rebuild the index of one kind (or all), chunk by chunk; rows of objects that no longer exist go."""
    counts: dict[str, int] = {}
    for name, source in sources().items():
        if kind and name != kind:
            continue
        ids = list(source.queryset().values_list("pk", flat=True))
        written = 0
        for start in range(0, len(ids), CHUNK):
            written += index_objects(name, ids[start : start + CHUNK], now=now, force=force)
        orphans = SearchEntry.objects.filter(kind=name).exclude(object_id__in=source.queryset().values("pk"))
        written += orphans.delete()[0]
        counts[name] = written
    return counts


def index_after_commit(kind: str, object_id: int) -> None:
    """Schedule the object's re-indexing once the current transaction commits; a failure there is logged and
    left to the ``search_index`` job, never raised into the request that made the change."""

    def run() -> None:
        try:
            index_objects(kind, [object_id])
        except Exception:
            log.exception("search: indexing %s %s failed; left to the search_index job", kind, object_id)
            try:
                mark_pending(kind, [object_id])
            except Exception:
                log.exception("search: could not mark %s %s pending", kind, object_id)

    transaction.on_commit(run)


def remove_after_commit(kind: str, object_id: int) -> None:
    transaction.on_commit(lambda: remove_objects(kind, [object_id]))
