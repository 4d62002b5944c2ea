"""Which cases say the same problem: TF-IDF vectors of the words of 所办事项 and 反映内容
(``bancheng.text.segment.words``), cosine similarity, and the connected components of the "at least
``threshold`` similar" graph (single linkage), computed so that 100,000 cases fit in bounded memory:

- the similarities are computed a block of rows at a time (a sparse product of the block with all cases) and
  never kept: each block's links are folded into a forest (one representative per component, an array of the
  cases' length), so memory is the vectors plus one block, not the number of similar pairs;
- terms found in very many cases (more than ``common_df``) do not make candidates on their own: the block
  product runs over the rarer terms, the common terms' share is added for the candidate pairs only (exact
  cosine for every candidate); pairs sharing only common terms can reach the threshold only when both cases
  weigh at least ``threshold`` in the common terms, and those few cases are compared among themselves. The
  result is exactly the all-pairs one (``naive_components``), which the tests check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from bancheng.domain import recurring

BLOCK_ROWS = 1000
COMMON_SHARE = 0.05  # a term in more than 5 % of the window's cases (and in at least MIN_COMMON_DF) is common
MIN_COMMON_DF = 1000


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
        """The heaviest words of a group: its cases' TF-IDF weights summed."""
        summed = np.asarray(self.vectors[list(members)].sum(axis=0)).ravel()
        heaviest = np.argsort(-summed, kind="stable")[: count * 2]
        weights = {self.vocabulary[i]: float(summed[i]) for i in heaviest if summed[i] > 0}
        return recurring.top_terms(weights, count)


def _as_is(doc: list[str]) -> list[str]:
    return doc


def vectorize(docs: Sequence[list[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """L2-normalised TF-IDF rows (sublinear term frequency), so a dot product is the cosine."""
    if not any(docs):
        return sparse.csr_matrix((len(docs), 0), dtype=np.float32), []
    vectorizer = TfidfVectorizer(analyzer=_as_is, sublinear_tf=True, dtype=np.float32)
    matrix = vectorizer.fit_transform(docs).tocsr()
    return matrix, list(vectorizer.get_feature_names_out())


def components(
    docs: Sequence[list[str]],
    threshold: float,
    *,
    block_rows: int = BLOCK_ROWS,
    common_df: int | None = None,
) -> Components:
    """The connected components of the cases whose cosine similarity is at least ``threshold``."""
    n = len(docs)
    vectors, vocabulary = vectorize(docs)
    labels = np.arange(n, dtype=np.int64)
    if n == 0 or not vocabulary:
        return Components(labels, vectors, vocabulary)
    df = np.bincount(vectors.indices, minlength=len(vocabulary))
    cap = common_df if common_df is not None else max(MIN_COMMON_DF, int(COMMON_SHARE * n))
    common = df > cap
    keep = sparse.diags((~common).astype(np.float32))
    rare = (vectors @ keep).tocsr()
    rare.eliminate_zeros()
    shared = (vectors @ sparse.diags(common.astype(np.float32))).tocsr()
    shared.eliminate_zeros()
    shared_norm = np.sqrt(np.asarray(shared.multiply(shared).sum(axis=1)).ravel())
    rare_t = rare.T.tocsr()
    for start in range(0, n, block_rows):
        stop = min(start + block_rows, n)
        product = (rare[start:stop] @ rare_t).tocoo()
        rows = product.row.astype(np.int64) + start
        cols = product.col.astype(np.int64)
        upper = cols > rows
        rows, cols, sims = rows[upper], cols[upper], product.data[upper]
        hopeful = sims + shared_norm[rows] * shared_norm[cols] >= threshold - 1e-6
        rows, cols, sims = rows[hopeful], cols[hopeful], sims[hopeful]
        if shared.nnz and len(rows):
            sims = sims + np.asarray(shared[rows].multiply(shared[cols]).sum(axis=1)).ravel()
        linked = sims >= threshold - 1e-6
        labels = _fold(labels, rows[linked], cols[linked])
    # Pairs that share no rare term are similar only through the common terms, which needs both cases to
    # weigh at least ``threshold`` in them (cosine ≤ the product of the two norms): compare those alone.
    heavy = np.flatnonzero(shared_norm >= threshold - 1e-6)
    if len(heavy) > 1:
        heavy_t = shared[heavy].T.tocsr()
        for start in range(0, len(heavy), block_rows):
            part = heavy[start : start + block_rows]
            product = (shared[part] @ heavy_t).tocoo()
            rows, cols = part[product.row], heavy[product.col]
            linked = (product.data >= threshold - 1e-6) & (cols > rows)
            labels = _fold(labels, rows[linked], cols[linked])
    return Components(labels, vectors, vocabulary)


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


def naive_components(docs: Sequence[list[str]], threshold: float) -> Components:
    """The all-pairs baseline (a dense n × n similarity matrix): the benchmark's reference on small samples."""
    vectors, vocabulary = vectorize(docs)
    n = len(docs)
    if n == 0 or not vocabulary:
        return Components(np.arange(n, dtype=np.int64), vectors, vocabulary)
    dense = (vectors @ vectors.T).toarray()
    graph = sparse.csr_matrix(dense >= threshold - 1e-6)
    _, component = connected_components(graph, directed=False)
    nodes = np.arange(n, dtype=np.int64)
    first = np.full(component.max() + 1, n, dtype=np.int64)
    np.minimum.at(first, component, nodes)
    return Components(first[component], vectors, vocabulary)
