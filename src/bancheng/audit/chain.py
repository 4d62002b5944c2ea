"""Appending events to a hash chain and verifying it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from bancheng.audit.models import Event, StreamHead
from bancheng.bulk import insert_rows

GENESIS = "0" * 64

SYSTEM_STREAM = "system"  # changes that belong to no case: calendar, policy, recomputations


def _canonical(content: Mapping[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _content(event: Event) -> dict[str, Any]:
    return {
        "stream": event.stream,
        "seq": event.seq,
        "case": event.case_id,
        "action": event.action,
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "acting_for_name": event.acting_for_name,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "request_id": event.request_id,
        "before": event.before,
        "after": event.after,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }


def event_hash(event: Event) -> str:
    return hashlib.sha256(_canonical(_content(event))).hexdigest()


def append_event(
    *,
    stream: str,
    action: str,
    at: datetime,
    actor: Any = None,
    acting_for: Any = None,
    case: Any = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
    request_id: str = "",
) -> Event:
    """Append one event to ``stream``; must run inside the transaction of the change it records.
    The stream head row is locked, so two writers of one stream queue and the chain never forks."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("append_event must run inside the transaction of the change it records")
    head, _ = StreamHead.objects.select_for_update().get_or_create(stream=stream)
    event = Event(
        stream=stream,
        seq=head.seq + 1,
        case=case,
        action=action,
        actor=actor,
        actor_name=getattr(actor, "display_name", "") if actor is not None else "系统",
        acting_for_name=getattr(acting_for, "display_name", "") if acting_for is not None else "",
        at=at.astimezone(UTC),
        request_id=request_id,
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
        data=_jsonable(data or {}),
        prev_hash=head.hash or GENESIS,
    )
    event.hash = event_hash(event)
    event.save(force_insert=True)
    head.seq = event.seq
    head.hash = event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def _jsonable(value: Any) -> Any:
    """Events keep only JSON-native values, so the stored row hashes the same after a round trip."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    raise TypeError(f"not JSON serialisable in an event: {type(value).__name__}")


@dataclass(frozen=True)
class Breach:
    event_id: int | None
    stream: str
    seq: int
    reason: str


@dataclass(frozen=True)
class Verification:
    checked: int
    breach: Breach | None


def _events_by_stream() -> Iterator[Event]:
    yield from Event.objects.order_by("stream", "seq").iterator(chunk_size=2000)


def verify_chain() -> Verification:
    """Walk every stream in order; stop at the first event whose content, link or place is wrong."""
    checked = 0
    stream, prev_hash, expected_seq = None, GENESIS, 1
    heads = dict(StreamHead.objects.values_list("stream", "hash"))
    seen_streams: set[str] = set()
    for event in _events_by_stream():
        if event.stream != stream:
            if stream is not None and heads.get(stream, prev_hash) != prev_hash:
                return Verification(
                    checked, Breach(None, stream, expected_seq, "the stream's last event is missing")
                )
            stream, prev_hash, expected_seq = event.stream, GENESIS, 1
            seen_streams.add(stream)
        if event.seq != expected_seq:
            return Verification(
                checked, Breach(event.pk, event.stream, event.seq, f"event #{expected_seq} is missing")
            )
        if event.prev_hash != prev_hash:
            return Verification(
                checked, Breach(event.pk, event.stream, event.seq, "link to the previous event broken")
            )
        if event_hash(event) != event.hash:
            return Verification(checked, Breach(event.pk, event.stream, event.seq, "content altered"))
        checked += 1
        prev_hash, expected_seq = event.hash, expected_seq + 1
    if stream is not None and heads.get(stream, prev_hash) != prev_hash:
        return Verification(checked, Breach(None, stream, expected_seq, "the stream's last event is missing"))
    for missing in sorted(set(heads) - seen_streams):
        if heads[missing]:
            return Verification(checked, Breach(None, missing, 1, "every event of the stream is missing"))
    return Verification(checked, None)


def append_events_bulk(events: list[Event]) -> list[Event]:
    """Append many events (each to its own place in its stream) with a few queries: the heads of all their
    streams are locked and read in one query, the chain is computed here, events and heads are written in
    bulk. Must run inside the transaction of the changes they record. ``post_save`` is not sent: the caller
    runs whatever listens for these events itself."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("append_events_bulk must run inside the transaction of the change it records")
    if not events:
        return []
    streams = sorted({e.stream for e in events})
    heads = {h.stream: h for h in StreamHead.objects.select_for_update().filter(stream__in=streams)}
    missing = [StreamHead(stream=s) for s in streams if s not in heads]
    if missing:
        StreamHead.objects.bulk_create(missing, ignore_conflicts=True)
        heads = {h.stream: h for h in StreamHead.objects.select_for_update().filter(stream__in=streams)}
    for event in events:
        head = heads[event.stream]
        event.seq = head.seq + 1
        event.at = event.at.astimezone(UTC)
        event.before = _jsonable(event.before) if event.before else {}
        event.after = _jsonable(event.after) if event.after else {}
        event.data = _jsonable(event.data) if event.data else {}
        event.prev_hash = head.hash or GENESIS
        event.hash = event_hash(event)
        head.seq, head.hash = event.seq, event.hash
    insert_rows(events, with_ids=True)
    _write_heads(list(heads.values()))
    return events


def _write_heads(heads: list[StreamHead]) -> None:
    """``seq`` and ``hash`` of many locked heads in one ``UPDATE … FROM`` per thousand (``bulk_update`` builds a
    ``CASE`` per column, which costs more than the statement): on PostgreSQL the new values are three array
    parameters (``unnest``, read by the primary key index), elsewhere a ``VALUES`` list."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(StreamHead._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(heads), 1000):
            part = heads[start : start + 1000]
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} SET seq = v.seq, hash = v.hash FROM unnest(%s::bigint[], %s::integer[], "
                    f"%s::varchar[]) AS v(id, seq, hash) WHERE {table}.id = v.id",
                    [[h.pk for h in part], [h.seq for h in part], [h.hash for h in part]],
                )
                continue
            cursor.execute(
                f"UPDATE {table} SET seq = v.column2, hash = v.column3 "
                f"FROM (VALUES {', '.join(['(%s, %s, %s)'] * len(part))}) AS v WHERE {table}.id = v.column1",
                [value for h in part for value in (h.pk, h.seq, h.hash)],
            )
