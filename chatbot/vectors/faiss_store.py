"""The FAISS vector store: vectors held in memory by a FAISS index, saved as one file in the build folder.

Consumes: (n, d) float32 unit rows (chunk or clause embeddings), the `index_type` / `flat_max`
settings, and a query matrix. Produces: `FaissStore` (the `VectorStore` of base.py):
`search(queries, k) -> (scores, ids)`, `vectors(ids)`, `describe()` (recorded in the manifest, and
enough to load the store again), `save(path)` / `load(path, description)`.
Vector maths: rows are L2-normalised, so inner product is cosine similarity.
Index types: `flat` (IndexFlatIP, exact), `hnsw` (IndexHNSWFlat, inner product; approximate,
efSearch tuned at build time for recall@10 ≥ 0.95), `ivfpq` (IVF + product quantisation, re-ranked
with 8-bit codes; approximate, and so are its scores and `vectors()`); base.choose_index_type picks one.
Shortcut: the efSearch tuning queries are stored rows (left out of their own results), not fresh queries.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import IndexUnavailable
from .base import (FLAT_MAX, HNSW_EF_CONSTRUCTION, HNSW_EF_LADDER, HNSW_EF_SEARCH, HNSW_M, HNSW_RECALL, IVFPQ_K_FACTOR,
                   IVFPQ_M, IVFPQ_NPROBE, IVFPQ_TRAIN, best_first, choose_index_type)

def faiss_index(vectors: np.ndarray, kind: str):
    """A filled FAISS index of `kind` (flat | hnsw | ivfpq) over unit rows (n, d)."""
    import faiss

    n, d = vectors.shape
    assert vectors.dtype == np.float32
    if kind == "flat":
        index = faiss.IndexFlatIP(d)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(d, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.add(vectors)
        index.hnsw.efSearch = tune_ef_search(index, vectors)
        return index
    elif kind == "ivfpq":
        nlist = int(4 * np.sqrt(n))   # the usual 4·√n coarse lists
        index = faiss.index_factory(d, f"IVF{nlist},PQ{IVFPQ_M},Refine(SQ8)", faiss.METRIC_INNER_PRODUCT)
        index.train(vectors[np.random.default_rng(0).choice(n, min(n, IVFPQ_TRAIN), replace=False)])
        _ivfpq_params(index)
    else:
        raise ValueError(f"unknown FAISS index type {kind!r}")
    index.add(vectors)
    return index


def tune_ef_search(index, vectors: np.ndarray, queries: int = 200) -> int:
    """The smallest efSearch on HNSW_EF_LADDER whose recall@10 against exact search reaches HNSW_RECALL.

    The queries are stored rows, each left out of its own results (its other neighbours are what a
    fresh query near it would find).
    """
    rows = np.random.default_rng(0).choice(len(vectors), min(queries, len(vectors)), replace=False)
    k = min(10, len(vectors) - 1)

    def others(ids):
        return [[i for i in found if i != row][:k] for row, found in zip(rows, ids)]

    truth = others(_exact(vectors, vectors[rows], k + 1))
    for ef in HNSW_EF_LADDER:
        index.hnsw.efSearch = ef
        found = others(index.search(vectors[rows], k + 1)[1])
        if k <= 0 or np.mean([len(set(a) & set(b)) for a, b in zip(found, truth)]) / k >= HNSW_RECALL:
            return 2 * ef  # stored rows flatter: at 10^4, 0.95 for them was 0.89 for fresh queries
    return 2 * HNSW_EF_LADDER[-1]


def _exact(vectors: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    import faiss

    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    return flat.search(q, k)[1]


def _ivfpq_params(index) -> None:
    import faiss

    faiss.extract_index_ivf(index).nprobe = IVFPQ_NPROBE
    faiss.downcast_index(index).k_factor = IVFPQ_K_FACTOR


class FaissStore:
    """A FAISS index held in memory; saved as one file in the build folder."""

    def __init__(self, index, kind: str, requested: str):
        self.index, self.kind, self.requested = index, kind, requested
        self.dim, self.ntotal = index.d, index.ntotal

    @classmethod
    def build(cls, vectors: np.ndarray, index_type: str = "auto", flat_max: int = FLAT_MAX) -> FaissStore:
        """Choose the index type for the number of rows, and fill it."""
        assert vectors.ndim == 2 and vectors.dtype == np.float32
        kind = choose_index_type(len(vectors), index_type, flat_max)
        return cls(faiss_index(vectors, kind), kind, index_type)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, description: dict) -> FaissStore:
        """Read the file; IndexUnavailable when it is damaged or missing."""
        import faiss

        try:
            index = faiss.read_index(str(path))
        except RuntimeError as exc:
            raise IndexUnavailable(f"the vector file {path} is damaged or missing") from exc
        if description.get("kind") == "hnsw":
            index.hnsw.efSearch = description.get("ef_search", HNSW_EF_SEARCH)
        elif description.get("kind") == "ivfpq":
            _ivfpq_params(index)
        return cls(index, description.get("kind", "flat"), description.get("requested", "flat"))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        q = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dim)
        return best_first(*self.index.search(q, max(1, min(k, self.ntotal))))

    def vectors(self, ids) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64).reshape(-1)
        return self.index.reconstruct_batch(ids) if len(ids) else np.zeros((0, self.dim), np.float32)

    def describe(self) -> dict:
        params = {"flat": {}, "hnsw": {"M": HNSW_M, "ef_construction": HNSW_EF_CONSTRUCTION,
                                       "ef_search": int(getattr(getattr(self.index, "hnsw", None), "efSearch", 0))},
                  "ivfpq": {"pq_m": IVFPQ_M, "nprobe": IVFPQ_NPROBE, "k_factor": IVFPQ_K_FACTOR}}[self.kind]
        name = {"flat": "IndexFlatIP", "hnsw": "IndexHNSWFlat", "ivfpq": "IVF,PQ48,Refine(SQ8)"}[self.kind]
        return {"backend": "faiss", "requested": self.requested, "kind": self.kind, "index_type": name,
                **params, "ntotal": int(self.ntotal), "dim": int(self.dim)}
