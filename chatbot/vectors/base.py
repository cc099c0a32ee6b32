"""The vector-store protocol, the size-based index-type choice and the constants every backend shares.

Consumes: the number of vectors and the `index_type` / `flat_max` settings. Produces: the
`VectorStore` protocol (`search(queries, k) -> (scores, ids)`, `vectors(ids)`, `ntotal`, `dim`,
`describe()`), `choose_index_type`, and `best_first`, which gives every backend the same order.
Vector maths: rows are L2-normalised float32, so inner product is cosine similarity; every backend
searches by inner product.
Index types: `flat` (exact), `hnsw` (graph; approximate), `ivfpq` (IVF + product quantisation;
approximate, ~3.3× less memory than flat), `auto` = flat up to `flat_max` vectors, hnsw above.
The figures behind these constants are in docs/bench-scale.md (bench/scale.py).
Shortcut: ivfpq on fewer than IVFPQ_MIN vectors (poor recall, and flat is small there) falls back to flat.
"""
from __future__ import annotations

import logging
from typing import Protocol

import numpy as np

from ..settings import INDEX_TYPES, Settings, check_choice

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


def choose_index_type(n: int, index_type: str = Settings.index_type, flat_max: int = FLAT_MAX) -> str:
    """The index type for n vectors. Example: choose_index_type(10**6) == "hnsw" """
    check_choice("index_type", index_type)
    if index_type == "auto":
        return "flat" if n <= flat_max else "hnsw"
    if index_type == "ivfpq" and n < IVFPQ_MIN:
        log.warning("ivfpq is for at least %d vectors, %d given: using flat", IVFPQ_MIN, n)
        return "flat"
    return index_type


__all__ = ["INDEX_TYPES", "VectorStore", "best_first", "choose_index_type"]
