"""Keeping the index fresh: the signals the search app listens to (connected in ``SearchConfig.ready``).

Cases: every case change appends an ``Event`` (``append_event`` saves it, registration included), so a saved
event with a case schedules that case's re-indexing after commit (unchanged text costs two small reads). The
batch paths (``append_events_bulk`` in the deadline sweep) send no ``post_save`` and change no indexed field
(deadline states, supervision notices, escalation level); a batch path that does change one calls
``mark_pending`` once per batch and the ``search_index`` job indexes the marked cases."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from bancheng.search.actions import index_after_commit, remove_after_commit
from bancheng.search.choices import Kind
from bancheng.search.sources import register_sources, source_for_model


def on_event(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw and instance.case_id is not None:
        index_after_commit(Kind.CASE, instance.case_id)


def on_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    source = source_for_model(sender)
    if source is not None and not raw:
        index_after_commit(source.kind, instance.pk)


def on_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    source = source_for_model(sender)
    if source is not None and instance.pk is not None:
        remove_after_commit(source.kind, instance.pk)


def connect() -> None:
    from bancheng.audit.models import Event

    register_sources()
    post_save.connect(on_event, sender=Event, dispatch_uid="search.on_event")
    for kind in (Kind.ARTICLE, Kind.ITEM):
        from bancheng.search.sources import sources

        source = sources().get(kind)
        if source is None:
            continue
        post_save.connect(on_saved, sender=source.model, dispatch_uid=f"search.on_saved.{kind}")
        post_delete.connect(on_deleted, sender=source.model, dispatch_uid=f"search.on_deleted.{kind}")
