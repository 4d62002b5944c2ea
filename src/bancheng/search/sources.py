"""What each kind of thing puts into the index. A source turns one object into a ``Document`` (or None: the
object is not searchable and leaves the index) and knows how to walk all of them for ``search reindex``.

Cases are always a source; knowledge articles and catalog service items are sources when their apps are
installed (``register_optional_sources``), so the search keeps working while those apps come and go."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.urls import reverse

from bancheng.domain.redaction import MARKERS, KnownPerson, redact_text
from bancheng.search.choices import Kind
from bancheng.text.segment import joined, search_terms

# The markers redaction leaves in place of personal data ("【电话已隐去】"): shown in snippets, never indexed.
_MARKER = re.compile("|".join(re.escape(m) for m in MARKERS.values()))


@dataclass(frozen=True)
class Document:
    """One object as the index stores it."""

    title: str
    body: str
    branch_id: int | None = None
    owner_id: int | None = None
    restricted: bool = False
    happened_at: datetime | None = None

    @property
    def source_hash(self) -> str:
        """A fingerprint of what the row would hold: a batch job can skip jieba when nothing changed."""
        raw = "\x1f".join(
            [self.title, self.body, str(self.branch_id), str(self.owner_id), str(self.restricted)]
        )
        return hashlib.sha1(raw.encode("utf-8"), usedforsecurity=False).hexdigest()

    def terms(self) -> str:
        return joined(search_terms(_MARKER.sub(" ", f"{self.title}\n{self.body}")))


@dataclass(frozen=True)
class Source:
    kind: str
    model: type[Model]
    document: Callable[[Any], Document | None]
    url: Callable[[int], str]
    queryset: Callable[[], QuerySet[Any]]


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.kind] = source


def sources() -> dict[str, Source]:
    return dict(_SOURCES)


def source_for_model(model: type[Model]) -> Source | None:
    for source in _SOURCES.values():
        if source.model is model:
            return source
    return None


def redact(
    text: str, *, names: Iterable[str] = (), phones: Iterable[str] = (), enterprises: Iterable[str] = ()
) -> str:
    """``text`` without the given person's name, phone and enterprise and without anything shaped like
    personal data (``bancheng.domain.redaction``, the rule knowledge articles use too)."""
    if not text:
        return ""
    known = KnownPerson(
        names=tuple(n for n in names if n.strip()),
        phones=tuple(p for p in phones if p.strip()),
        enterprises=tuple(e for e in enterprises if e.strip()),
    )
    return redact_text(text, known)


def _lines(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


# --- cases -------------------------------------------------------------------------------------------------


def case_document(case: Any) -> Document:
    """A case as searched: what was tried and what went wrong, and how it was solved, without the requester's
    name, phone or anything shaped like personal data. The permission columns mirror ``cases_visible_to``."""
    person = {
        "names": [case.requester_name],
        "phones": [case.requester_phone],
        "enterprises": [case.requester_enterprise],
    }
    answers = [a.resolution for a in case.assignments.all()]
    body = redact(
        _lines(case.problem, case.guidance, case.resolution, *answers, case.feedback, case.close_reason),
        **person,
    )
    return Document(
        title=redact(f"{case.number} {case.business}".strip(), **person),
        body=body,
        branch_id=case.branch_id,
        owner_id=case.officer_id,
        happened_at=case.registered_at,
    )


def _case_source() -> Source:
    from bancheng.cases.models import Case

    return Source(
        kind=Kind.CASE,
        model=Case,
        document=case_document,
        url=lambda pk: reverse("cases:detail", args=[pk]),
        queryset=lambda: Case.objects.prefetch_related("assignments").order_by("pk"),
    )


# --- catalog service items ---------------------------------------------------------------------------------


def item_document(item: Any) -> Document | None:
    """An active service item: its name, conditions, procedure, materials, basis and places. An inactive item
    is not searchable at all."""
    if not item.is_active:
        return None
    materials = "、".join(str(m) for m in (item.materials or []))
    return Document(
        title=f"{item.name}",
        body=_lines(
            item.conditions,
            item.procedure,
            f"申请材料：{materials}" if materials else "",
            f"办理时限：{item.time_limit}" if item.time_limit else "",
            item.policy_basis,
            item.cooperating_units,
            item.place,
        ),
        happened_at=item.updated_at,
    )


def _item_source() -> Source | None:
    if not apps.is_installed("bancheng.catalog"):
        return None
    try:
        model = apps.get_model("catalog", "ServiceItem")
    except LookupError:
        return None

    def url(pk: int) -> str:
        try:
            return reverse("catalog:detail", args=[pk])
        except Exception:  # the catalog's pages may not be routed yet
            return ""

    return Source(
        kind=Kind.ITEM,
        model=model,
        document=item_document,
        url=url,
        queryset=lambda: model.objects.order_by("pk"),
    )


# --- knowledge articles ------------------------------------------------------------------------------------


def article_document(article: Any) -> Document:
    """An article: problem, cause, solution and basis (already free of personal data when drafted from a
        case). Published ones are open to everyone who may search; the others (draft, in review, withdrawn) to their
    author and the editors."""
    status = str(getattr(article, "status", "published"))
    title = getattr(article, "title", "") or (article.problem or "").strip().splitlines()[0][:80]
    return Document(
        title=title,
        body=redact(_lines(article.problem, article.cause, article.solution, article.policy_basis)),
        owner_id=getattr(article, "author_id", None),
        restricted=status != "published",
        happened_at=getattr(article, "updated_at", None),
    )


def _article_source() -> Source | None:
    if not apps.is_installed("bancheng.knowledge"):
        return None
    try:
        model = apps.get_model("knowledge", "Article")
    except LookupError:
        return None
    return Source(
        kind=Kind.ARTICLE,
        model=model,
        document=article_document,
        url=lambda pk: f"/knowledge/articles/{pk}/",
        queryset=lambda: model.objects.order_by("pk"),
    )


def register_sources() -> None:
    register(_case_source())
    for make in (_item_source, _article_source):
        source = make()
        if source is not None:
            register(source)


def all_sources() -> Iterator[Source]:
    yield from _SOURCES.values()
