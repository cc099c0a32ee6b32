"""The per-question kernels at 100,000-chunk scale, alone: where a big index's query time goes.

    python bench/kernels.py [--chunks 100846] [--clauses 1028733] [--repeat 9]

Consumes: nothing (random float32 unit rows of dimension 384, the shapes of the big index).
Produces: the median milliseconds of scoring every clause (clause_vecs @ q), picking its top
400 rows by a full stable argsort and by retrieve.top_rows, and a flat FAISS top-100 search
with 2 and with 1 OpenMP threads (side by side, interleaved).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import machine  # noqa: E402


def ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


@click.command()
@click.option("--chunks", default=100_846, show_default=True)
@click.option("--clauses", default=1_028_733, show_default=True)
@click.option("--repeat", default=9, show_default=True)
def main(chunks, clauses, repeat):
    import faiss
    import numpy as np

    from chatbot.retrieve import top_rows

    print(f"# machine: {machine()}", flush=True)
    rng = np.random.default_rng(0)
    clause_vecs = rng.standard_normal((clauses, 384), dtype=np.float32)
    q = clause_vecs[0] / np.linalg.norm(clause_vecs[0])
    cos = clause_vecs @ q
    print(f"clause scores ({clauses} x 384 @ q): {ms(lambda: clause_vecs @ q, repeat)} ms")
    print(f"top 400 of {clauses} by np.argsort: {ms(lambda: np.argsort(-cos, kind='stable')[:400], repeat)} ms; "
          f"by top_rows: {ms(lambda: top_rows(cos, 400), repeat)} ms")
    index = faiss.IndexFlatIP(384)
    index.add(np.ascontiguousarray(clause_vecs[:chunks]))
    for threads in (2, 1, 2, 1):
        faiss.omp_set_num_threads(threads)
        print(f"faiss IndexFlatIP {chunks} top-100, {threads} OpenMP thread(s): "
              f"{ms(lambda: index.search(q[None], 100), repeat)} ms")


if __name__ == "__main__":
    main()
