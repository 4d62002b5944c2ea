"""Reads of the suggestions: the labelled history a model learns from, the newest model (cached per process,
checked with one cheap query), and ``suggest(text)``."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min

from bancheng.domain import suggest as rules
from bancheng.suggest import learning
from bancheng.suggest.choices import Kind
from bancheng.suggest.models import SuggestionFeedback, SuggestionModel

log = logging.getLogger(__name__)

DEFAULT_MAX_SAMPLES = 200_000


@dataclass
class History:
    """The labelled cases of one kind: text, label, weight (overrides weigh more), and a mark that changes
    whenever the history does."""

    case_ids: list[int]
    texts: list[str]
    labels: list[str]
    weights: list[float]
    overrides: int
    mark: str


def _overridden(kind: Kind) -> set[int]:
    return set(SuggestionFeedback.objects.filter(kind=kind, accepted=False).values_list("case_id", flat=True))


def max_samples() -> int:
    """The most recent cases a model learns from (``BANCHENG_SUGGEST_MAX_SAMPLES``, 200,000): recent history
    reflects the policy and the units in force, and training time stays bounded."""
    return int(getattr(settings, "BANCHENG_SUGGEST_MAX_SAMPLES", DEFAULT_MAX_SAMPLES))


def category_history() -> History:
    """Assessed cases, newest first up to ``max_samples``: the category chosen at assessment is the label."""
    from bancheng.cases.models import Case

    rows = (
        Case.objects.exclude(assessed_at=None)
        .exclude(category="")
        .order_by("-pk")
        .values_list("pk", "business", "problem", "category")[: max_samples()]
    )
    texts = [(pk, learning.case_text(b, p), label) for pk, b, p, label in rows]
    return _history(Kind.CATEGORY, texts[::-1])


def unit_history() -> History:
    """Transferred cases, newest first up to ``max_samples``: the unit of the case's first assignment (the
    lowest assignment id) is the label."""
    from bancheng.cases.models import Assignment

    firsts = Assignment.objects.values("case_id").annotate(first=Min("pk")).values("first")
    rows = (
        Assignment.objects.filter(pk__in=firsts)
        .order_by("-case_id")
        .values_list("case_id", "case__business", "case__problem", "unit__code")[: max_samples()]
    )
    texts = [(pk, learning.case_text(b, p), unit) for pk, b, p, unit in rows]
    return _history(Kind.UNIT, texts[::-1])


def _history(kind: Kind, rows: list[tuple[int, str, str]]) -> History:
    overridden = _overridden(kind)
    weights = [rules.OVERRIDE_WEIGHT if pk in overridden else 1.0 for pk, _, _ in rows]
    return History(
        case_ids=[pk for pk, _, _ in rows],
        texts=[t for _, t, _ in rows],
        labels=[label for _, _, label in rows],
        weights=weights,
        overrides=sum(1 for pk, _, _ in rows if pk in overridden),
        mark=history_mark(kind),
    )


def history_mark(kind: Kind) -> str:
    """A cheap fingerprint of the labelled history (counts and newest rows): equal marks, nothing new."""
    from bancheng.cases.models import Assignment, Case

    feedback = SuggestionFeedback.objects.filter(kind=kind).aggregate(n=Count("pk"), last=Max("pk"))
    if kind == Kind.CATEGORY:
        cases = (
            Case.objects.exclude(assessed_at=None)
            .exclude(category="")
            .aggregate(n=Count("pk"), last=Max("assessed_at"), top=Max("pk"))
        )
        return f"c{cases['n']}:{cases['top']}:{cases['last']}:f{feedback['n']}:{feedback['last']}"
    assignments = Assignment.objects.aggregate(n=Count("case_id", distinct=True), top=Max("pk"))
    return f"a{assignments['n']}:{assignments['top']}:f{feedback['n']}:{feedback['last']}"


def cases_with_external_prefix(prefix: str) -> bool:
    """Whether any case's external number starts with ``prefix`` (the demo history's mark)."""
    from bancheng.cases.models import Case

    return Case.objects.filter(external_number__startswith=prefix).exists()


def newest_models() -> dict[str, int]:
    """The id of the newest active model of each kind: one small query."""
    rows = SuggestionModel.objects.filter(active=True).values("kind").annotate(newest=Max("pk"))
    return {r["kind"]: r["newest"] for r in rows}


class _Cache:
    """The loaded models of this process by kind, reloaded when a newer model appears."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loaded: dict[str, tuple[int, Any, Any]] = {}

    def get(self, kind: str, model_id: int) -> tuple[Any, Any] | None:
        held = self.loaded.get(kind)
        if held is not None and held[0] == model_id:
            return held[1], held[2]
        with self.lock:
            row = SuggestionModel.objects.filter(pk=model_id).values_list("blob", "digest").first()
            if row is None:
                return None
            try:
                vectorizer, classifier = learning.load(bytes(row[0]), row[1])
            except learning.ModelRefused:
                log.error("suggestion model %s refused: its digest does not match", model_id)
                return None
            except Exception:  # e.g. written by another scikit-learn version: no suggestion, never a 500
                log.exception("suggestion model %s could not be loaded", model_id)
                return None
            self.loaded[kind] = (model_id, vectorizer, classifier)
            return vectorizer, classifier

    def clear(self) -> None:
        self.loaded.clear()


cache = _Cache()


def suggest(text: str, *, k: int = rules.TOP) -> rules.Suggestion:
    """The suggested categories and handling units of a case's text, best first, each with its probability
    and deciding words. Empty when there is no model yet (or the text has no words)."""
    if not text.strip():
        return rules.Suggestion()
    newest = newest_models()
    found: dict[str, tuple[int, list[tuple[str, float, tuple[str, ...]]]]] = {}
    for kind in (Kind.CATEGORY, Kind.UNIT):
        model_id = newest.get(kind.value)
        if model_id is None:
            continue
        loaded = cache.get(kind.value, model_id)
        if loaded is None:
            continue
        found[kind.value] = (model_id, learning.predict(loaded[0], loaded[1], text, k))
    categories = found.get(Kind.CATEGORY.value)
    units = found.get(Kind.UNIT.value)
    return rules.Suggestion(
        categories=tuple(_ranked(categories[1], _category_labels())) if categories else (),
        units=tuple(_ranked(units[1], _unit_labels([c for c, _, _ in units[1]]))) if units else (),
        category_model_id=categories[0] if categories else None,
        unit_model_id=units[0] if units else None,
    )


def _ranked(rows: list[tuple[str, float, tuple[str, ...]]], labels: dict[str, str]) -> list[rules.Ranked]:
    return [
        rules.Ranked(code, labels[code], probability, words)
        for code, probability, words in rows
        if code in labels
    ]


def _category_labels() -> dict[str, str]:
    from bancheng.policies.services import policy_of

    return {c.code: c.label for c in policy_of(None).categories}


def _unit_labels(codes: list[str]) -> dict[str, str]:
    from bancheng.org.models import Unit

    return dict(Unit.objects.filter(code__in=codes, active=True).values_list("code", "name"))
