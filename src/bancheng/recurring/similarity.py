"""Which cases say the same problem: TF-IDF vectors of the words of 所办事项 and 反映内容
(``bancheng.text.segment.words``), cosine similarity, and the connected components of the graph that links
two cases when they are at least ``threshold`` similar AND each is among the other's ``neighbours`` most
similar cases (mutual nearest neighbours within a radius). The mutual-neighbour condition stops the chaining
of plain single linkage, where cases of different problems that share a business word and a few stock
phrases (很着急，请尽快处理) would join everything into one giant group.

Computed so that 100,000 cases fit in bounded memory: the similarities are computed a block of rows at a time
(a sparse product of the block with all cases, the block small enough that one product holds at most
``BLOCK_ENTRIES`` entries) and never kept. A first pass finds each case's ``neighbours``-th best similarity,
a second pass folds each block's links into a forest (one representative per component, an array of the
cases' length). Memory is the vectors, two arrays of the cases' length and one block, not the number of
similar pairs. ``naive_components`` is the all-pairs reference the tests compare with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from bancheng.domain import recurring

BLOCK_ENTRIES = 20_000_000
_NUMBER = re.compile(r"\d{3,}")
COMMON_SHARE = 0.05
TIGHTEN_STEP = 0.1
MAX_THRESHOLD = 0.9
COMMON_FLOOR = 2000
NEIGHBOURS = 20
EPSILON = 1e-6


@dataclass
class Components:
    """The component of each case (a representative case index) and the weighted TF-IDF vectors."""

    labels: np.ndarray
    vectors: sparse.csr_matrix
    vocabulary: list[str]

    def groups(self) -> list[list[int]]:
        order = np.argsort(self.labels, kind="stable")
        cut = np.flatnonzero(np.diff(self.labels[order])) + 1
        return [part.tolist() for part in np.split(order, cut) if len(part) > 1]

    def terms(self, members: Sequence[int], count: int = 5) -> list[str]:
        """The heaviest words of a group (its cases' TF-IDF weights summed) among those used by at least two
        of its cases and not numbers: a word of one case alone (a name, a phone number someone wrote into
        the problem) never labels a group."""
        rows = self.vectors[list(members)]
        summed = np.asarray(rows.sum(axis=0)).ravel()
        used = np.bincount(rows.indices, minlength=rows.shape[1])
        summed[used < min(2, len(members))] = 0
        heaviest = np.argsort(-summed, kind="stable")[: count * 3]
        weights = {
            self.vocabulary[i]: float(summed[i])
            for i in heaviest
            if summed[i] > 0 and not _NUMBER.search(self.vocabulary[i])
        }
        return recurring.top_terms(weights, count)


def _as_is(doc: list[str]) -> list[str]:
    return doc


def vectorize(docs: Sequence[list[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """L2-normalised TF-IDF rows (sublinear term frequency), so a dot product is the cosine. Words found in
    more than ``COMMON_SHARE`` of the cases (and in more than ``COMMON_FLOOR``) are left out: in a large
    window they say nothing about which problem it is (公积金, 提取 at a housing-fund center; 很着急), and
    they are what would make every pair of cases a candidate."""
    n = len(docs)
    if not any(docs):
        return sparse.csr_matrix((n, 0), dtype=np.float32), []
    common = max(COMMON_FLOOR, int(COMMON_SHARE * n))
    vectorizer = TfidfVectorizer(analyzer=_as_is, sublinear_tf=True, dtype=np.float32, max_df=common)
    try:
        matrix = vectorizer.fit_transform(docs).tocsr()
    except ValueError:  # every word is common: nothing tells these cases apart
        return sparse.csr_matrix((n, 0), dtype=np.float32), []
    return matrix, list(vectorizer.get_feature_names_out())


def components(
    docs: Sequence[list[str]],
    threshold: float,
    *,
    neighbours: int = NEIGHBOURS,
    block_rows: int | None = None,
    tighten: bool = True,
) -> Components:
    """The connected components of the mutual-nearest-neighbour links at least ``threshold`` similar; with
    ``tighten``, a loose component is split (``_tightened``)."""
    vectors, vocabulary = vectorize(docs)
    labels = _linked(vectors, threshold, neighbours, block_rows)
    if tighten:
        labels = _tightened(vectors, labels, threshold, neighbours, block_rows)
    return Components(labels, vectors, vocabulary)


def _linked(
    vectors: sparse.csr_matrix, threshold: float, neighbours: int, block_rows: int | None
) -> np.ndarray:
    n = vectors.shape[0]
    labels = np.arange(n, dtype=np.int64)
    if n < 2 or vectors.shape[1] == 0:
        return labels
    rows_per_block = block_rows or max(16, min(2000, BLOCK_ENTRIES // n))
    floor = _kth_best(_blocks(vectors, threshold, rows_per_block), n, threshold, neighbours)
    for rows, cols, sims in _blocks(vectors, threshold, rows_per_block):
        upper = cols > rows
        rows, cols, sims = rows[upper], cols[upper], sims[upper]
        mutual = (sims >= floor[rows] - EPSILON) & (sims >= floor[cols] - EPSILON)
        labels = _fold(labels, rows[mutual], cols[mutual])
    return labels


def _tightened(
    vectors: sparse.csr_matrix, labels: np.ndarray, threshold: float, neighbours: int, block_rows: int | None
) -> np.ndarray:
    """Split the loose components: a component is tight when its pairs are on average at least
    ``threshold`` similar and each of its cases is at least that similar to the component's centroid (one
    problem said in several ways is; a chain of cases that each resemble the next but not the whole is not,
    nor a grid of cases sharing either the business or the obstacle). A loose one is linked again among itself at a threshold
    ``TIGHTEN_STEP`` higher, recursively, up to ``MAX_THRESHOLD``; cases left alone are dropped."""
    labels = labels.copy()
    pending = [(members, threshold) for members in _parts(labels)]
    while pending:
        members, level = pending.pop()
        sub = vectors[members]
        centroid = np.asarray(sub.sum(axis=0)).ravel()
        norm = float(np.linalg.norm(centroid))
        fit = sub @ (centroid / norm) if norm else np.zeros(len(members))
        count = len(members)
        mean_pair = (norm * norm - count) / (count * (count - 1))  # |Σv|² = n + Σ over pairs i≠j of cos
        if float(np.min(fit)) >= threshold - EPSILON and mean_pair >= threshold - EPSILON:
            continue
        labels[members] = members  # dissolve, then rebuild the tighter parts
        if level + TIGHTEN_STEP > MAX_THRESHOLD + EPSILON:
            continue
        inner = _linked(sub, level + TIGHTEN_STEP, neighbours, block_rows)
        for part in _parts(inner):
            chosen = members[part]
            labels[chosen] = chosen.min()
            pending.append((chosen, level + TIGHTEN_STEP))
    return labels


def _parts(labels: np.ndarray) -> list[np.ndarray]:
    """The indexes of each component with more than one case."""
    order = np.argsort(labels, kind="stable")
    cut = np.flatnonzero(np.diff(labels[order])) + 1
    return [part for part in np.split(order, cut) if len(part) > 1]


def _blocks(
    vectors: sparse.csr_matrix, threshold: float, rows_per_block: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(row, column, similarity) of the pairs of different cases at least ``threshold`` similar, a block of
    rows at a time, rows ascending."""
    transposed = vectors.T.tocsr()
    for start in range(0, vectors.shape[0], rows_per_block):
        product = (vectors[start : start + rows_per_block] @ transposed).tocoo()
        keep = (product.data >= threshold - EPSILON) & (product.row + start != product.col)
        yield (
            product.row[keep].astype(np.int64) + start,
            product.col[keep].astype(np.int64),
            product.data[keep],
        )


def _kth_best(
    blocks: Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]], n: int, threshold: float, k: int
) -> np.ndarray:
    """Each case's ``k``-th best similarity to another case (``threshold`` when it has fewer than ``k``
    neighbours that similar): a link must reach both ends' value to be mutual."""
    floor = np.full(n, threshold, dtype=np.float64)
    for rows, _, sims in blocks:
        if len(rows) == 0:
            continue
        order = np.lexsort((-sims, rows))
        rows, sims = rows[order], sims[order]
        first = np.searchsorted(rows, rows, side="left")
        rank = np.arange(len(rows)) - first
        at_k = rank == k - 1
        floor[rows[at_k]] = np.maximum(sims[at_k], threshold)
    return floor


def _fold(labels: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The forest ``labels`` (each case → its component's representative) joined by the links rows–cols."""
    if len(rows) == 0:
        return labels
    n = len(labels)
    nodes = np.arange(n, dtype=np.int64)
    graph = sparse.coo_matrix(
        (
            np.ones(len(rows) + n, dtype=np.int8),
            (np.concatenate([rows, nodes]), np.concatenate([cols, labels])),
        ),
        shape=(n, n),
    )
    _, component = connected_components(graph, directed=False)
    first = np.full(component.max() + 1, n, dtype=np.int64)
    np.minimum.at(first, component, nodes)
    return first[component]


def naive_components(
    docs: Sequence[list[str]], threshold: float, *, neighbours: int = NEIGHBOURS
) -> Components:
    """The all-pairs reference (a dense n × n similarity matrix), for the tests and the benchmark's baseline
    on small samples: the same rule, computed the obvious way."""
    vectors, vocabulary = vectorize(docs)
    n = len(docs)
    if n < 2 or not vocabulary:
        return Components(np.arange(n, dtype=np.int64), vectors, vocabulary)
    dense = (vectors @ vectors.T).toarray().astype(np.float64)
    np.fill_diagonal(dense, -1.0)
    floor = np.full(n, threshold)
    for i in range(n):
        similar = np.sort(dense[i][dense[i] >= threshold - EPSILON])[::-1]
        if len(similar) >= neighbours:
            floor[i] = max(similar[neighbours - 1], threshold)
    linked = (
        (dense >= threshold - EPSILON)
        & (dense >= floor[:, None] - EPSILON)
        & (dense >= floor[None, :] - EPSILON)
    )
    _, component = connected_components(sparse.csr_matrix(linked), directed=False)
    nodes = np.arange(n, dtype=np.int64)
    first = np.full(component.max() + 1, n, dtype=np.int64)
    np.minimum.at(first, component, nodes)
    return Components(first[component], vectors, vocabulary)
