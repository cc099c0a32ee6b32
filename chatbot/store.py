"""Vector stores: the one small interface between the index and whatever holds its vectors.

Consumes: (n, d) float32 unit rows (chunk or clause embeddings) and a query matrix. Produces: a
`VectorStore` with `search(queries, k) -> (scores, ids)`, `vectors(ids)`, `ntotal`, `dim` and
`describe()` (recorded in the index manifest, and enough to load the store again).
Vector maths: rows are L2-normalised, so inner product is cosine similarity; every backend
searches by inner product.
Backends, by the `vector_store` setting: `faiss` (default; a file in the build folder) or Milvus
(`milvus://host:port` or a Milvus Lite `*.db` file; see milvus.py).
FAISS index types, by the `index_type` setting: `flat` (IndexFlatIP, exact), `hnsw`
(IndexHNSWFlat, inner product; approximate, efSearch tuned at build time for recall@10 ≥ 0.95), `ivfpq`
(IVF + product quantisation, re-ranked with 8-bit codes: ~3.3× less memory than flat;
approximate, and so are its scores and `vectors()`), `auto` = flat up to `flat_max` vectors, hnsw above. The figures behind these
constants are in docs/bench-scale.md (bench/scale.py).
Shortcut: ivfpq on fewer than IVFPQ_MIN vectors (poor recall, and flat is small there) falls back to flat.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import IndexError_
from .settings import Settings

FLAT_MAX = Settings.flat_max  # auto: exact search up to here (see settings.py and docs/bench-scale.md)
HNSW_M = 32                # graph degree: ~260 bytes of links per vector
HNSW_EF_CONSTRUCTION = 80  # build effort; the build is the slow part (docs/bench-scale.md)
HNSW_EF_SEARCH = 128       # search breadth when a manifest names none (recall@10 0.96 on clustered 10^4) …
HNSW_EF_LADDER = (32, 48, 64, 96, 128, 192, 256)  # … a build takes twice the first that reaches HNSW_RECALL
HNSW_RECALL = 0.95         # recall@10 against exact search, measured at build time on 200 stored rows
IVFPQ_M = 48               # PQ sub-vectors of 8 dimensions, 1 byte each: 48 bytes per 384-d vector …
IVFPQ_K_FACTOR = 8         # … then the 8·k best are re-scored with 8-bit scalar-quantised copies (d bytes)
IVFPQ_NPROBE = 32          # inverted lists visited per query
IVFPQ_TRAIN = 50_000       # training sample (PQ training dominates the build)
IVFPQ_MIN = 100_000        # below this, recall@10 is poor (0.60 at 10^4) and flat costs only 146 MB
INDEX_TYPES = ("auto", "flat", "hnsw", "ivfpq")
log = logging.getLogger(__name__)


class VectorStore(Protocol):
    dim: int
    ntotal: int

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(nq, k) float32 inner products and (nq, k) int64 row ids, best first; -1 pads a short row."""

    def vectors(self, ids) -> np.ndarray:
        """(len(ids), d) float32 stored rows."""

    def describe(self) -> dict:
        """Backend, index type and parameters, size: recorded in the manifest."""


def best_first(scores: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row ordered by score, equal scores (to 1e-6) by row id, padding (-1) last: the same order from every backend."""
    rounded = np.round(np.clip(scores, -2.0, 2.0), 6)  # cosines lie in [-1, 1]; padding scores are huge negatives
    order = np.lexsort((np.where(ids < 0, np.iinfo(np.int64).max, ids), -rounded), axis=-1)
    return np.take_along_axis(scores, order, -1), np.take_along_axis(ids, order, -1)


def choose_index_type(n: int, index_type: str = "auto", flat_max: int = FLAT_MAX) -> str:
    """The FAISS index type for n vectors. Example: choose_index_type(10**6) == "hnsw" """
    if index_type not in INDEX_TYPES:
        raise IndexError_(f"unknown index type {index_type!r} (CHATBOT_INDEX_TYPE): use one of {', '.join(INDEX_TYPES)}")
    if index_type == "auto":
        return "flat" if n <= flat_max else "hnsw"
    if index_type == "ivfpq" and n < IVFPQ_MIN:
        log.warning("ivfpq is for at least %d vectors, %d given: using flat", IVFPQ_MIN, n)
        return "flat"
    return index_type


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
    def build(cls, vectors: np.ndarray, index_type: str = "auto", flat_max: int = FLAT_MAX) -> "FaissStore":
        """Choose the index type for the number of rows, and fill it."""
        assert vectors.ndim == 2 and vectors.dtype == np.float32
        kind = choose_index_type(len(vectors), index_type, flat_max)
        return cls(faiss_index(vectors, kind), kind, index_type)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, description: dict) -> "FaissStore":
        """Read the file; IndexError_ when it is damaged or missing."""
        import faiss

        try:
            index = faiss.read_index(str(path))
        except RuntimeError as exc:
            raise IndexError_(f"the vector file {path} is damaged or missing") from exc
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


def build_store(vectors: np.ndarray, folder: Path, name: str, settings) -> VectorStore:
    """Store `vectors` for the build in `folder` (the build's temporary folder) under `name`."""
    if settings.vector_store == "faiss":
        store = FaissStore.build(vectors, settings.index_type, settings.flat_max)
        store.save(folder / f"{name}.faiss")
        return store
    from .milvus import MilvusStore

    return MilvusStore.build(vectors, settings.vector_store, build_name(folder), name, settings.index_type,
                             settings.flat_max)


def load_store(folder: Path, name: str, description: dict) -> VectorStore:
    """The store that `describe()` recorded for this build."""
    if description.get("backend", "faiss") == "faiss":
        return FaissStore.load(folder / f"{name}.faiss", description)
    from .milvus import MilvusStore

    return MilvusStore.load(description)


def drop_stores(folder: Path, uri: str) -> None:
    """Free what a removed build held outside its folder (its Milvus collections); FAISS files go with it."""
    if uri != "faiss":
        from .milvus import drop_build

        drop_build(uri, build_name(folder))


def build_name(folder: Path) -> str:
    """The build a (possibly temporary) folder is for. Example: build_name(Path(".build-x.tmp")) == "build-x" """
    return Path(folder).name.lstrip(".").removesuffix(".tmp")
