"""Suggestion quality: the category and handling-unit models of ``bancheng.suggest`` against two baselines in
the same run, on a labelled set written from phrase banks (``bancheng.suggest.samples``), 20 % held out.

Run: ``DJANGO_SETTINGS_MODULE=bancheng.settings.local .venv/bin/python bench/suggest_quality.py``
(``--help`` for the knobs). Needs no database: the models are trained and scored in memory, exactly as
``bancheng suggest train`` does (the same ``learning.train``), then one ``learning.predict`` per kind is
timed per text for the latency of ``suggest()`` without its two small queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bancheng.settings.local")

import django

django.setup()

from sklearn.model_selection import train_test_split  # noqa: E402

from bancheng.domain import suggest as rules  # noqa: E402
from bancheng.suggest import learning, samples  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=7, help="the generator's seed")
    parser.add_argument("--label-noise", type=float, default=0.06)
    parser.add_argument("--latency-calls", type=int, default=500)
    parser.add_argument(
        "--installed",
        action="store_true",
        help="only time whole suggest() calls against the configured database's trained models (make demo)",
    )
    args = parser.parse_args()
    if args.installed:
        return installed(args.latency_calls)

    data = samples.generate(args.cases, seed=args.seed, label_noise=args.label_noise)
    texts = [learning.case_text(s.business, s.problem) for s in data]
    print(
        f"{len(data)} cases, {len(set(texts))} distinct texts, seed {args.seed}, label noise {args.label_noise:.0%}"
    )
    print("categories:", dict(Counter(s.category for s in data).most_common()))
    print("units:", dict(Counter(s.unit for s in data).most_common()))

    index = list(range(len(data)))
    rows = []
    models = {}
    for kind in ("category", "unit"):
        labels = [getattr(s, kind) for s in data]
        train_ix, test_ix = train_test_split(
            index, test_size=learning.HOLD_OUT, random_state=learning.SEED, stratify=labels
        )
        truth = [labels[i] for i in test_ix]
        started = time.perf_counter()
        trained = learning.train(
            [texts[i] for i in train_ix], [labels[i] for i in train_ix], hold_out=learning.HOLD_OUT
        )
        seconds = time.perf_counter() - started
        models[kind] = trained
        ranked = learning.ranked_labels(trained.vectorizer, trained.classifier, [texts[i] for i in test_ix])
        rows.append((kind, "model (tf-idf + logistic regression)", truth, ranked, seconds))
        order = rules.majority([labels[i] for i in train_ix])
        rows.append((kind, "majority class", truth, [order] * len(truth), 0.0))
        position = 0 if kind == "category" else 1
        rule = [[samples.keyword_rule(texts[i])[position]] for i in test_ix]
        rows.append((kind, "keyword rule", truth, rule, 0.0))

    print()
    print(f"held out: {len(rows[0][2])} cases (20 %, stratified, seed {learning.SEED})")
    print(f"{'kind':<9} {'method':<38} {'accuracy':>9} {'top-3':>7} {'train s':>8}")
    for kind, method, truth, ranked, seconds in rows:
        top1 = rules.top_k_accuracy(truth, ranked, 1)
        top3 = rules.top_k_accuracy(truth, ranked, 3)
        shown = f"{seconds:8.1f}" if seconds else f"{'':>8}"
        print(f"{kind:<9} {method:<38} {top1:9.1%} {top3:7.1%} {shown}")

    # latency of one suggestion (both kinds, top 3 with deciding words) on held-out texts
    probes = [texts[i] for i in range(0, len(texts), max(1, len(texts) // args.latency_calls))][
        : args.latency_calls
    ]
    for text in probes[:20]:  # warm-up: jieba's dictionary and the vectorizers' vocabularies
        for trained in models.values():
            learning.predict(trained.vectorizer, trained.classifier, text)
    timings = []
    for text in probes:
        started = time.perf_counter()
        for trained in models.values():
            learning.predict(trained.vectorizer, trained.classifier, text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print()
    print(
        f"suggest latency (category + unit, top 3 with deciding words), {len(timings)} calls: "
        f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
    )
    return 0


def installed(calls: int) -> int:
    """Whole ``suggest()`` calls (queries included) against the models stored in the configured database."""
    from django.db import connection

    from bancheng.suggest.selectors import suggest

    texts = [learning.case_text(s.business, s.problem) for s in samples.generate(calls, seed=99)]
    if not suggest(texts[0]).ready:
        print("no trained model in this database (make demo, or bancheng suggest train)")
        return 1
    for text in texts[:20]:
        suggest(text)
    timings = []
    for text in texts:
        started = time.perf_counter()
        suggest(text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{connection.vendor}: whole suggest(), {len(timings)} calls: "
        f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
