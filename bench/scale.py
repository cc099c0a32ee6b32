"""Retrieval-only scaling of the FAISS index types that chatbot/vectors/faiss_store.py builds.

Consumes: sizes (default 10^4 10^5 10^6) and the dimension (384, the model's). Produces: a
Markdown table per size — build seconds, index bytes (and per million vectors), single-query
latency p50/p95 with 1 thread and with all threads, recall@10 against exact search — plus
efSearch / nprobe sweeps, printed (and appended to --out).
Data: synthetic, not embeddings. "clustered" (default) draws each vector around one of
`--centres` random unit centres (Gaussian noise, then L2-normalised: same-cluster cosines
≈ 0.75, like neighbouring passages of one topic); "uniform" draws unit vectors uniformly on the
sphere (no structure: the hardest case for HNSW/IVF). Queries are fresh draws from the same
distribution. Recall@10 = |approximate top 10 ∩ exact top 10| / 10, averaged.

Example: python bench/scale.py 10000 100000 --queries 200
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from chatbot.vectors import base  # noqa: E402
from chatbot.vectors import faiss_store as store  # noqa: E402


def synthetic(n: int, d: int, centres: int, kind: str, seed: int) -> np.ndarray:
    """(n, d) float32 unit rows, clustered or uniform (see the module docstring)."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, d), dtype=np.float32)
    c = np.random.default_rng(12345).standard_normal((centres, d), dtype=np.float32)
    c /= np.linalg.norm(c, axis=1, keepdims=True)
    for a in range(0, n, 100_000):
        b = min(n, a + 100_000)
        x = rng.standard_normal((b - a, d), dtype=np.float32)
        if kind == "clustered":
            x = c[rng.integers(0, centres, b - a)] + x * (0.6 / np.sqrt(d))
        out[a:b] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def latencies(index, queries: np.ndarray, threads: int) -> tuple[float, float]:
    """(p50, p95) milliseconds of one query at a time."""
    import faiss

    faiss.omp_set_num_threads(threads)
    times = []
    for q in queries:
        t = time.perf_counter()
        index.search(q[None, :], 10)
        times.append((time.perf_counter() - t) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def recall(index, queries: np.ndarray, truth: np.ndarray) -> float:
    _, ids = index.search(queries, 10)
    return float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, truth)]))


def main() -> None:
    import faiss

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    p.add_argument("--dim", type=int, default=384)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--centres", type=int, default=4000)
    p.add_argument("--data", choices=["clustered", "uniform"], default="clustered")
    p.add_argument("--kinds", default="flat,hnsw,ivfpq")
    p.add_argument("--out", type=Path, help="append the tables to this Markdown file")
    a = p.parse_args()
    all_threads = faiss.omp_get_max_threads()
    lines = [f"\n`python bench/scale.py {' '.join(map(str, a.sizes))} --data {a.data} --queries {a.queries}`"
             f" — d={a.dim}, {a.centres} centres, {all_threads} threads, faiss {faiss.__version__}\n",
             f"| n | index | build s | bytes | MB per 10^6 | p50 ms 1 thr | p95 ms 1 thr | p50 ms {all_threads} thr "
             f"| p95 ms {all_threads} thr | recall@10 |", "|---|---|---|---|---|---|---|---|---|---|"]
    sweeps = []
    print("\n".join(lines), flush=True)
    for n in a.sizes:
        xb = synthetic(n, a.dim, a.centres, a.data, seed=1)
        xq = synthetic(a.queries, a.dim, a.centres, a.data, seed=2)
        faiss.omp_set_num_threads(all_threads)
        exact = faiss.IndexFlatIP(a.dim)
        exact.add(xb)
        _, truth = exact.search(xq, 10)
        for kind in a.kinds.split(","):
            if kind == "ivfpq" and n < base.IVFPQ_MIN:
                continue
            faiss.omp_set_num_threads(all_threads)
            t = time.perf_counter()
            index = exact if kind == "flat" else store.faiss_index(xb, kind)
            built = time.perf_counter() - t
            size = faiss.serialize_index(index).nbytes
            one, every = latencies(index, xq, 1), latencies(index, xq, all_threads)
            label = f"hnsw ef={index.hnsw.efSearch}" if kind == "hnsw" else kind
            row = (f"| {n:,} | {label} | {built:.1f} | {size:,} | {size / n * 1e6 / 2**20:,.0f} | {one[0]:.2f} | "
                   f"{one[1]:.2f} | {every[0]:.2f} | {every[1]:.2f} | {recall(index, xq, truth):.3f} |")
            print(row, flush=True)
            lines.append(row)
            knob = {"hnsw": ("efSearch", [16, 32, 64, 96, 128, 256]), "ivfpq": ("nprobe", [8, 16, 32, 64])}.get(kind)
            if knob:
                for value in knob[1]:
                    setattr(index.hnsw if kind == "hnsw" else faiss.extract_index_ivf(index), knob[0], value)
                    r, (p50, _) = recall(index, xq, truth), latencies(index, xq, 1)
                    sweeps.append(f"| {n:,} | {kind} | {knob[0]}={value} | {p50:.2f} | {r:.3f} |")
                    print(sweeps[-1], flush=True)
            del index
        del xb, exact
    lines += ["", "Sweeps (1 thread):", "", "| n | index | parameter | p50 ms | recall@10 |", "|---|---|---|---|---|", *sweeps]
    if a.out:
        with open(a.out, "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
