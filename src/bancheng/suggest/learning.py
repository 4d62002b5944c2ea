"""The model itself: jieba words → tf-idf → multinomial logistic regression, its held-out scoring, its
deciding words, and its bytes. No database here: ``actions`` and ``selectors`` feed it rows."""

from __future__ import annotations

import io
import itertools
import math
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import joblib
import numpy as np
from django.utils.crypto import salted_hmac
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from bancheng.domain import suggest as rules
from bancheng.text.segment import words

SEED = 20261130
HOLD_OUT = 0.2
_DIGEST_SALT = "bancheng.suggest.model"


class ModelRefused(Exception):
    """A stored model whose bytes do not match their digest: it is not unpickled."""


def analyze(text: str) -> list[str]:
    """The features of a text: its jieba words (no stop words, no long numbers) and adjacent word pairs,
    so 无法 提取 and 提取 无法 differ a little."""
    return list(_analyzed(text))


@lru_cache(maxsize=50_000)
def _analyzed(text: str) -> tuple[str, ...]:
    # cached: a training run cuts each text once for the hold-out fit and again for the final fit
    terms = rules.model_terms(words(text))
    return (*terms, *(f"{a} {b}" for a, b in itertools.pairwise(terms)))


def case_text(business: str, problem: str) -> str:
    return f"{business}\n{problem}"


@dataclass
class Trained:
    """A fitted model with its scoring on held-out cases (fitted again on every case before it is kept)."""

    vectorizer: TfidfVectorizer
    classifier: LogisticRegression
    quality: rules.Quality
    seconds: float

    @property
    def labels(self) -> list[str]:
        return [str(c) for c in self.classifier.classes_]


def _fit(texts: list[str], labels: list[str], weights: list[float]) -> tuple[TfidfVectorizer, Any]:
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, min_df=1)
    matrix = vectorizer.fit_transform(texts)
    classifier = LogisticRegression(C=4.0, solver="newton-cg", max_iter=500)
    classifier.fit(matrix, labels, sample_weight=np.asarray(weights, dtype=float))
    return vectorizer, classifier


def train(
    texts: list[str],
    labels: list[str],
    weights: list[float] | None = None,
    *,
    min_samples: int = rules.DEFAULT_MIN_SAMPLES,
    hold_out: float = HOLD_OUT,
    seed: int = SEED,
) -> Trained:
    """Score on a stratified 20 % hold-out (fixed seed), then fit on everything. Raises ValueError with a
    Chinese reason when there is too little history."""
    weights = weights if weights is not None else [1.0] * len(texts)
    reason = rules.enough_samples(labels, min_samples)
    if reason:
        raise ValueError(reason)
    started = time.perf_counter()
    notes: list[str] = []
    held = math.ceil(len(labels) * hold_out)
    stratify = labels if rules.stratifiable(labels) and held >= len(set(labels)) else None
    if stratify is None:
        notes.append("有的取值样本太少，留出样本未分层")
    index = list(range(len(texts)))
    train_ix, test_ix = train_test_split(index, test_size=hold_out, random_state=seed, stratify=stratify)
    vectorizer, classifier = _fit(
        [texts[i] for i in train_ix], [labels[i] for i in train_ix], [weights[i] for i in train_ix]
    )
    ranked = ranked_labels(vectorizer, classifier, [texts[i] for i in test_ix])
    truth = [labels[i] for i in test_ix]
    quality = rules.Quality(
        samples=len(texts),
        held_out=len(test_ix),
        accuracy=rules.top_k_accuracy(truth, ranked, 1),
        top3_accuracy=rules.top_k_accuracy(truth, ranked, rules.TOP),
        classes=len(set(labels)),
        notes=tuple(notes),
    )
    vectorizer, classifier = _fit(texts, labels, weights)
    return Trained(vectorizer, classifier, quality, time.perf_counter() - started)


def ranked_labels(vectorizer: TfidfVectorizer, classifier: Any, texts: list[str]) -> list[list[str]]:
    """Every label of each text, most probable first."""
    probabilities = classifier.predict_proba(vectorizer.transform(texts))
    classes = [str(c) for c in classifier.classes_]
    return [[classes[i] for i in np.argsort(-row, kind="stable")] for row in probabilities]


def predict(
    vectorizer: TfidfVectorizer, classifier: Any, text: str, k: int = rules.TOP
) -> list[tuple[str, float, tuple[str, ...]]]:
    """The ``k`` most probable labels of one text with their probabilities and deciding words."""
    row = vectorizer.transform([text])
    probabilities = classifier.predict_proba(row)[0]
    classes = [str(c) for c in classifier.classes_]
    names = _feature_names(vectorizer) if row.nnz else []
    out = []
    for label, probability in rules.rank(classes, list(probabilities), k):
        coefficients = _coefficients(classifier, classes.index(label))
        contributions = (
            (str(names[j]), float(value * coefficients[j]))
            for j, value in zip(row.indices, row.data, strict=True)
        )
        out.append((label, probability, rules.deciding_words(contributions)))
    return out


def _feature_names(vectorizer: TfidfVectorizer) -> Any:
    """The vectorizer's feature names, built once per loaded model (building them costs the whole
    vocabulary, far more than one prediction)."""
    names = getattr(vectorizer, "_bancheng_names", None)
    if names is None:
        names = vectorizer.get_feature_names_out()
        vectorizer._bancheng_names = names  # type: ignore[attr-defined]
    return names


def _coefficients(classifier: Any, index: int) -> Any:
    """A class's row of coefficients; with two classes scikit-learn keeps one row, for the second class."""
    coef = classifier.coef_
    if coef.shape[0] == 1:
        return coef[0] if index == 1 else -coef[0]
    return coef[index]


def dump(trained: Trained) -> bytes:
    buffer = io.BytesIO()
    joblib.dump({"vectorizer": trained.vectorizer, "classifier": trained.classifier}, buffer, compress=3)
    return buffer.getvalue()


def digest(blob: bytes) -> str:
    """SHA-256 HMAC keyed with the installation's secret: a blob written by anyone else does not match."""
    return salted_hmac(_DIGEST_SALT, blob, algorithm="sha256").hexdigest()


def load(blob: bytes, expected: str) -> tuple[TfidfVectorizer, Any]:
    """The vectorizer and classifier of a stored blob, only when its digest matches."""
    if not expected or digest(blob) != expected:
        raise ModelRefused("model digest mismatch")
    stored = joblib.load(io.BytesIO(blob))
    return stored["vectorizer"], stored["classifier"]
