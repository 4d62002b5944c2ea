"""Suggestions while registering: what a ranked suggestion is, how the deciding words are picked, how the
suggestions are scored on held-out cases, and when there is enough history to train at all. Plain Python;
the model itself (jieba + scikit-learn) lives in ``bancheng.suggest``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

TOP = 3
DECIDING_WORDS = 5
DEFAULT_MIN_SAMPLES = 30
OVERRIDE_WEIGHT = 2.0

# Numbers long enough to be a phone, an ID or a case number say nothing about the topic and are personal data.
_LONG_NUMBER = re.compile(r"^[0-9x]{6,}$")


@dataclass(frozen=True)
class Ranked:
    """One suggested value (a category code or a unit code) with its probability and deciding words."""

    code: str
    label: str
    probability: float
    words: tuple[str, ...] = ()

    @property
    def percent(self) -> int:
        return round(self.probability * 100)

    @property
    def note(self) -> str:
        return suggestion_note(self.label, self.probability)


@dataclass(frozen=True)
class Suggestion:
    """The suggested categories and handling units for one text, best first (at most three each), and the
    models that made them (None: no model of that kind yet)."""

    categories: tuple[Ranked, ...] = ()
    units: tuple[Ranked, ...] = ()
    category_model_id: int | None = None
    unit_model_id: int | None = None

    @property
    def category(self) -> Ranked | None:
        return self.categories[0] if self.categories else None

    @property
    def unit(self) -> Ranked | None:
        return self.units[0] if self.units else None

    @property
    def ready(self) -> bool:
        return bool(self.categories or self.units)


@dataclass(frozen=True)
class Quality:
    """How a model did on held-out cases."""

    samples: int
    held_out: int
    accuracy: float
    top3_accuracy: float
    classes: int
    notes: tuple[str, ...] = field(default_factory=tuple)


def suggestion_note(label: str, probability: float) -> str:
    """The note next to a pre-selected value: 系统建议：提取（置信度 87%）."""
    return f"系统建议：{label}（置信度 {round(probability * 100)}%）"


def model_terms(words: Iterable[str]) -> list[str]:
    """The words a model learns from: long numbers (phones, ID and case numbers) left out."""
    return [w for w in words if not _LONG_NUMBER.match(w)]


def rank(labels: Sequence[str], probabilities: Sequence[float], k: int = TOP) -> list[tuple[str, float]]:
    """The ``k`` most probable labels, best first; ties keep the labels' order."""
    if len(labels) != len(probabilities):
        raise ValueError("labels and probabilities differ in length")
    order = sorted(range(len(labels)), key=lambda i: (-probabilities[i], i))
    return [(labels[i], float(probabilities[i])) for i in order[:k]]


def deciding_words(contributions: Iterable[tuple[str, float]], k: int = DECIDING_WORDS) -> tuple[str, ...]:
    """The words that pushed most towards a value: positive contributions (tf-idf weight × the class's
    coefficient), largest first, each word once; single characters and word pairs are left out."""
    best: dict[str, float] = {}
    for word, value in contributions:
        if len(word) < 2 or " " in word:
            continue  # single characters and word pairs explain little to a reader
        if value > 0 and value > best.get(word, 0.0):
            best[word] = value
    return tuple(w for w, _ in sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k])


def top_k_accuracy(truth: Sequence[str], ranked: Sequence[Sequence[str]], k: int) -> float:
    """The share of cases whose true label is among the first ``k`` suggestions (0 when there are none)."""
    if len(truth) != len(ranked):
        raise ValueError("truth and ranked differ in length")
    if not truth:
        return 0.0
    hits = sum(1 for t, r in zip(truth, ranked, strict=True) if t in list(r)[:k])
    return hits / len(truth)


def enough_samples(labels: Sequence[str], min_samples: int, what: str = "已研判的诉求件") -> str | None:
    """Why there is not enough history to train (in Chinese), or None when there is."""
    if len(labels) < min_samples:
        return f"样本不足：只有 {len(labels)} 件{what}，至少需要 {min_samples} 件"
    if len(set(labels)) < 2:
        return "样本不足：历史诉求件只有一种取值，无从比较"
    return None


def stratifiable(labels: Sequence[str]) -> bool:
    """A stratified hold-out needs at least two cases of every value."""
    counts = Counter(labels)
    return bool(counts) and min(counts.values()) >= 2


def majority(labels: Sequence[str]) -> list[str]:
    """Labels from the most to the least frequent (ties in label order): the majority-class baseline."""
    counts = Counter(labels)
    return [label for label, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
