"""A cheap deterministic stand-in embedder, for LATENCY AND THROUGHPUT benchmarks only (never quality).

Consumes: texts. Produces: float32 unit vectors of the real model's dimension (384), drawn from a
seeded random generator, so an index of 100,000 chunks and ~1,000,000 clauses is built in seconds
instead of hours. `model_id` is the real model's, so a ChatBot with the real embedder accepts the
index and its questions are still encoded by the real model; the manifest of such an index is
marked `"vectors": "fake (bench/fake_embed.py)"`. Retrieval over it exercises the same code and
array sizes as a real index; its answers mean nothing.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np


class FakeEmbedder:
    def __init__(self, model_id: str, dim: int = 384, seed: int = 0):
        self.model_id, self.dim = model_id, dim
        self._rng = np.random.default_rng(seed)

    def encode_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        vecs = self._rng.standard_normal((len(texts), self.dim), dtype=np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs

    encode_queries = encode_passages


def mark_fake(build_path: Path) -> None:
    """Label a build's manifest so nobody mistakes it for a real index."""
    manifest = build_path / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["vectors"] = "fake (bench/fake_embed.py): latency only, not quality"
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
