"""The writes of the suggestions: training a model (a ``SuggestionModel`` row, audited on the system stream)
and recording what an officer did with a suggestion (a ``SuggestionFeedback`` row)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from bancheng.audit.chain import append_event
from bancheng.domain import suggest as rules
from bancheng.suggest import learning, selectors
from bancheng.suggest.choices import Kind
from bancheng.suggest.models import SuggestionFeedback, SuggestionModel

log = logging.getLogger(__name__)

KEEP_MODELS = 5
HISTORY = {Kind.CATEGORY: selectors.category_history, Kind.UNIT: selectors.unit_history}


@dataclass(frozen=True)
class TrainingResult:
    """What one training run did for one kind: a new model, a skip (nothing new) or a refusal (too few)."""

    kind: Kind
    status: str  # "trained" | "unchanged" | "too_few" | "dry_run"
    message: str
    model: SuggestionModel | None = None


def train_models(
    *,
    kinds: tuple[Kind, ...] = (Kind.CATEGORY, Kind.UNIT),
    min_samples: int = rules.DEFAULT_MIN_SAMPLES,
    force: bool = False,
    dry_run: bool = False,
    actor: Any = None,
    now: datetime | None = None,
) -> list[TrainingResult]:
    """Train each kind's model on the labelled history. Skips a kind whose history has not changed since
    its newest model (unless ``force``); refuses, with a Chinese reason, when there are too few cases.
    Keeps the last five models of a kind. Event ``suggest_model_trained`` on the system stream."""
    now = now or timezone.now()
    return [_train(kind, min_samples, force, dry_run, actor, now) for kind in kinds]


def _train(
    kind: Kind, min_samples: int, force: bool, dry_run: bool, actor: Any, now: datetime
) -> TrainingResult:
    newest = SuggestionModel.objects.filter(kind=kind, active=True).defer("blob").order_by("-pk").first()
    mark = selectors.history_mark(kind)
    if newest is not None and newest.data_mark == mark and not force and _verifies(newest.pk):
        return TrainingResult(
            kind, "unchanged", f"{kind.label}：自上次训练以来没有新样本，未重新训练", newest
        )
    history = HISTORY[kind]()
    what = "已研判的诉求件" if kind == Kind.CATEGORY else "已转办的诉求件"
    reason = rules.enough_samples(history.labels, min_samples, what)
    if reason:
        return TrainingResult(kind, "too_few", f"{kind.label}：{reason}")
    if dry_run:
        return TrainingResult(kind, "dry_run", f"{kind.label}：将以 {len(history.labels)} 件样本训练")
    trained = learning.train(history.texts, history.labels, history.weights, min_samples=min_samples)
    model = save_model(kind, trained, mark=history.mark, overrides=history.overrides, actor=actor, now=now)
    quality = trained.quality
    message = (
        f"{kind.label}：已训练（样本 {quality.samples} 件，留出 {quality.held_out} 件，"
        f"准确率 {quality.accuracy:.1%}，前三准确率 {quality.top3_accuracy:.1%}，用时 {trained.seconds:.1f} 秒）"
    )
    return TrainingResult(kind, "trained", message, model)


def _verifies(model_id: int) -> bool:
    """Whether a stored model's bytes still match their digest (a new SECRET_KEY breaks them all)."""
    row = SuggestionModel.objects.filter(pk=model_id).values_list("blob", "digest").first()
    return row is not None and learning.digest(bytes(row[0])) == row[1]


def save_model(
    kind: Kind,
    trained: learning.Trained,
    *,
    mark: str = "",
    overrides: int = 0,
    actor: Any = None,
    now: datetime | None = None,
) -> SuggestionModel:
    """Store a trained model with its digest and figures, keep the last five of its kind, audit it."""
    now = now or timezone.now()
    blob = learning.dump(trained)
    quality = trained.quality
    with transaction.atomic():
        model = SuggestionModel.objects.create(
            kind=kind,
            trained_at=now,
            samples=quality.samples,
            held_out=quality.held_out,
            classes=quality.classes,
            accuracy=quality.accuracy,
            top3_accuracy=quality.top3_accuracy,
            overrides=overrides,
            data_mark=mark,
            seconds=round(trained.seconds, 3),
            blob=blob,
            digest=learning.digest(blob),
        )
        stale = list(
            SuggestionModel.objects.filter(kind=kind)
            .order_by("-pk")
            .values_list("pk", flat=True)[KEEP_MODELS:]
        )
        SuggestionModel.objects.filter(pk__in=stale).delete()
        append_event(
            stream="system",
            action="suggest_model_trained",
            at=now,
            actor=actor,
            after={"model": model.pk, "kind": kind.value},
            data={
                "samples": quality.samples,
                "held_out": quality.held_out,
                "accuracy": round(quality.accuracy, 4),
                "top3_accuracy": round(quality.top3_accuracy, 4),
                "overrides": overrides,
                "removed": stale,
            },
        )
    return model


def record_feedback(
    case: Any,
    *,
    kind: Kind,
    chosen: list[str],
    actor: Any = None,
    now: datetime | None = None,
) -> SuggestionFeedback | None:
    """Record what was chosen against what the model in force suggests for the case's text: accepted when
    the top suggestion is among the chosen values (the first chosen one is the label). Once per case and
    kind; nothing when there is no model of that kind."""
    if not chosen or SuggestionFeedback.objects.filter(case_id=case.pk, kind=kind).exists():
        return None
    suggestion = selectors.suggest(learning.case_text(case.business, case.problem))
    top = suggestion.category if kind == Kind.CATEGORY else suggestion.unit
    model_id = suggestion.category_model_id if kind == Kind.CATEGORY else suggestion.unit_model_id
    if top is None:
        return None
    feedback, _ = SuggestionFeedback.objects.get_or_create(
        case_id=case.pk,
        kind=kind,
        defaults={
            "suggested": top.code,
            "probability": top.probability,
            "chosen": chosen[0],
            "accepted": top.code in chosen,
            "model_id": model_id,
            "actor": actor,
            "at": now or timezone.now(),
        },
    )
    return feedback
